import { browser } from 'wxt/browser';
import { RemoteError } from '@/lib/domain/errors';
import { gitlabNeedsOptionalPermission, normalizeGitlabUrl } from '@/lib/gitlab/hosts';
import { hostPermissionPattern } from '@/lib/remote/host-permission';
import { needsOptionalPermission, normalizeSentryUrl } from '@/lib/sentry/hosts';

const SERVICES = {
  sentry: { name: 'Sentry', normalize: normalizeSentryUrl, optional: needsOptionalPermission },
  gitlab: { name: 'GitLab', normalize: normalizeGitlabUrl, optional: gitlabNeedsOptionalPermission },
};

/**
 * Asks the browser for a self-hosted instance's host. Must run inside the click handler: browsers only
 * show the prompt during a user gesture, so nothing slow may come before it.
 */
export async function requestHostPermission(urlInput: string, service: keyof typeof SERVICES): Promise<void> {
  const { name, normalize, optional } = SERVICES[service];
  const baseUrl = normalize(urlInput);
  if (!optional(baseUrl)) return;
  const origin = new URL(baseUrl).origin;
  let granted = false;
  try {
    granted = await browser.permissions.request({ origins: [hostPermissionPattern(baseUrl)] });
  } catch (error) {
    throw new RemoteError(
      'permission',
      `The browser could not ask for access to ${origin}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!granted) {
    throw new RemoteError(
      'permission',
      `Access to ${origin} was refused, so the extension cannot reach this ${name}. Click again and choose Allow.`,
    );
  }
}

/** The optional `notifications` permission, asked for when the user turns notifications on. */
export interface NotificationPermission {
  granted(): Promise<boolean>;
  /** Must be called first thing in the click's handler: browsers only prompt during a user gesture. */
  request(): Promise<boolean>;
}

export const notificationPermission: NotificationPermission = {
  granted: () => browser.permissions.contains({ permissions: ['notifications'] }),
  request: () => browser.permissions.request({ permissions: ['notifications'] }),
};
