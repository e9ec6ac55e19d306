import { failedWith, RemoteError } from '../../domain/errors';
import { checkedErrorId } from '../../domain/error-id';
import type { ErrorPage, ErrorSort, ErrorSummary, ListQuery, StatusChange } from '../../domain/model';
import { risingFirst } from '../../domain/trend';
import type { GitlabClient } from '../../gitlab/client';
import { resolveLinkProject } from '../../gitlab/connection';
import { DETAILS_QUERY, ERRORS_QUERY, ERRORS_QUERY_WITHOUT_FREQUENCY, detailedErrorGid } from '../../gitlab/graphql-documents';
import { DetailsAnswer, ErrorsAnswer } from '../../gitlab/graphql-schemas';
import { issueIidFromUrl } from '../../gitlab/issue-url';
import { detailsFromGraphql, eventFromTrace, summaryFromGraphql, summaryFromWeb, summaryWithStatus } from '../../gitlab/map';
import { cannotCreateReason } from '../../gitlab/project-access';
import { sessionCall } from '../../gitlab/session';
import type { HttpResponse } from '../../remote/http';
import { WebErrorList, WebStatusAnswer } from '../../gitlab/web-schemas';
import { sentryIssueIdOf } from '../../sentry/issue-url';
import type { ProjectLink } from '../../store/storage';
import { BoundedMap } from '../../util/bounded-map';
import { forgetDetails, sharedDetails } from '../details-cache';
import type { ErrorBackend } from '../types';
import { createIssueThroughGitlab } from './issues';
import { GITLAB_HAS_NO_ENVIRONMENTS } from './link';
import { gitlabWriteBlocked } from './roles';

export type GitlabLink = Extract<ProjectLink, { backend: 'gitlab' }>;

const PAGE_SIZE = 100;
const COUNT_CAP = 100;
/** GitLab answers null while its cache of the error backend warms up; these are the waits between tries. */
const WARM_UP_WAITS_MS = [500, 1000, 2000, 3000];
// GitLab has no trend order: Trending asks by last seen and puts rising errors first on the page.
const SORT: Record<ErrorSort, string> = { last_seen: 'last_seen', first_seen: 'first_seen', frequency: 'frequency', trending: 'last_seen' };

// What the list and the details last said about each error: a status change answers with a status only.
const known = new BoundedMap<string, ErrorSummary>(1000);
// Projects (`<GitLab> <path>`) whose GitLab failed the list query with the errors' frequency: asked without it
// from then on, so the failure costs one request per worker start.
const withoutFrequency = new Set<string>();

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

/**
 * GitLab pages its external (Sentry-backed) lists with Sentry's own cursors: `startCursor` is the previous
 * page's cursor and `endCursor` the next one's, and both are passed back as `after` (GitLab ignores `before`).
 */
function pageArgs(cursor?: string): Record<string, unknown> {
  return { first: PAGE_SIZE, after: cursor };
}

function statusOf(change: StatusChange): string {
  // GitLab's web endpoint knows plain statuses only: ignoring is always "until unignored".
  return change.action === 'resolve' ? 'resolved' : change.action === 'ignore' ? 'ignored' : 'unresolved';
}

/**
 * A link's errors read through GitLab (its integrated error tracking, or the Sentry project configured in
 * GitLab): its GraphQL API with the token for unresolved errors and details, its web endpoints with the
 * browser's session for the other statuses and for every change. GitLab links errors to issues itself.
 */
