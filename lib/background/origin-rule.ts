import { browser } from 'wxt/browser';

const RULE_ID = 1;

/**
 * Sentry answers 400 "Invalid origin" to a token-authenticated PUT/POST that carries
 * `Origin: chrome-extension://…`, and Chrome adds that header to an extension's non-GET fetches. A session
 * rule removes it from this extension's own requests to the hosts we call, and from nothing else.
 */
export async function installOriginRule(hostnames: string[]): Promise<void> {
  const dnr = (browser as { declarativeNetRequest?: typeof browser.declarativeNetRequest }).declarativeNetRequest;
  if (!dnr?.updateSessionRules) return; // Firefox sends `Origin: null`, which Sentry accepts.
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
          initiatorDomains: [browser.runtime.id],
          requestDomains,
          resourceTypes: ['xmlhttprequest', 'other'],
        },
      },
    ],
  } as Parameters<typeof dnr.updateSessionRules>[0]);
}
