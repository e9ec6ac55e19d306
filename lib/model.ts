// Backend-neutral shapes the UI renders. Each backend maps its remote data onto these.

export const ERROR_STATUSES = ['unresolved', 'ignored', 'resolved'] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

export const ERROR_SORTS = ['last_seen', 'first_seen', 'frequency'] as const;
export type ErrorSort = (typeof ERROR_SORTS)[number];

export interface ListQuery {
  status: ErrorStatus;
  sort: ErrorSort;
  /** Free text matched against titles. */
  search: string;
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
}

export interface ErrorPage {
  errors: ErrorSummary[];
  nextCursor?: string;
  previousCursor?: string;
  /** Total matching errors when the backend tells (Sentry's X-Hits). */
  total?: number;
  /** The backend stopped counting at `total`. */
  totalCapped?: boolean;
}
