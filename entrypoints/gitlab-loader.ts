import type { UnlistedScriptDefinition } from 'wxt';
import { askOrNull } from '@/lib/content/ask-or-null';
import { projectIdOf } from '@/lib/content/gitlab-page';
import { PANEL_PAGE_NAMES } from '@/components/panels/page-names';
import type {} from '@/components/panels/shared/panels-api';

declare global {
  // eslint-disable-next-line no-var
  var errorTrackerStopLoader: (() => void) | undefined;
}

/**
 * Runs on every GitLab page, so it does the least a content script can do (issue 14, docs/performance.md): on a
 * page whose name has a panel's place, it asks the background once whether the page's project is linked, by
 * the page's markers alone. Only for a linked project does the background inject the panels' script
 * (entrypoints/gitlab-panels), which reads the address, finds the panels' places and follows in-page
 * navigations. Any other page gets nothing, not even a listener: GitLab keeps a page's name through in-page
 * navigations, so none can lead from it to a panel's place.
 * The manifest lists it as the content script of gitlab.com (wxt.config.ts), which also has every function of
 * it compiled at once: an unlisted script has no WXT ContentScriptContext, whose start-up cost every GitLab page
 * about as much script time as all of the loader's own work. A plain definition rather than
 * defineUnlistedScript, which only wraps the function in the same object, in bytes every page parses.
 */
export default { main: startLoader } satisfies UnlistedScriptDefinition;

async function startLoader() {
  // Idempotent: injected again into the same world (the self-hosted registration, a reload), the earlier
  // loader stops, and its panels with it, so one loader serves the page.
  globalThis.errorTrackerStopLoader?.();
  const body = document.body;
  if (!PANEL_PAGE_NAMES.has(body?.dataset.page ?? '')) return;
  let stopped = false;
  let stopPanels: (() => void) | undefined;
  globalThis.errorTrackerStopLoader = () => {
    stopped = true;
    stopPanels?.();
  };
  // At once, like any content script at document_idle: reading the page and one message cost less than a
  // later task would. A page that names no project (older GitLab) has its project read from the address by
  // the panels' script.
  const projectPath = body.dataset.projectFullPath;
  const link = projectPath ? await askOrNull({ type: 'panelContext', projectPath, projectId: projectIdOf(body) }) : undefined;
  if (link === null) return;
  // GitLab's own load and first paint come first: the panels' script is loaded and drawn after them.
  await pagePainted();
  if (!stopped && !globalThis.errorTrackerPanels) await askOrNull({ type: 'loadPanels' });
  if (!stopped) stopPanels = globalThis.errorTrackerPanels?.start(link);
}

/**
 * Resolves in a task after the page's load event and the frame that follows it, so that nothing of ours counts
 * towards either: on a page quick to load, GitLab's first paint comes after its load event. A page in a
 * background tab paints no frames: its panels wait until it is shown.
 */
function pagePainted(): Promise<void> {
  return new Promise((resolve) => {
    const afterFrame = () => requestAnimationFrame(() => setTimeout(resolve));
    if (document.readyState === 'complete') afterFrame();
    else addEventListener('load', afterFrame, { once: true });
  });
}
