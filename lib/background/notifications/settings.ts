import type { RequestOf } from '../../protocol/replies';
import { notificationSettingsItem, type NotificationSettings } from '../../store/notifications';

export function handleGetNotificationSettings(): Promise<NotificationSettings> {
  return notificationSettingsItem.getValue();
}

/** The options page sends the whole region at each change; the permission was asked for there. */
export async function handleSetNotificationSettings(request: RequestOf<'setNotificationSettings'>): Promise<NotificationSettings> {
  await notificationSettingsItem.setValue(request.settings);
  return request.settings;
}
