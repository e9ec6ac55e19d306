import type { UnlistedScriptDefinition } from 'wxt';
import { askOrNull } from '@/lib/protocol/ask';
import { projectIdOf, readGitlabPage } from '@/lib/content/gitlab-page';
import { PANEL_PAGE_NAMES, panelsFor } from '@/components/panels/pages';
import type { PanelContext } from '@/lib/protocol/replies';
import type {} from '@/components/panels/shared/panels-api';

declare global {
  // eslint-disable-next-line no-var
  var errorTrackerStopLoader: (() => void) | undefined;
}

/**
 * Runs on every GitLab page, so it does as little as it can: read the page's markers, ask once whether the
 * project is linked, and only then have the background inject the panels' UI (entrypoints/gitlab-panels).
 * The manifest lists it as the content script of gitlab.com (wxt.config.ts): an unlisted script has no WXT
 * ContentScriptContext, whose start-up (an event on the document, listeners, a location watcher) cost every
 * GitLab page about as much script time as all of the loader's own work (docs/performance.md). The panels'
 * script makes its own context, on linked projects' pages only. A plain definition rather than
 * defineUnlistedScript, which only wraps the function in the same object, in bytes every page parses.
 */
export default { main: startLoader } satisfies UnlistedScriptDefinition;

function startLoader() {
  // Idempotent: injected again into the same world (the self-hosted registration, a reload), the earlier
  // loader stops, so one loader serves the page.
  globalThis.errorTrackerStopLoader?.();
  let stopped = false;
  let runs = 0;
  let shown: AbortController | undefined;
  let removals: Array<() => void> = [];
  let stopWatching: (() => void) | undefined;
  // In-page navigations (GitLab's Vue routers) stay within the project, so they are watched for from the first
  // page of a project that is not known to be unlinked: an unlinked project's page costs no listener.
  const watch = () => {
    if (!stopped) stopWatching ??= watchLocation(() => setTimeout(run));
  };

  /** `linked`: the first look's answer about this page, which is then not asked about again. */
  async function run(linked?: PanelContext) {
    // A new page (or in-page navigation): what the last run started is cancelled and its panels removed.
    const mine = ++runs;
    shown?.abort();
    shown = undefined;
    for (const remove of removals.splice(0)) remove();
    if (stopped) return;

    const page = readGitlabPage(document, location.href);
    if (!page?.projectPath) return;
    const panels = panelsFor(page, document);
    if (panels.length === 0) return watch();
    const current = () => mine === runs && !stopped;
    const link = linked ?? (await askOrNull({ type: 'panelContext', projectPath: page.projectPath, projectId: page.projectId }));
    if (!link) return;
    watch();
    if (!current()) return;
    // GitLab's own load and first paint come first: the panels' script is loaded and drawn after the load event.
    await pageLoaded();
    if (!current()) return;
    if (!globalThis.errorTrackerPanels) await askOrNull({ type: 'loadPanels' });
    const api = globalThis.errorTrackerPanels;
    if (!api || !current()) return;
    shown = new AbortController();
    removals = await api.show(page, link, panels, shown.signal);
  }

  // At once, like any content script at document_idle: reading the page and one message cost less than a
  // later task would (each callback into this world has a cost of its own); the panels wait for the load event.
  // First look, the least a content script can do (issue 14, docs/performance.md): a page whose name has a
  // panel's place and that states its project is asked about by those markers alone. Its address, the detectors
  // and the navigation watch wait for the answer that the project is linked; an unlinked project's page ends
  // with the answer. A page that names no project (older GitLab) goes the whole way at once, its project read
  // from the address. Any other page gets nothing, not even a listener: GitLab keeps a page's name through
  // in-page navigations, so no navigation from it can lead to a panel's place.
  const body = document.body;
  const projectPath = body?.dataset.projectFullPath;
  const hasPlace = PANEL_PAGE_NAMES.has(body?.dataset.page ?? '');
  if (hasPlace && projectPath) {
    askOrNull({ type: 'panelContext', projectPath, projectId: projectIdOf(body) }).then((link) => {
      if (link) run(link);
    });
  } else if (hasPlace) run();
  globalThis.errorTrackerStopLoader = () => {
    stopped = true;
    stopWatching?.();
    run();
  };
}

/** Resolves in a task after the page's load event, so that nothing of ours counts towards it. */
function pageLoaded(): Promise<void> {
  return new Promise((resolve) => {
    const later = () => setTimeout(resolve);
    if (document.readyState === 'complete') later();
    else addEventListener('load', later, { once: true });
  });
}

/**
 * Calls `changed` on in-page navigations (GitLab's Vue routers): the Navigation API's navigate event, which
 * comes before location.href changes (the caller reads the page from a later task); where there is none, a
 * look at the address once a second, as WXT's location watcher does.
 */
function watchLocation(changed: () => void): () => void {
  let last = location.href;
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation) {
    const onNavigate = (event: Event) => {
      const next = (event as Event & { destination: { url: string } }).destination.url;
      if (next === last) return;
      last = next;
      changed();
    };
    navigation.addEventListener('navigate', onNavigate);
    return () => navigation.removeEventListener('navigate', onNavigate);
  }
  const timer = setInterval(() => {
    if (location.href === last) return;
    last = location.href;
    changed();
  }, 1000);
  return () => clearInterval(timer);
}
