import { browser } from 'wxt/browser';

/**
 * A first install opens the options, which greet with what to connect: the popup alone cannot set anything
 * up, and nothing else tells a new user where to start. Updates and browser starts open nothing.
 */
export async function openWelcomeOnInstall(details: { reason: string }): Promise<void> {
  if (details.reason !== 'install') return;
  await browser.runtime.openOptionsPage();
}
