import { browser } from 'wxt/browser';
import type { PanelContext, RequestOf, ResponseMap } from '../protocol/replies';
import { RemoteError } from '../domain/errors';
import { frameMatchesFile } from '../domain/frame-path';
import { sourceLabel } from '../backends/labels';
import { cacheKey, readCachedPage } from '../store/list-cache';
import { DEFAULT_QUERY, type ErrorEvent, type ErrorSummary } from '../domain/model';
import { linkedIssuesItem, linksItem, linkStatusItem, type ProjectLink } from '../store/storage';
import { backendForLink } from '../backends/for-link';
import { findLink } from '../store/links';
import { pageShowsLink } from './page-access';
import type { Caller } from './callers';

const FILE_SCAN_ERRORS = 20;
const EVENT_FRESH_MS = 5 * 60_000;
const events = new Map<string, { at: number; event: Promise<ErrorEvent | null> }>();

/**
 * The active link of the page's project, or null: unlinked projects get no panels and no further requests.
 * The project is the page's own path (the router checked it against the tab's URL) on the link's own GitLab;
 * the id the page states may only confirm it, never pick a link by itself.
 */
export async function handlePanelContext(request: RequestOf<'panelContext'>, caller: Caller): Promise<PanelContext | null> {
  const path = request.projectPath.toLowerCase().replace(/^\/+|\/+$/g, '');
  const origin = caller.kind === 'gitlab-page' ? caller.url.origin : undefined;
  const links = await linksItem.getValue();
  const link = links.find(
    (candidate) =>
      candidate.active &&
      (origin === undefined || candidate.gitlabOrigin === origin) &&
      candidate.gitlabProject.toLowerCase() === path &&
      (request.projectId === undefined || candidate.gitlabProjectId === undefined || candidate.gitlabProjectId === request.projectId),
  );
  if (!link) return null;
  const status = (await linkStatusItem.getValue())[link.id];
  return {
    linkId: link.id,
    gitlabProject: link.gitlabProject,
    sourceLabel: sourceLabel(link),
    count: status?.count,
    countCapped: status?.countCapped,
  };
}

/**
 * The error behind a GitLab issue: one this extension created or found for it, or a Sentry issue of the
 * linked project that the issue's description links to.
 */
export async function handleIssueErrors(request: RequestOf<'issueErrors'>): Promise<ErrorSummary | null> {
  const link = await findLink(request.linkId);
  const backend = await backendForLink(link);
  const candidates = new Set<string>();
  if (link.gitlabProjectId !== undefined) {
    for (const [key, issue] of Object.entries(await linkedIssuesItem.getValue())) {
      const [projectId, errorId] = key.split(':');
      if (Number(projectId) === link.gitlabProjectId && issue.iid === request.issueIid && errorId) candidates.add(errorId);
    }
  }
  for (const url of request.sentryUrls) {
    const id = backend.errorIdFromUrl(url);
    if (id) candidates.add(id);
  }
  for (const errorId of [...candidates].slice(0, 5)) {
    const { details } = await backend.getDetails(errorId).catch(() => ({ details: undefined }));
    // Only errors of this link's project: a description may link anything.
    if (details && backend.ownsError(details)) return details;
  }
  return null;
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

/** Recent unresolved errors whose in-app frames point at this repository file, with the lines. */
export async function handleFileErrors(request: RequestOf<'fileErrors'>): Promise<ResponseMap['fileErrors']> {
  const link = await findLink(request.linkId);
  const backend = await backendForLink(link);
  const page = (await readCachedPage(cacheKey(link.id, DEFAULT_QUERY)))?.page ?? (await backend.listErrors(DEFAULT_QUERY));
  const found: ResponseMap['fileErrors'] = [];
  // One after another: event reads count against Sentry's rate limit.
  for (const error of page.errors.slice(0, FILE_SCAN_ERRORS)) {
    const event = await latestEvent(link, error.id);
    const lines = new Set<number>();
    for (const exception of event?.exceptions ?? []) {
      for (const frame of exception.frames) {
        if (backend.isOwnCode(frame) && frame.line !== undefined && frameMatchesFile(frame, request.path)) lines.add(frame.line);
      }
    }
    if (lines.size) found.push({ error, lines: [...lines].sort((a, b) => a - b) });
  }
  return found;
}

function latestEvent(link: ProjectLink, errorId: string): Promise<ErrorEvent | null> {
  const key = `${link.id}:${errorId}`;
  const cached = events.get(key);
  if (cached && Date.now() - cached.at < EVENT_FRESH_MS) return cached.event;
  const event = backendForLink(link)
    .then((backend) => backend.latestEvent(errorId))
    .catch(() => null);
  events.set(key, { at: Date.now(), event });
  if (events.size > 200) events.delete(events.keys().next().value!);
  return event;
}

export async function handleCommitErrors(request: RequestOf<'commitErrors'>): Promise<ErrorSummary[]> {
  const link = await findLink(request.linkId);
  return (await backendForLink(link)).firstSeenInCommit(request.sha.toLowerCase());
}
