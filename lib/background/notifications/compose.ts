import type { Browser } from 'wxt/browser';
import type { StatusChange } from '../../domain/model';
import type { PlannedNotification } from './plan';

/** Chrome's notification buttons, in order: a click reports the index. */
export const BUTTON_CHANGES: ReadonlyArray<{ title: string; change: StatusChange }> = [
  { title: 'Resolve', change: { action: 'resolve' } },
  { title: 'Ignore', change: { action: 'ignore', duration: 'forever' } },
];

/**
 * The browser's options for a planned notification. Firefox shows only type, title, message and icon, so
 * `extras` (Chrome: Resolve / Ignore buttons on an error's own notification, and a regression stays until the
 * user acts on it) are left out there rather than sent and dropped.
 */
export function notificationOptions(
  planned: PlannedNotification,
  { iconUrl, extras }: { iconUrl: string; extras: boolean },
): Browser.notifications.NotificationCreateOptions {
  const plain = { type: 'basic' as const, title: planned.title, message: planned.message, iconUrl };
  if (!extras || !planned.error) return plain;
  return {
    ...plain,
    buttons: BUTTON_CHANGES.map(({ title }) => ({ title })),
    // A fixed error that came back is worth a decision; new errors come more often and may pass by.
    requireInteraction: planned.kind === 'regressed',
  };
}
