import type { Failure } from '../domain/errors';
import type { ErrorDetails, ErrorEvent, ErrorPage, ErrorSummary, ListQuery, StackFrame, StatusChange } from '../domain/model';

export interface ErrorDetailsResult {
  details: ErrorDetails;
  /** null: the backend keeps no event for this error. */
  event: ErrorEvent | null;
  /** Why the event could not be read; the details still show. */
  eventFailure?: Failure;
}

/** What the popup, the badge and the panels need from wherever a project's errors live. */
export interface ErrorBackend {
  listErrors(query: ListQuery, cursor?: string): Promise<ErrorPage>;
  /** The unresolved count, with the default list page when the same request yields it. */
  countUnresolved(): Promise<{ count: number; capped: boolean; firstPage?: ErrorPage }>;
  getDetails(errorId: string): Promise<ErrorDetailsResult>;
  /** `closedIssueIid`: the backend closed the error's GitLab issue itself (GitLab does on Resolve). */
  updateStatus(errorId: string, change: StatusChange): Promise<{ error: ErrorSummary; closedIssueIid?: number }>;
  latestEvent(errorId: string): Promise<ErrorEvent | null>;
  /** Errors whose first release is this commit (any status). */
  firstSeenInCommit(sha: string): Promise<ErrorSummary[]>;
  /** Whether an error read by id is this link's: a Sentry id is valid across its whole organization. */
  ownsError(error: ErrorSummary): boolean;
  /** Whether a stack frame is the project's own code; only those point at the repository's files. */
  isOwnCode(frame: StackFrame): boolean;
  /** The error a link on a GitLab page points at (an issue description may link it), else undefined. */
  errorIdFromUrl(href: string): string | undefined;
}
