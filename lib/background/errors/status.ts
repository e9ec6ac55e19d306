import { backendForLink } from '../../backends/for-link';
import { resumePendingCloses } from '../../backends/sentry/closes';
import type { RequestOf, ResponseMap } from '../../protocol/replies';
import { findLink } from '../../store/links';
import { dropFromOtherLists } from '../../store/list-cache';
import { followStatusChange } from '../badge/counts';
import { noteStatusChange } from '../notifications/record';

/** Ignore, Resolve, Undo: the backend changes the status (and closes the issue); lists and badge follow. */
export async function handleUpdateErrorStatus(request: RequestOf<'updateErrorStatus'>): Promise<ResponseMap['updateErrorStatus']> {
  const link = await findLink(request.linkId);
  const result = await (await backendForLink(link)).updateStatus(request.errorId, request.change);
  await dropFromOtherLists(link.id, result.error.id, result.error.status);
  await followStatusChange(link.id, result.error.status, request.fromStatus);
  await noteStatusChange(link.id, result.error);
  return result;
}

/**
 * At start-up: a worker stopped between a Resolve and the close of its GitLab issue finishes the close, if
 * the error is still resolved.
 */
export function finishPendingCloses(): Promise<void> {
  return resumePendingCloses(async (link, errorId) => (await (await backendForLink(link)).getDetails(errorId)).details);
}
