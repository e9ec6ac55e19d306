import type { EnvironmentChoices } from '../domain/environments';
import type { Failure } from '../domain/errors';
import type { ErrorDetails, ErrorEvent, ErrorPage, ErrorSummary, ListQuery, StackFrame, StatusChange } from '../domain/model';

export interface ErrorDetailsResult {
  details: ErrorDetails;
  /** null: the backend keeps no event for this error. */
  event: ErrorEvent | null;
  /** Why the event could not be read; the details still show. */
  eventFailure?: Failure;
}

/** A GitLab issue that stands for an error. */
export interface LinkedIssue {
  iid: number;
  webUrl: string;
  state?: string;
}

export type CreatedIssue = LinkedIssue & { existed: boolean };

export interface StatusChangeResult {
  error: ErrorSummary;
  /** The error's GitLab issue, closed because the error was resolved (as GitLab does). */
  closedIssue?: LinkedIssue;
  /** Why that issue could not be closed; the status change itself went through. */
  closeFailure?: Failure;
}

/** What GitLab knows about an error: its issue, why one cannot be created, the first release's commit. */
export interface IssueState {
  connected: boolean;
  issue?: LinkedIssue;
  /** Why "Create issue" is off: no access, issues disabled, archived. */
  cannotCreate?: string;
  commit?: { shortId: string; webUrl: string };
  failure?: Failure;
}

/**
 * Everything the background does with one link's errors, wherever they live (Sentry directly, or GitLab's
 * error tracking). Whatever differs between the two lives behind this interface; handlers never ask which.
 */
export interface ErrorBackend {
  listErrors(query: ListQuery, cursor?: string): Promise<ErrorPage>;
  /**
   * The unresolved count in `environment` (all when absent), with the default list page in that environment when
   * the same request yields it. A backend that cannot filter by environment counts all.
   */
  countUnresolved(environment?: string): Promise<{ count: number; capped: boolean; firstPage?: ErrorPage }>;
  /** The environments the list can be filtered by, or why it cannot be (`unsupported`, a sentence for the user). */
  listEnvironments(): Promise<EnvironmentChoices>;
  /** The details with the latest event; shared for a few seconds between everyone asking (details-cache). */
  getDetails(errorId: string): Promise<ErrorDetailsResult>;
  latestEvent(errorId: string): Promise<ErrorEvent | null>;
  /** Changes the status and, on Resolve, closes the error's open GitLab issue. */
  updateStatus(errorId: string, change: StatusChange): Promise<StatusChangeResult>;
  /** Why the user may not change this link's errors now (a refused token, a role too low), or undefined. */
  writeBlocked(): Promise<string | undefined>;
  /** The error's GitLab issue and commit. Only asked while GitLab is connected. */
  issueState(errorId: string): Promise<IssueState>;
  /** Finds the error's GitLab issue, or creates exactly one. */
  createIssue(errorId: string): Promise<CreatedIssue>;
  /** Errors whose first release is this commit (any status). */
  firstSeenInCommit(sha: string): Promise<ErrorSummary[]>;
  /** Whether an error read by id is this link's: a Sentry id is valid across its whole organization. */
  ownsError(error: ErrorSummary): boolean;
  /** Whether a stack frame is the project's own code; only those point at the repository's files. */
  isOwnCode(frame: StackFrame): boolean;
  /** The error a link on a GitLab page points at (an issue description may link it), else undefined. */
  errorIdFromUrl(href: string): string | undefined;
  /** The error's own page where its errors are kept (Sentry's permalink, GitLab's error page), or '' if unknown. */
  errorPageUrl(error: ErrorSummary): string;
}
