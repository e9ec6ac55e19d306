import { browser } from 'wxt/browser';
import { RemoteError } from '../../domain/errors';
import { hostPermissionPattern } from '../../remote/host-permission';

/**
 * Refuses to call a host the browser has not allowed (hosts besides sentry.io and gitlab.com are optional
 * permissions, and the user can take them back in the browser's settings at any time).
 */
export async function assertHostAllowed(baseUrl: string, isOptionalHost: boolean): Promise<void> {
  if (!isOptionalHost) return;
  if (await browser.permissions.contains({ origins: [hostPermissionPattern(baseUrl)] })) return;
  throw new RemoteError(
    'permission',
    `The browser has not allowed this extension to reach ${new URL(baseUrl).origin}. Click Connect or Save changes again and allow access when asked.`,
  );
}
