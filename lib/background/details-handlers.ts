import type { ErrorDetailsView, RequestOf, ResponseMap } from '../protocol/replies';
import { RemoteError, type FailureKind } from '../domain/errors';
import { linkStatusItem } from '../store/storage';
import { updateItem } from '../store/queue';
import { backendForLink, findLink } from '../backends/for-link';
import { forgetDetails, loadDetails } from './details-cache';
import { closedIssue, gitlabWriteBlocked } from './gitlab-integrated';
import { dropFromOtherLists } from '../store/list-cache';
import { closeJournaled, dropClose, journalClose } from './pending-closes';
import { refreshBadge } from './poller';
import { allowWrites, denyWrites, writeDenial } from './write-denials';

export async function handleGetDetails(request: RequestOf<'getErrorDetails'>): Promise<ErrorDetailsView> {
  const link = await findLink(request.linkId);
  const [result, writeDenied] = await Promise.all([
    loadDetails(link, request.errorId),
    link.backend === 'sentry' ? writeDenial(link.id) : gitlabWriteBlocked(link),
  ]);
  return { ...result, writeDenied: writeDenied ?? undefined };
}

const OUTCOME_UNKNOWN: FailureKind[] = ['timeout', 'unreachable', 'server'];

export async function handleUpdateStatus(request: RequestOf<'updateErrorStatus'>): Promise<ResponseMap['updateErrorStatus']> {
  const link = await findLink(request.linkId);
  const backend = await backendForLink(link);
  const journaled = request.change.action === 'resolve' && (await journalClose(link, request.errorId));
  let result;
  try {
    result = await backend.updateStatus(request.errorId, request.change);
  } catch (failure) {
    // Refused: nothing closes. Unanswered: Sentry may have resolved it, so the entry stays, and the next
    // start closes the issue only if Sentry then says resolved. Either way the next read asks Sentry afresh.
    if (journaled && !(failure instanceof RemoteError && OUTCOME_UNKNOWN.includes(failure.kind))) await dropClose(link.id, request.errorId);
    forgetDetails(link.id, request.errorId);
    // A token without event:write, or without a role in this project, stays so for a while: remember for
    // this link only, so its buttons say why they are off and other projects keep theirs.
    if (link.backend === 'sentry' && failure instanceof RemoteError && failure.kind === 'forbidden') {
      await denyWrites(link.id, failure.message);
    }
    throw failure;
  }
  const { error } = result;
  if (link.backend === 'sentry') await allowWrites(link.id);
  forgetDetails(link.id, request.errorId);
  await dropFromOtherLists(link.id, error.id, error.status);
  await adjustUnresolvedCount(link.id, Number(error.status === 'unresolved') - Number(request.fromStatus === 'unresolved'));
  // As in GitLab: resolving an error closes its open GitLab issue. Read through GitLab, GitLab does it itself.
  if (result.closedIssueIid !== undefined) return { error, closedIssue: await closedIssue(link, result.closedIssueIid) };
  if (!journaled) return { error };
  if (error.status !== 'resolved') {
    await dropClose(link.id, error.id);
    return { error };
  }
  return { error, ...(await closeJournaled(link, error)) };
}

/** The badge follows a status change at once; the next poll brings Sentry's own count. */
async function adjustUnresolvedCount(linkId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  let changed = false;
  await updateItem(linkStatusItem, (statuses) => {
    const status = statuses[linkId];
    if (status?.count === undefined) return statuses;
    changed = true;
    return { ...statuses, [linkId]: { ...status, count: Math.max(0, status.count + delta) } };
  });
  if (changed) await refreshBadge();
}
