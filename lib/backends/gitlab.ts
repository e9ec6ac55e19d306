import type { ErrorBackend } from './types';
import { RemoteError } from '../domain/errors';
import { checkedErrorId } from '../domain/error-id';
import { safeHttpUrl, urlOnOrigin } from '../remote/safe-url';
import type { ErrorDetails, ErrorEvent, ErrorPage, ErrorSort, ErrorSummary, ListQuery, StackFrame, StatusChange } from '../domain/model';
import type { GitlabClient } from '../gitlab/client';
import { DETAILS_QUERY, ERRORS_QUERY, detailedErrorGid } from '../gitlab/graphql-documents';
import { DetailsAnswer, ErrorsAnswer, GraphqlFrameSchema, type GraphqlError } from '../gitlab/graphql-schemas';
import { htmlToText, sessionCall } from '../gitlab/session';
import { sentryIssueIdOf } from '../sentry/issue-url';
import { WebErrorList, WebStatusAnswer, type WebError } from '../gitlab/web-schemas';

const PAGE_SIZE = 100;
const COUNT_CAP = 100;
/** GitLab answers null while its cache of the error backend warms up; these are the waits between tries. */
const WARM_UP_WAITS_MS = [500, 1000, 2000, 3000];
const SORT: Record<ErrorSort, string> = { last_seen: 'last_seen', first_seen: 'first_seen', frequency: 'frequency' };

export interface GitlabProjectRef {
  baseUrl: string;
  path: string;
}

// What the list and the details last said about each error: a status change answers with a status only.
const known = new Map<string, ErrorSummary>();
const remember = (project: GitlabProjectRef, error: ErrorSummary) => {
  known.set(`${project.path}:${error.id}`, error);
  if (known.size > 1000) known.delete(known.keys().next().value!);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function warming(): RemoteError {
  return new RemoteError('warming', 'Waiting for GitLab… It is still fetching the errors from its error tracking backend.');
}

/** Retries a read while GitLab answers "not ready" (undefined). */
async function untilReady<T>(read: () => Promise<T | undefined>, waits = WARM_UP_WAITS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    if (attempt >= waits.length) throw warming();
    await sleep(waits[attempt]!);
  }
}

function toSummary(error: GraphqlError | WebError): ErrorSummary {
  const isGraphql = 'sentryId' in error;
  return {
    id: String(isGraphql ? error.sentryId : error.id),
    shortId: isGraphql ? error.shortId : error.short_id,
    title: error.title,
    culprit: error.culprit,
    permalink: safeHttpUrl(isGraphql ? error.externalUrl : error.external_url),
    level: '',
    status: error.status.toLowerCase(),
    count: error.count,
    userCount: isGraphql ? error.userCount : error.user_count,
    firstSeen: (isGraphql ? error.firstSeen : error.first_seen) ?? undefined,
    lastSeen: (isGraphql ? error.lastSeen : error.last_seen) ?? undefined,
  };
}

/**
 * GitLab pages its external (Sentry-backed) lists with Sentry's own cursors: `startCursor` is the previous
 * page's cursor and `endCursor` the next one's, and both are passed back as `after` (GitLab ignores `before`).
 */
function pageArgs(cursor?: string): Record<string, unknown> {
  return { first: PAGE_SIZE, after: cursor };
}

function toFrame(raw: unknown): StackFrame[] {
  const parsed = GraphqlFrameSchema.safeParse(raw);
  if (!parsed.success) return [];
  const frame = parsed.data;
  const line = Number(frame.line);
  const column = Number(frame.col);
  return [
    {
      file: frame.fileName || '<unknown>',
      absPath: '',
      function: frame.function,
      module: '',
      line: Number.isInteger(line) && line > 0 ? line : undefined,
      column: Number.isInteger(column) && column > 0 ? column : undefined,
      // GitLab does not pass Sentry's in-app flag on.
      inApp: false,
      context: (frame.traceContext ?? []).slice(0, 25).map((c) => ({ line: c.line, code: htmlToText(c.code).slice(0, 1000) })),
    },
  ];
}

