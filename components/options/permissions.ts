import { browser } from 'wxt/browser';
import { RemoteError } from '@/lib/errors';
import { hostPermissionPattern, needsOptionalPermission, normalizeSentryUrl } from '@/lib/sentry/hosts';

/**
 * Asks the browser for a self-hosted Sentry's host. Must run inside the click handler: browsers only
 * show the prompt during a user gesture, so nothing slow may come before it.
 */
export async function requestSentryHostPermission(urlInput: string): Promise<void> {
  const baseUrl = normalizeSentryUrl(urlInput);
  if (!needsOptionalPermission(baseUrl)) return;
  const origin = hostPermissionPattern(baseUrl);
  let granted = false;
  try {
    granted = await browser.permissions.request({ origins: [origin] });
  } catch (error) {
    throw new RemoteError(
      'permission',
      `The browser could not ask for access to ${new URL(baseUrl).origin}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!granted) {
    throw new RemoteError(
      'permission',
      `Access to ${new URL(baseUrl).origin} was refused, so the extension cannot reach this Sentry. Click again and choose Allow.`,
    );
  }
}
