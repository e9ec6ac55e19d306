import type * as z from 'zod/mini';
import type { ErrorDetails, ErrorEvent, ErrorSummary, StackFrame } from '../domain/model';
import { hourlyEventsField } from '../domain/trend';
import { countOf, statPointsOf } from '../remote/fields';
import { safeHttpUrl, urlOnOrigin } from '../remote/safe-url';
import { GraphqlFrame, type DetailsAnswer, type GraphqlError } from './graphql-schemas';
import { htmlToText } from './session';
import type { WebError } from './web-schemas';

// GitLab's answers (GraphQL in camelCase, its web endpoints in snake_case) onto the backend-neutral model.
// Every mapping from GitLab's error tracking to the model is here.

type DetailedError = NonNullable<NonNullable<NonNullable<z.infer<typeof DetailsAnswer>['project']>['sentryErrors']>['detailedError']>;
type StackTrace = { dateReceived?: string | null; stackTraceEntries: unknown[] } | null;

/** Permalinks of errors read through GitLab get the scheme check only: the Sentry behind GitLab is unknown here. */
export function summaryFromGraphql(error: GraphqlError): ErrorSummary {
  return {
    id: String(error.sentryId),
    shortId: error.shortId ?? '',
    title: error.title,
    culprit: error.culprit ?? '',
    permalink: safeHttpUrl(error.externalUrl),
    level: '',
    status: (error.status ?? '').toLowerCase(),
    count: countOf(error.count),
    userCount: countOf(error.userCount),
    firstSeen: error.firstSeen ?? undefined,
    lastSeen: error.lastSeen ?? undefined,
    ...hourlyEventsField(frequencyOf(error)),
  };
}

function frequencyOf(error: GraphqlError): Array<[number, number]> {
  return (error.frequency ?? []).map((point): [number, number] => [Date.parse(point.time) / 1000, countOf(point.count)]);
}

export function summaryFromWeb(error: WebError): ErrorSummary {
  return {
    id: String(error.id),
    shortId: error.short_id ?? '',
    title: error.title,
    culprit: error.culprit ?? '',
    permalink: safeHttpUrl(error.external_url),
    level: '',
    status: (error.status ?? '').toLowerCase(),
    count: countOf(error.count),
    userCount: countOf(error.user_count),
    firstSeen: error.first_seen ?? undefined,
    lastSeen: error.last_seen ?? undefined,
    ...hourlyEventsField(statPointsOf(error.frequency)),
  };
}

/** GitLab's issue and commit paths are its own: a full URL elsewhere (or `//host/…`) is dropped. */
function onGitlab(path: string | null | undefined, gitlabBaseUrl: string): string {
  try {
    return path ? urlOnOrigin(new URL(path, gitlabBaseUrl).href, gitlabBaseUrl) : '';
  } catch {
    return '';
  }
}

export function detailsFromGraphql(error: DetailedError, gitlabBaseUrl: string): ErrorDetails {
  const issueUrl = onGitlab(error.gitlabIssuePath, gitlabBaseUrl);
  const commitUrl = onGitlab(error.gitlabCommitPath, gitlabBaseUrl);
  return {
    ...summaryFromGraphql(error),
    level: error.tags?.level ?? '',
    platform: error.tags?.logger ?? '',
    firstRelease: error.firstReleaseVersion ?? '',
    lastRelease: error.lastReleaseVersion ?? '',
    frequency: frequencyOf(error),
    externalIssueUrls: issueUrl ? [issueUrl] : [],
    gitlab: {
      issueUrl: issueUrl || undefined,
      commit: error.gitlabCommit && commitUrl ? { shortId: error.gitlabCommit.slice(0, 8), webUrl: commitUrl } : undefined,
    },
  };
}

/** What a status change answers when GitLab names no error: the status, on what was last read. */
export function summaryWithStatus(before: ErrorSummary | undefined, id: string, status: string): ErrorSummary {
  return {
    ...(before ?? { id, shortId: '', title: '', culprit: '', permalink: '', level: '', status: '', count: 0, userCount: 0 }),
    status,
  };
}

export function eventFromTrace(errorId: string, trace: StackTrace): ErrorEvent | null {
  if (!trace) return null;
  return {
    id: errorId,
    dateCreated: trace.dateReceived || undefined,
    platform: '',
    release: '',
    message: '',
    tags: [],
    // GitLab passes Sentry's order (oldest call first); the frame that raised comes first here.
    exceptions: [{ type: '', value: '', framesOmitted: 0, frames: trace.stackTraceEntries.flatMap(frameFromGraphql).reverse() }],
  };
}

function frameFromGraphql(raw: unknown): StackFrame[] {
  const parsed = GraphqlFrame.safeParse(raw);
  if (!parsed.success) return [];
  const frame = parsed.data;
  const line = Number(frame.line);
  const column = Number(frame.col);
  return [
    {
      file: frame.fileName || '<unknown>',
      absPath: '',
      function: frame.function ?? '',
      module: '',
      line: Number.isInteger(line) && line > 0 ? line : undefined,
      column: Number.isInteger(column) && column > 0 ? column : undefined,
      // GitLab does not pass Sentry's in-app flag on.
      inApp: false,
      context: (frame.traceContext ?? []).slice(0, 25).map((c) => ({ line: c.line, code: htmlToText(c.code).slice(0, 1000) })),
    },
  ];
}