export function gitlabBackend(link: GitlabLink, client: GitlabClient): ErrorBackend {
  const path = link.gitlabProject;
  const remember = (error: ErrorSummary) => known.set(`${link.id}:${error.id}`, error);

  /** The list query, with the errors' frequency unless this project's GitLab failed it (see the documents). */
  async function listQuery(variables: Record<string, unknown>) {
    const what = 'list the project’s errors';
    const project = `${client.baseUrl} ${path}`;
    if (withoutFrequency.has(project)) return client.graphql(ErrorsAnswer, ERRORS_QUERY_WITHOUT_FREQUENCY, variables, what);
    try {
      return await client.graphql(ErrorsAnswer, ERRORS_QUERY, variables, what);
    } catch (error) {
      if (!failedWith(error, 'server', 'bad-request')) throw error;
      // Only a list that loads without the frequency proves the frequency was what failed.
      const data = await client.graphql(ErrorsAnswer, ERRORS_QUERY_WITHOUT_FREQUENCY, variables, what);
      withoutFrequency.add(project);
      return data;
    }
  }

  async function unresolvedPage(query: ListQuery, cursor?: string): Promise<ErrorPage> {
    const answer = await untilReady(async () => {
      const data = await listQuery({ fullPath: path, searchTerm: query.search || undefined, sort: SORT[query.sort], ...pageArgs(cursor) });
      if (!data.project) throw new RemoteError('not-found', `GitLab has no project ${path} that you can see.`, 404);
      if (!data.project.sentryErrors) throw new RemoteError('not-found', `Error tracking is not set up for ${path} in GitLab.`, 404);
      return data.project.sentryErrors.errors ?? undefined;
    });
    const errors = answer.nodes.flatMap((node) => (node ? [summaryFromGraphql(node)] : []));
    errors.forEach(remember);
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
        baseUrl: client.baseUrl,
        projectPath: path,
        path: `/${path}/-/error_tracking.json`,
        params: {
          issue_status: query.status,
          sort: SORT[query.sort],
          ...(query.search ? { search_term: query.search } : {}),
          ...(cursor ? { cursor } : {}),
        },
        what,
      });
      // 204: "not ready, poll again" (GitLab's reactive cache), after the Poll-Interval it names.
      if (response.status === 204) return undefined;
      const parsed = WebErrorList.safeParse(response.body);
      if (!parsed.success) throw new RemoteError('bad-response', `GitLab sent an unexpected answer when asked to ${what}.`);
      return parsed.data;
    });
    const errors = answer.errors.map(summaryFromWeb);
    errors.forEach(remember);
    return {
      errors,
      nextCursor: answer.pagination?.next?.cursor ?? undefined,
      previousCursor: answer.pagination?.previous?.cursor ?? undefined,
    };
  }

  async function readError(errorId: string) {
    return untilReady(async () => {
      const data = await client.graphql(
        DetailsAnswer,
        DETAILS_QUERY,
        { fullPath: path, id: detailedErrorGid(errorId) },
        `read error ${errorId}`,
      );
      const collection = data.project?.sentryErrors;
      if (!data.project || !collection) throw new RemoteError('not-found', `GitLab has no error ${errorId} in ${path}.`, 404);
      const { detailedError, errorStackTrace } = collection;
      return detailedError ? { detailedError, errorStackTrace } : undefined;
    });
  }

  const getDetails = (errorId: string) =>
    sharedDetails(link.id, errorId, async () => {
      const { detailedError, errorStackTrace } = await readError(errorId);
      const details = detailsFromGraphql(detailedError, client.baseUrl);
      remember(details);
      return { details, event: eventFromTrace(errorId, errorStackTrace) };
    });
  const freshDetails = (errorId: string) => {
    forgetDetails(link.id, errorId);
    return getDetails(errorId);
  };

  return {
    async listErrors(query, cursor) {
      const page = await (query.status === 'unresolved' ? unresolvedPage(query, cursor) : webPage(query, cursor));
      return query.sort === 'trending' ? { ...page, errors: risingFirst(page.errors), sortedOnPage: true } : page;
    },
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
    listEnvironments: async () => ({ unsupported: GITLAB_HAS_NO_ENVIRONMENTS }),
    getDetails,
    latestEvent: async (errorId) => eventFromTrace(errorId, (await readError(errorId)).errorStackTrace),

    async updateStatus(errorId, change) {
      const status = statusOf(change);
      let response: HttpResponse;
      try {
        response = await sessionCall({
          baseUrl: client.baseUrl,
          projectPath: path,
          path: `/${path}/-/error_tracking/${checkedErrorId(errorId)}.json`,
          method: 'PUT',
          json: { status },
          write: true,
          what: 'change errors',
        });
      } finally {
        forgetDetails(link.id, errorId);
      }
      const result = WebStatusAnswer.safeParse(response.body);
      if (!result.success || !result.data.result.updated) {
        throw new RemoteError('bad-response', 'GitLab did not confirm the status change. Try again.');
      }
      const error = summaryWithStatus(known.get(`${link.id}:${errorId}`), errorId, status);
      remember(error);
      // As on GitLab's own page: resolving closed the error's issue, and GitLab says which.
      const closedIid = result.data.result.closed_issue_iid ?? undefined;
      if (closedIid === undefined) return { error };
      return { error, closedIssue: { iid: closedIid, webUrl: `${client.baseUrl}/${path}/-/issues/${closedIid}`, state: 'closed' } };
    },
    writeBlocked: () => gitlabWriteBlocked(link, client),

    async issueState(errorId) {
      const { details } = await getDetails(errorId);
      const issueUrl = details.gitlab?.issueUrl;
      const project = await resolveLinkProject(client, link).catch(() => undefined);
      return {
        connected: true,
        issue: issueUrl ? { iid: issueIidFromUrl(issueUrl) ?? 0, webUrl: issueUrl } : undefined,
        commit: details.gitlab?.commit,
        cannotCreate: issueUrl || !project ? undefined : cannotCreateReason(project),
      };
    },
    createIssue: (errorId) => createIssueThroughGitlab({ link, client, freshDetails: () => freshDetails(errorId) }, errorId),

    // GitLab offers no search by release.
    firstSeenInCommit: async () => [],
    // GitLab reads errors within the link's project only: an error it answers for is the project's.
    ownsError: () => true,
    // GitLab does not pass Sentry's in-app flag on: every frame that names a repository file counts.
    isOwnCode: () => true,
    // The Sentry that GitLab reads from is configured inside GitLab and unknown here: any Sentry issue link
    // may name the error, and reading it through GitLab (in this project only) is the check.
    errorIdFromUrl: (href) => sentryIssueIdOf(href),
    // GitLab's own page of the error (Monitor > Error Tracking), on the connected GitLab.
    errorPageUrl: (error) => `${client.baseUrl}/${path}/-/error_tracking/${checkedErrorId(error.id)}/details`,
  };
}
