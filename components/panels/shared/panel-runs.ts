import { ask } from '@/lib/protocol/ask';
import { readGitlabPage, type GitlabPage } from '@/lib/content/gitlab-page';
import { watchLocation } from '@/lib/content/location-watch';
import type { PanelContext } from '@/lib/protocol/replies';
import { panelsFor, type PanelId } from '../pages';

/** Mounts the panels; resolves to their removals. `signal` aborts when the user navigates away. */
export type ShowPanels = (page: GitlabPage, link: PanelContext, panels: PanelId[], signal: AbortSignal) => Promise<Array<() => void>>;

/**
 * The panels of the page, then of each page an in-page navigation (GitLab's Vue routers) leads to, each run
 * cancelling what the last one started. `link` is the loader's answer for the page's project, not asked again;
 * without it (a page that names no project, older GitLab) the project is read from the address and asked about.
 * Returns the stop, which removes the panels and the watch.
 */
export function startPanelRuns(show: ShowPanels, link: PanelContext | undefined): () => void {
  let stopped = false;
  let runs = 0;
  let shown: AbortController | undefined;
  let removals: Array<() => void> = [];
  let stopWatching: (() => void) | undefined;
  // In-page navigations stay within the project, so they are watched for from the first page of a project that
  // is not known to be unlinked.
  const watch = () => {
    if (!stopped) stopWatching ??= watchLocation(() => setTimeout(run));
  };

  async function run(known?: PanelContext) {
    const mine = ++runs;
    shown?.abort();
    shown = undefined;
    for (const remove of removals.splice(0)) remove();
    if (stopped) return;

    const page = readGitlabPage(document, location.href);
    if (!page?.projectPath) return;
    const panels = panelsFor(page, document);
    if (panels.length === 0) return watch();
    // A failure or a background that is gone mean "no panels here", quietly.
    const found =
      known ?? (await ask({ type: 'panelContext', projectPath: page.projectPath, projectId: page.projectId }).catch(() => null));
    if (!found) return;
    watch();
    if (mine !== runs || stopped) return;
    shown = new AbortController();
    const { signal } = shown;
    const added = await show(page, found, panels, signal);
    // A navigation or the stop while the panels were mounting: what was mounted before it goes too.
    if (signal.aborted) for (const remove of added) remove();
    else removals = added;
  }

  run(link);
  return () => {
    stopped = true;
    stopWatching?.();
    run();
  };
}
