import { projectPathKey } from '../gitlab/project-path';
import { browser } from 'wxt/browser';
import type { PanelContext, RequestOf } from '../protocol/replies';
import { RemoteError } from '../domain/errors';
import { sourceLabel } from '../backends/labels';
import { shownEnvironment } from '../domain/environments';
import { environmentChoicesItem, linkEnvironmentsItem, linksItem, linkStatusItem } from '../store/storage';
import { pageShowsLink } from './page-access';
import type { Caller } from './callers';

// The loader's two requests, the same for every panel. What each panel looks up is its own lookup.ts
// (components/panels/<feature>/lookup.ts).

/**
 * The active link of the page's project, or null: unlinked projects get no panels and no further requests.
 * The project is the page's own path (the router checked it against the tab's URL) on the link's own GitLab;
 * the id the page states may only confirm it, never pick a link by itself.
 */
export async function handlePanelContext(request: RequestOf<'panelContext'>, caller: Caller): Promise<PanelContext | null> {
  const path = projectPathKey(request.projectPath);
  const origin = caller.kind === 'gitlab-page' ? caller.url.origin : undefined;
  const links = await linksItem.getValue();
  const link = links.find(
    (candidate) =>
      candidate.active &&
      (origin === undefined || candidate.gitlabOrigin === origin) &&
      projectPathKey(candidate.gitlabProject) === path &&
      (request.projectId === undefined || candidate.gitlabProjectId === undefined || candidate.gitlabProjectId === request.projectId),
  );
  if (!link) return null;
  const [statuses, choices, environments] = await Promise.all([
    linkStatusItem.getValue(),
    environmentChoicesItem.getValue(),
    linkEnvironmentsItem.getValue(),
  ]);
  const status = statuses[link.id];
  const cached = environments[link.id]?.choices;
  return {
    linkId: link.id,
    gitlabProject: link.gitlabProject,
    sourceLabel: sourceLabel(link),
    count: status?.count,
    countCapped: status?.countCapped,
    defaultEnvironment: link.defaultEnvironment ?? '',
    environment: shownEnvironment(link, choices[link.id], cached),
    environments: cached,
  };
}

/**
 * Injects the panels' UI into the asking tab's content-script world. Only the loader on a page of an active
 * linked project asks; the page's project is checked again here.
 */
export async function handleLoadPanels(_: RequestOf<'loadPanels'>, caller: Caller): Promise<{ loaded: boolean }> {
  if (caller.kind !== 'gitlab-page') throw new RemoteError('bad-request', 'Only GitLab pages load panels.');
  const links = (await linksItem.getValue()).filter((link) => link.active);
  if (!links.some((link) => pageShowsLink(caller.url, link))) return { loaded: false };
  await browser.scripting.executeScript({ target: { tabId: caller.tabId, frameIds: [caller.frameId] }, files: [PANELS_SCRIPT] });
  return { loaded: true };
}

/** Built from entrypoints/gitlab-panels. */
const PANELS_SCRIPT = '/gitlab-panels.js';
