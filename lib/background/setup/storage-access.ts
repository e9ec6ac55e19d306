import { browser } from 'wxt/browser';

type AccessLevelApi = {
  setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }) => Promise<void>;
};

/**
 * Keeps `storage.local` (the tokens) out of content scripts: only the background and the extension's own
 * pages may read it. By default Chrome lets content scripts read `local`, and a content script shares its
 * process with the GitLab page it runs in. Browsers without the call (Firefox, whose setAccessLevel covers
 * `session` only) keep their defaults; nothing here throws or holds up start-up.
 */
export async function restrictStorageToTrustedContexts(): Promise<void> {
  const local = browser.storage.local as unknown as AccessLevelApi;
  if (typeof local.setAccessLevel !== 'function') return;
  try {
    await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch (error) {
    console.warn('Error Tracker could not restrict storage to trusted contexts', error);
  }
}
