import { unresolvedDelta } from '../../domain/counts';
import { updateItem } from '../../store/queue';
import { linkStatusItem, type LinkStatus } from '../../store/storage';
import { refreshBadge } from './show';

/** A link's count or failure, as a poll or the popup's own fetch of the default list found it. */
export async function recordLinkStatus(linkId: string, status: LinkStatus): Promise<void> {
  await updateItem(linkStatusItem, (statuses) => ({ ...statuses, [linkId]: status }));
  await refreshBadge();
}

/** The badge follows a status change at once; the next poll brings the server's own count. */
export async function followStatusChange(linkId: string, newStatus: string, previousStatus: string): Promise<void> {
  const delta = unresolvedDelta(newStatus, previousStatus);
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