/**
 * Errors read through GitLab: its GraphQL API with the token for unresolved errors and details, its web
 * endpoints with the browser's session for the other statuses and for every change.
 */
export function gitlabBackend(client: GitlabClient, project: GitlabProjectRef): ErrorBackend {
  // GitLab's issue and commit paths are its own: a full URL elsewhere (or `//host/…`) is dropped.
  const absolute = (path: string | null | undefined) => {
    try {
      return path ? urlOnOrigin(new URL(path, project.baseUrl).href, project.baseUrl) : '';
    } catch {
      return '';
    }
  };

  async function unresolvedPage(query: ListQuery, cursor?: string): Promise<ErrorPage> {
    const answer = await untilReady(async () => {
      const data = await client.graphql(
        ErrorsAnswer,
        ERRORS_QUERY,
        { fullPath: project.path, searchTerm: query.search || undefined, sort: SORT[query.sort], ...pageArgs(cursor) },
        'list the project’s errors',
      );
      if (!data.project) throw new RemoteError('not-found', `GitLab has no project ${project.path} that you can see.`, 404);
      if (!data.project.sentryErrors) throw new RemoteError('not-found', `Error tracking is not set up for ${project.path} in GitLab.`, 404);
      return data.project.sentryErrors.errors ?? undefined;
    });
    const errors = answer.nodes.flatMap((node) => (node ? [toSummary(node)] : []));
    errors.forEach((error) => remember(project, error));
    const { hasNextPage, hasPreviousPage, startCursor, endCursor } = answer.pageInfo;
    return {
      errors,
      nextCursor: hasNextPage && endCursor ? endCursor : undefined,
      previousCursor: hasPreviousPage && startCursor ? startCursor : undefined,
      total: !hasNextPage && !cursor ? errors.length : undefined,
    };
  }

  /** Ignored and resolved errors: GraphQL lists unresolved ones only, so these come from the web endpoint. */
  async function webPage(query: ListQuery, cursor?: string): Promise<ErrorPage> {
    const what = `list ${query.status} errors`;
    const answer = await untilReady(async () => {
      const response = await sessionCall({
        baseUrl: project.baseUrl,
        projectPath: project.path,
        path: `/${project.path}/-/error_tracking.json`,
        params: [
          ['issue_status', query.status],
          ['sort', SORT[query.sort]],
          ...(query.search ? [['search_term', query.search] as [string, string]] : []),
          ...(cursor ? [['cursor', cursor] as [string, string]] : []),
        ],
        what,
      });
      // 204: "not ready, poll again" (GitLab's reactive cache), after the Poll-Interval it names.
      if (response.status === 204) return undefined;
      const parsed = WebErrorList.safeParse(response.body);
      if (!parsed.success) throw new RemoteError('bad-response', `GitLab sent an unexpected answer when asked to ${what}.`);
      return parsed.data;
    });
    const errors = answer.errors.map(toSummary);
    errors.forEach((error) => remember(project, error));
    return {
      errors,
      nextCursor: answer.pagination?.next?.cursor ?? undefined,
      previousCursor: answer.pagination?.previous?.cursor ?? undefined,
    };
  }

  async function details(errorId: string) {
    return untilReady(async () => {
      const data = await client.graphql(DETAILS_QUERY_SCHEMA, DETAILS_QUERY, { fullPath: project.path, id: detailedErrorGid(errorId) }, `read error ${errorId}`);
      const collection = data.project?.sentryErrors;
      if (!data.project || !collection) throw new RemoteError('not-found', `GitLab has no error ${errorId} in ${project.path}.`, 404);
      return collection.detailedError ? collection : undefined;
    });
  }

  return {
    listErrors: (query, cursor) => (query.status === 'unresolved' ? unresolvedPage(query, cursor) : webPage(query, cursor)),
    async countUnresolved() {
      // GitLab has no total and answers 20 errors a page whatever `first` says: count pages up to 100.
      const query: ListQuery = { status: 'unresolved', sort: 'last_seen', search: '' };
      const firstPage = await unresolvedPage(query);
      let count = firstPage.errors.length;
      let next = firstPage.nextCursor;
      while (next && count < COUNT_CAP) {
        const page = await unresolvedPage(query, next);
        count += page.errors.length;
        next = page.nextCursor;
      }
      return { count: Math.min(count, COUNT_CAP), capped: Boolean(next) || count > COUNT_CAP, firstPage };
    },
    async getDetails(errorId) {
      const { detailedError: error, errorStackTrace } = await details(errorId);
      const summary = toSummary(error!);
      const detailsView: ErrorDetails = {
        ...summary,
        level: error!.tags?.level ?? '',
        platform: error!.tags?.logger ?? '',
        firstRelease: error!.firstReleaseVersion,
        lastRelease: error!.lastReleaseVersion,
        frequency: (error!.frequency ?? []).map((point): [number, number] => [Date.parse(point.time) / 1000, point.count]),
        externalIssueUrls: error!.gitlabIssuePath ? [absolute(error!.gitlabIssuePath)] : [],
        gitlab: {
          issueUrl: absolute(error!.gitlabIssuePath) || undefined,
          commit: error!.gitlabCommit && error!.gitlabCommitPath ? { shortId: error!.gitlabCommit.slice(0, 8), webUrl: absolute(error!.gitlabCommitPath) } : undefined,
        },
      };
      remember(project, summary);
      return { details: detailsView, event: toEvent(errorId, errorStackTrace) };
    },
    async updateStatus(errorId, change) {
      const status = statusOf(change);
      const response = await sessionCall({
        baseUrl: project.baseUrl,
        projectPath: project.path,
        path: `/${project.path}/-/error_tracking/${checkedErrorId(errorId)}.json`,
        method: 'PUT',
        json: { status },
        write: true,
        what: 'change errors',
      });
      const result = WebStatusAnswer.safeParse(response.body);
      if (!result.success || !result.data.result.updated) {
        throw new RemoteError('bad-response', 'GitLab did not confirm the status change. Try again.');
      }
      const before = known.get(`${project.path}:${errorId}`);
      const error: ErrorSummary = { ...(before ?? emptySummary(errorId)), status };
      remember(project, error);
      return { error, closedIssueIid: result.data.result.closed_issue_iid ?? undefined };
    },
    async latestEvent(errorId) {
      return toEvent(errorId, (await details(errorId)).errorStackTrace);
    },
    // GitLab offers no search by release.
    firstSeenInCommit: async () => [],
    // GitLab reads errors within the link's project only: an error it answers for is the project's.
    ownsError: () => true,
    // GitLab does not pass Sentry's in-app flag on: every frame that names a repository file counts.
    isOwnCode: () => true,
    // The Sentry that GitLab reads from is configured inside GitLab and unknown here: any Sentry issue link
    // may name the error, and reading it through GitLab (in this project only) is the check.
    errorIdFromUrl: (href) => sentryIssueIdOf(href),
  };
}

const DETAILS_QUERY_SCHEMA = DetailsAnswer;

function statusOf(change: StatusChange): string {
  // GitLab's web endpoint knows plain statuses only: ignoring is always "until unignored".
  return change.action === 'resolve' ? 'resolved' : change.action === 'ignore' ? 'ignored' : 'unresolved';
}

function emptySummary(id: string): ErrorSummary {
  return { id, shortId: '', title: '', culprit: '', permalink: '', level: '', status: '', count: 0, userCount: 0 };
}

function toEvent(errorId: string, trace: { dateReceived: string; stackTraceEntries: unknown[] } | null): ErrorEvent | null {
  if (!trace) return null;
  return {
    id: errorId,
    dateCreated: trace.dateReceived || undefined,
    platform: '',
    release: '',
    message: '',
    tags: [],
    // GitLab passes Sentry's order (oldest call first); the frame that raised comes first here.
    exceptions: [{ type: '', value: '', framesOmitted: 0, frames: trace.stackTraceEntries.flatMap(toFrame).reverse() }],
  };
}
