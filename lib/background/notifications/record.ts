import type { ErrorSummary } from '../../domain/model';
import { notificationWatchItem, type LinkWatch } from '../../store/notifications';
import { updateItem } from '../../store/queue';
import { withoutKey } from '../../util/without-key';
import { sawResolved, userChangedStatus } from './detect';

type Sighting = Pick<ErrorSummary, 'id' | 'status'>;

function updateWatch(linkId: string, change: (watch: LinkWatch | undefined) => LinkWatch | undefined): Promise<unknown> {
  return updateItem(notificationWatchItem, (watches) => {
    const next = change(watches[linkId]);
    if (next === watches[linkId]) return watches;
    return next ? { ...watches, [linkId]: next } : withoutKey(watches, linkId);
  });
}

/** A list this extension fetched showed these errors: the resolved ones regress if they come back. */
export async function noteListedErrors(linkId: string, errors: Sighting[]): Promise<void> {
  if (!errors.some((error) => error.status === 'resolved' || error.status === 'resolvedInNextRelease')) return;
  await updateWatch(linkId, (watch) => sawResolved(watch, errors));
}

/** The user changed an error's status through this extension. */
export async function noteStatusChange(linkId: string, error: Sighting): Promise<void> {
  await updateWatch(linkId, (watch) => userChangedStatus(watch, error));
}

/** A removed link, or one whose source changed: what was recorded belongs to other errors. */
export async function forgetNotificationWatch(linkId: string): Promise<void> {
  await updateWatch(linkId, () => undefined);
}
