import { browser, type Browser } from 'wxt/browser';
import type { Reply } from '../api';
import { toFailure } from '../errors';
import { RequestSchema, type Request } from '../messages';
import { handleConnect, handleRemoveLink, handleSave, handleSetLinkActive, optionsView } from './options-handlers';
import { handleGetDetails, handleUpdateStatus } from './details-handlers';
import {
  handleConnectGitlab,
  handleCreateIssue,
  handleGitlabState,
  handleProjectHint,
  handleSearchGitlabProjects,
} from './gitlab-handlers';
import { handleListErrors, handleRefreshNow } from './popup-handlers';

type Handlers = { [T in Request['type']]: (request: Extract<Request, { type: T }>) => Promise<unknown> };

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
};

/** Only the extension's own pages (popup, options) may use these requests; web pages never can. */
export function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  return (
    sender.id === browser.runtime.id &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(browser.runtime.getURL('/'))
  );
}

/** Answers a request from an extension page (the caller checks the sender with isExtensionPage). */
export async function route(raw: unknown): Promise<Reply<Request['type']>> {
  const parsed = RequestSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, failure: { kind: 'bad-request', message: 'The extension sent a malformed request. Reload the page.' } };
  }
  const request = parsed.data;
  try {
    const handler = handlers[request.type] as (r: Request) => Promise<unknown>;
    return { ok: true, data: (await handler(request)) as never };
  } catch (error) {
    return { ok: false, failure: toFailure(error) };
  }
}
