import { browser, type Browser } from 'wxt/browser';
import type { Reply } from '../protocol/replies';
import { RemoteError, toFailure } from '../domain/errors';
import { PAGE_REQUESTS, RequestSchema, type Request } from '../protocol/requests';
import { gitlabConnectionItem } from '../store/storage';
import { findLink } from '../backends/for-link';
import { assertErrorOfLink } from './error-ownership';
import { pageShowsLink, pathIsWithin } from './page-link';
import { handleGetDetails, handleUpdateStatus } from './details-handlers';
import {
  handleConnectGitlab,
  handleCreateIssue,
  handleGitlabState,
  handleProjectHint,
  handleSearchGitlabProjects,
} from './gitlab-handlers';
import { handleCreateClientKey, handleDeleteClientKey, handleIntegratedSettings } from './integrated-handlers';
import { handleConnect, handleRemoveLink, handleSave, handleSetLinkActive, optionsView } from './options-handlers';
import { handleCommitErrors, handleFileErrors, handleIssueErrors, handleLoadPanels, handlePanelContext } from './panel-handlers';
import { handleListErrors, handleRefreshNow } from './popup-handlers';

type Handlers = { [T in Request['type']]: (request: Extract<Request, { type: T }>, caller: Caller) => Promise<unknown> };

const handlers: Handlers = {
  getOptions: optionsView,
  connectSentry: handleConnect,
  saveOptions: handleSave,
  removeLink: handleRemoveLink,
  setLinkActive: handleSetLinkActive,
  listErrors: handleListErrors,
  refreshNow: handleRefreshNow,
  getErrorDetails: handleGetDetails,
  updateErrorStatus: handleUpdateStatus,
  connectGitlab: handleConnectGitlab,
  searchGitlabProjects: handleSearchGitlabProjects,
  gitlabProjectHint: handleProjectHint,
  getGitlabState: handleGitlabState,
  createGitlabIssue: handleCreateIssue,
  integratedSettings: handleIntegratedSettings,
  createClientKey: handleCreateClientKey,
  deleteClientKey: handleDeleteClientKey,
  panelContext: handlePanelContext,
  loadPanels: handleLoadPanels,
  issueErrors: handleIssueErrors,
  fileErrors: handleFileErrors,
  commitErrors: handleCommitErrors,
};

/** Who is asking: one of the extension's own pages, or the content script in a tab of a GitLab page. */
export type Caller = { kind: 'extension' } | { kind: 'gitlab-page'; url: URL; tabId: number; frameId: number };

export function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  return (
    sender.id === browser.runtime.id &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(browser.runtime.getURL('/'))
  );
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
  return allowed && sender.tab.id !== undefined ? { kind: 'gitlab-page', url, tabId: sender.tab.id, frameId: sender.frameId ?? 0 } : undefined;
}

/**
 * A GitLab page may only act on the link of the project it shows (same GitLab, same path), and only on that
 * link's errors: an id of another project of the same Sentry organization is refused before any read or write.
 */
async function assertPageMayUse(request: Request, url: URL): Promise<void> {
  if (!PAGE_REQUESTS.has(request.type)) throw new RemoteError('bad-request', 'GitLab pages may not make this request.');
  if (request.type === 'panelContext') {
    if (!pathIsWithin(url, request.projectPath)) throw new RemoteError('bad-request', 'That project is not the one on this page.');
    return;
  }
  if ('linkId' in request) {
    const link = await findLink(request.linkId);
    if (!pageShowsLink(url, link)) throw new RemoteError('bad-request', 'That project is not the one on this page.');
    if ('errorId' in request) await assertErrorOfLink(link, request.errorId);
  }
}

/** Answers a request from a known caller. */
export async function route(raw: unknown, caller: Caller = { kind: 'extension' }): Promise<Reply<Request['type']>> {
  const parsed = RequestSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, failure: { kind: 'bad-request', message: 'The extension sent a malformed request. Reload the page.' } };
  }
  const request = parsed.data;
  try {
    if (caller.kind === 'gitlab-page') await assertPageMayUse(request, caller.url);
    const handler = handlers[request.type] as (r: Request, c: Caller) => Promise<unknown>;
    return { ok: true, data: (await handler(request, caller)) as never };
  } catch (error) {
    return { ok: false, failure: toFailure(error) };
  }
}
