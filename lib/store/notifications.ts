import { defineItem } from './item';
import type { ErrorSummary } from '../domain/model';

// Desktop notifications' storage (docs/notifications.md). Kept apart from storage.ts: only the notification
// code and the popup's one-key read of the open-this-error intent use these items.

/** What the options' Notifications region sets. */
export interface NotificationSettings {
  newErrors: boolean;
  regressions: boolean;
  /** Links the user opted out of (ids). */
  mutedLinks: string[];
  /** Local times `HH:MM`; '' when unset. Nothing is shown from `quietFrom` until `quietUntil`. */
  quietFrom: string;
  quietUntil: string;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  newErrors: false,
  regressions: false,
  mutedLinks: [],
  quietFrom: '',
  quietUntil: '',
};

export const notificationSettingsItem = /* @__PURE__ */ defineItem<NotificationSettings>('local:notificationSettings', {
  fallback: DEFAULT_NOTIFICATION_SETTINGS,
});

/** What the polls recorded of one link's errors, so that each error is told once per kind. */
export interface LinkWatch {
  /**
   * Errors first seen after this (epoch ms, on the server's clock) are new. Absent until the link's first
   * poll, which only records.
   */
  since?: number;
  /** Errors first seen after `since` that were already recorded (told, or there at the first poll): id → first seen. */
  recent: Record<string, number>;
  /** Errors whose regression was recorded (told, or already regressed at the first poll). */
  regressed: string[];
  /** Errors this extension saw resolved: back on the unresolved list, they regressed. */
  resolved: string[];
  /** What quiet hours held back, told in one summary after them. */
  held?: { new: number; regressed: number };
}

export const notificationWatchItem = /* @__PURE__ */ defineItem<Record<string, LinkWatch>>('local:notificationWatch', {
  fallback: {},
});

/** What clicking a notification opens: the error (its details in the popup, else its page) or the link's list. */
export interface NotificationTarget {
  id: string;
  linkId: string;
  error?: ErrorSummary;
  /** The error's page on Sentry or GitLab, for browsers that cannot open the popup. */
  pageUrl?: string;
}

/** The newest notifications' targets, oldest first: a click may come after the worker restarted. */
export const notificationTargetsItem = /* @__PURE__ */ defineItem<NotificationTarget[]>('local:notificationTargets', {
  fallback: [],
});

/** Written just before the background opens the popup for a notification; the popup opens straight on it. */
export interface OpenErrorIntent {
  linkId: string;
  /** Absent for a summary: the popup shows the link's list. */
  error?: ErrorSummary;
  /** When it was written (epoch ms): the popup ignores an old one. */
  at: number;
}

// The popup reads it with its other keys in one round trip, without defining (and so initialising) the item.
export const OPEN_ERROR_INTENT_KEY = 'local:openErrorIntent';

export const openErrorIntentItem = /* @__PURE__ */ defineItem<OpenErrorIntent | null>(OPEN_ERROR_INTENT_KEY, {
  fallback: null,
});
