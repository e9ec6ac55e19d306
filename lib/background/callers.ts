import { browser, type Browser } from 'wxt/browser';
import { gitlabConnectionItem } from '../store/storage';

/** Who is asking: one of the extension's own pages, or the content script in a tab of a GitLab page. */
export type Caller = { kind: 'extension' } | { kind: 'gitlab-page'; url: URL; tabId: number; frameId: number };

export function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('/'));
}

/**
 * Classifies a message's sender. Only this extension can message it (no externally_connectable), so a web
 * page's own scripts never get here; a content script counts only in a tab of gitlab.com or the configured
 * GitLab host.
 */
export async function callerOf(sender: Browser.runtime.MessageSender): Promise<Caller | undefined> {
  if (isExtensionPage(sender)) return { kind: 'extension' };
  if (sender.id !== browser.runtime.id || !sender.tab || typeof sender.url !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return undefined;
  }
  const gitlab = await gitlabConnectionItem.getValue();
  const allowed = url.origin === 'https://gitlab.com' || (gitlab !== null && url.origin === new URL(gitlab.baseUrl).origin);
  return allowed && sender.tab.id !== undefined
    ? { kind: 'gitlab-page', url, tabId: sender.tab.id, frameId: sender.frameId ?? 0 }
    : undefined;
}
