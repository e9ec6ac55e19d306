import type { Failure, FailureKind } from '../../domain/errors';
import type { ErrorSummary } from '../../domain/model';
import { gitlabConnectionItem, linksItem, pendingIssueClosesItem, type PendingIssueClose, type ProjectLink } from '../../store/storage';
import { updateItem } from '../../store/queue';
import { InFlight } from '../../util/in-flight';
import type { LinkedIssue } from '../types';
import { closeIssueAfterResolve } from './issues';

const MAX_FAILURES = 3;
const MAX_AGE_MS = 7 * 24 * 60 * 60_000;
// Failures that may pass by themselves; anything else (no access, issue gone) will not get better.
const PASSING: FailureKind[] = ['unreachable', 'timeout', 'server', 'rate-limited'];

const keyOf = (entry: Pick<PendingIssueClose, 'linkId' | 'errorId'>) => `${entry.linkId}:${entry.errorId}`;

// Journal writes one after another, so two Resolves at once cannot drop each other's entry.
const updateJournal = (change: (entries: PendingIssueClose[]) => PendingIssueClose[]) => updateItem(pendingIssueClosesItem, change);

const without = (key: string) => (entries: PendingIssueClose[]) => entries.filter((entry) => keyOf(entry) !== key);

/**
 * Before a Resolve that may close a GitLab issue: the intent is on disk first, so a worker stopped after
 * Sentry accepted the Resolve still closes the issue at its next start.
 */
export async function journalClose(link: ProjectLink, errorId: string): Promise<boolean> {
  if (!(await gitlabConnectionItem.getValue())) return false;
  const entry = { linkId: link.id, errorId, at: Date.now(), failures: 0 };
  await updateJournal((entries) => [...without(keyOf(entry))(entries), entry]);
  return true;
}

/** The status change failed or did not resolve: there is nothing to close. */
export async function dropClose(linkId: string, errorId: string): Promise<void> {
  await updateJournal(without(keyOf({ linkId, errorId })));
}

const closing = new InFlight<{ closedIssue?: LinkedIssue; closeFailure?: Failure }>();

/**
 * Closes the resolved error's issue and settles its journal entry: removed when done or hopeless, kept
 * (one failure more) when GitLab may answer later, and then the failure says so.
 */
export function closeJournaled(link: ProjectLink, error: ErrorSummary): Promise<{ closedIssue?: LinkedIssue; closeFailure?: Failure }> {
  const key = keyOf({ linkId: link.id, errorId: error.id });
  return closing.run(key, async () => {
    const result = await closeIssueAfterResolve(link, error);
    const failure = result.closeFailure;
    if (!failure || !PASSING.includes(failure.kind)) {
      await updateJournal(without(key));
      return result;
    }
    let kept = false;
    await updateJournal((entries) =>
      entries.flatMap((entry) => {
        if (keyOf(entry) !== key) return [entry];
        kept = entry.failures + 1 < MAX_FAILURES;
        return kept ? [{ ...entry, failures: entry.failures + 1 }] : [];
      }),
    );
    return kept ? { closeFailure: { ...failure, message: `${failure.message} The issue will be closed later.` } } : result;
  });
}

/**
 * At start-up: finishes the issue closes a stopped worker left, for errors Sentry still has resolved.
 * Entries too old or failed too often are given up.
 */
export async function resumePendingCloses(readError: (link: ProjectLink, errorId: string) => Promise<ErrorSummary>): Promise<void> {
  const [entries, links] = await Promise.all([pendingIssueClosesItem.getValue(), linksItem.getValue()]);
  for (const entry of entries) {
    const link = links.find((candidate) => candidate.id === entry.linkId);
    if (!link || Date.now() - entry.at > MAX_AGE_MS || entry.failures >= MAX_FAILURES) {
      await dropClose(entry.linkId, entry.errorId);
      continue;
    }
    let error: ErrorSummary;
    try {
      error = await readError(link, entry.errorId);
    } catch {
      // Sentry not answering now: the next start tries again, within the same bounds.
      await updateJournal((all) => all.map((e) => (keyOf(e) === keyOf(entry) ? { ...e, failures: e.failures + 1 } : e)));
      continue;
    }
    // The Resolve never reached Sentry, or was undone since: the issue stays as it is.
    if (error.status !== 'resolved') await dropClose(entry.linkId, entry.errorId);
    else await closeJournaled(link, error);
  }
}
