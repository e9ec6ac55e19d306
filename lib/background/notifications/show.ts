import { browser } from 'wxt/browser';
import type { ErrorBackend } from '../../backends/types';
import { notificationTargetsItem, type NotificationTarget } from '../../store/notifications';
import { updateItem } from '../../store/queue';
import { notificationOptions } from './compose';
import type { PlannedNotification } from './plan';

/** Targets kept for clicks: far more than a screen shows at once. */
const MAX_TARGETS = 50;

/** Shows one link's planned notifications and keeps what each one opens. */
export async function showNotifications(linkId: string, planned: PlannedNotification[], backend: ErrorBackend): Promise<void> {
  // Undefined until the user allowed notifications (an optional permission).
  const notifications = browser.notifications;
  if (!notifications?.create || planned.length === 0) return;
  const targets: NotificationTarget[] = planned.map((notification) => ({
    id: notification.id,
    linkId,
    error: notification.error,
    pageUrl: (notification.error && backend.errorPageUrl(notification.error)) || undefined,
  }));
  const ids = new Set(targets.map((target) => target.id));
  await updateItem(notificationTargetsItem, (kept) => [...kept.filter((target) => !ids.has(target.id)), ...targets].slice(-MAX_TARGETS));
  const iconUrl = browser.runtime.getURL('/icon/128.png');
  for (const notification of planned) {
    await notifications.create(notification.id, notificationOptions(notification, { iconUrl, extras: !import.meta.env.FIREFOX }));
  }
}
