// Backend-neutral shapes the UI renders. Each backend maps its remote data onto these.

export const ERROR_STATUSES = ['unresolved', 'ignored', 'resolved'] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

/** `trending`: the server's trend order where it has one, else rising errors first on each page (lib/domain/trend.ts). */
export const ERROR_SORTS = ['last_seen', 'first_seen', 'frequency', 'trending'] as const;
export type ErrorSort = (typeof ERROR_SORTS)[number];

export interface ListQuery {
  status: ErrorStatus;
  sort: ErrorSort;
  /** Free text matched against titles. */
  search: string;
  /** Only errors seen in this environment (Sentry's `environment`); absent: all environments. Never ''. */
  environment?: string;
}

export const DEFAULT_QUERY: ListQuery = { status: 'unresolved', sort: 'last_seen', search: '' };

export interface ErrorSummary {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  /** Only ever an http(s) URL, or '' when the backend sent none we can trust. */
  permalink: string;
  level: string;
  status: string;
  count: number;
  userCount: number;
  firstSeen?: string;
  lastSeen?: string;
  /** The backend's id of the project the error belongs to, when it says. */
  projectId?: string;
  /**
   * The backend says the error came back after it was resolved (Sentry's substatus `regressed`): true or
   * false where the backend tells, absent where it does not (GitLab).
   */
  regressed?: boolean;
  /** Events per hour over the last 24 hours, oldest first, as the list sent them; absent when it sent none. */
  hourlyEvents?: number[];
}

export interface ErrorPage {
  errors: ErrorSummary[];
  nextCursor?: string;
  previousCursor?: string;
  /** Total matching errors when the backend tells (Sentry's X-Hits). */
  total?: number;
  /** The backend stopped counting at `total`. */
  totalCapped?: boolean;
  /** The backend ordered this page itself (Trending where the server has no such order): it holds within the page. */
  sortedOnPage?: boolean;
}

export interface StackFrame {
  file: string;
  /** The full path or URL the runtime reported, when it differs from `file`. */
  absPath: string;
  function: string;
  module: string;
  line?: number;
  column?: number;
  inApp: boolean;
  /** Source lines around `line`; `line` itself is the one that raised. */
  context: Array<{ line: number; code: string }>;
}

export interface ExceptionTrace {
  type: string;
  value: string;
  /** Innermost (where it was raised) first. */
  frames: StackFrame[];
  framesOmitted: number;
}

export interface ErrorEvent {
  id: string;
  dateCreated?: string;
  platform: string;
  release: string;
  message: string;
  tags: Array<{ key: string; value: string }>;
  /** Newest exception first; later ones are the causes of earlier ones. */
  exceptions: ExceptionTrace[];
}

export interface ErrorDetails extends ErrorSummary {
  platform: string;
  firstRelease: string;
  lastRelease: string;
  /** Hourly [unix seconds, events] pairs over the last 24 hours. */
  frequency: Array<[number, number]>;
  /** Issues in other trackers that Sentry lists as linked to this error (http(s) URLs). */
  externalIssueUrls: string[];
  /** What GitLab itself knows, when errors are read through GitLab: its linked issue and the release's commit. */
  gitlab?: { issueUrl?: string; commit?: { shortId: string; webUrl: string } };
}

export const IGNORE_DURATIONS = ['forever', 'until_escalating', '60', '1440', '10080'] as const;
export type IgnoreDuration = (typeof IGNORE_DURATIONS)[number];

export type StatusChange = { action: 'resolve' } | { action: 'unresolve' } | { action: 'ignore'; duration: IgnoreDuration };
