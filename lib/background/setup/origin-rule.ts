import { browser } from 'wxt/browser';

const RULE_ID = 1;

/**
 * The host of this extension's own pages, which is what `initiatorDomains` matches: Chrome's is the id, but
 * Firefox's `runtime.id` is the add-on id (`name@domain`), which DNR rejects, and its pages live under a
 * per-profile UUID (`moz-extension://<uuid>/`).
 */
function extensionHost(): string {
  return new URL(browser.runtime.getURL('/')).hostname;
}

/**
 * Sentry answers 400 "Invalid origin" to a token-authenticated PUT/POST that carries
 * `Origin: chrome-extension://…`, and browsers add their extension's Origin to its non-GET fetches (Chrome
 * `chrome-extension://<id>`, Firefox `moz-extension://<uuid>`). A session rule removes Origin from this
 * extension's own requests to the hosts we call, and from nothing else.
 */
export async function installOriginRule(hostnames: string[]): Promise<void> {
  const dnr = (browser as { declarativeNetRequest?: typeof browser.declarativeNetRequest }).declarativeNetRequest;
  if (!dnr?.updateSessionRules) return;
  const requestDomains = [...new Set(['sentry.io', 'gitlab.com', ...hostnames])];
  await dnr.updateSessionRules({
    removeRuleIds: [RULE_ID],
    addRules: [
      {
        id: RULE_ID,
        priority: 1,
        action: {
          type: 'modifyHeaders',
          requestHeaders: [{ header: 'origin', operation: 'remove' }],
        },
        condition: {
          initiatorDomains: [extensionHost()],
          requestDomains,
          resourceTypes: ['xmlhttprequest', 'other'],
        },
      },
    ],
  } as Parameters<typeof dnr.updateSessionRules>[0]);
}
