import { toFailure } from '../domain/errors';
import type { Reply } from '../protocol/replies';
import { RequestSchema, type Request } from '../protocol/requests';
import { handleCreateGitlabIssue, handleGetGitlabState } from './errors/issue';
import { handleGetErrorDetails } from './errors/details';
import { handleListEnvironments, handleProjectEnvironments } from './errors/environments';
import { handleFrameLinks } from './errors/frame-links';
import { handleListErrors, handleRefreshNow } from './errors/list';
import { handleUpdateErrorStatus } from './errors/status';
import type { Caller } from './callers';
import { handleConnectGitlab } from './connections/gitlab';
import { handleConnectSentry } from './connections/sentry';
import { handleCreateClientKey, handleDeleteClientKey, handleIntegratedSettings } from './integrated-settings';
import { handleProjectHint, handleSearchGitlabProjects } from './links/gitlab-projects';
import { handleSetLinkActive } from './links/pause';
import { handleRemoveLink } from './links/remove';
import { handleSaveOptions } from './links/save';
import { optionsView } from './links/view';
import { assertPageMayUse } from './page-access';
import { handleGetNotificationSettings, handleSetNotificationSettings } from './notifications/settings';
import { handleLoadPanels, handlePanelContext } from './panels';
import { handleCommitErrors } from '@/components/panels/commit-errors/lookup';
import { handleFileErrors } from '@/components/panels/file-errors/lookup';
import { handleIssueErrors } from '@/components/panels/issue-error/lookup';
import { handleMergeRequestErrors } from '@/components/panels/merge-request-errors/lookup';

type Handlers = { [T in Request['type']]: (request: Extract<Request, { type: T }>, caller: Caller) => Promise<unknown> };

// Every request the background answers, and the one file that answers it.
const handlers: Handlers = {
  getOptions: optionsView,
  connectSentry: handleConnectSentry,
  connectGitlab: handleConnectGitlab,
  saveOptions: handleSaveOptions,
  removeLink: handleRemoveLink,
  setLinkActive: handleSetLinkActive,
  searchGitlabProjects: handleSearchGitlabProjects,
  gitlabProjectHint: handleProjectHint,
  listErrors: handleListErrors,
  refreshNow: handleRefreshNow,
  listEnvironments: handleListEnvironments,
  projectEnvironments: handleProjectEnvironments,
  getErrorDetails: handleGetErrorDetails,
  updateErrorStatus: handleUpdateErrorStatus,
  getGitlabState: handleGetGitlabState,
  createGitlabIssue: handleCreateGitlabIssue,
  frameLinks: handleFrameLinks,
  integratedSettings: handleIntegratedSettings,
  createClientKey: handleCreateClientKey,
  deleteClientKey: handleDeleteClientKey,
  getNotificationSettings: handleGetNotificationSettings,
  setNotificationSettings: handleSetNotificationSettings,
  panelContext: handlePanelContext,
  loadPanels: handleLoadPanels,
  issueErrors: handleIssueErrors,
  fileErrors: handleFileErrors,
  commitErrors: handleCommitErrors,
  mergeRequestErrors: handleMergeRequestErrors,
};

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
