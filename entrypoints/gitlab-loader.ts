import { defineContentScript } from 'wxt/utils/define-content-script';
import { askOrNull } from '@/lib/protocol/ask';
import { readGitlabPage } from '@/lib/content/gitlab-page';
import { panelsFor } from '@/components/panels/pages';
import type {} from '@/components/panels/shared/panels-api';

/**
 * Runs on every GitLab page, so it does as little as it can: read the page's markers, ask once whether the
 * project is linked, and only then have the background inject the panels' UI (entrypoints/gitlab-panels).
 */
export default defineContentScript({
  // gitlab.com here; self-hosted GitLab hosts are registered at run time once the user allows them.
  matches: ['https://gitlab.com/*'],
  runAt: 'document_idle',
  // WXT's start-up postMessage would wake every message listener of GitLab's own page; its custom event is enough.
  noScriptStartedPostMessage: true,
  main(ctx) {
    let current: AbortController | undefined;
    let removals: Array<() => void> = [];

    async function run() {
      // A new page (or in-page navigation): what the last one started is cancelled and its panels removed.
      current?.abort();
      const controller = new AbortController();
      current = controller;
      for (const remove of removals.splice(0)) remove();

      const page = readGitlabPage(document, location.href);
      if (!page?.projectPath) return;
      const panels = panelsFor(page, document);
      if (panels.length === 0) return;
      const link = await askOrNull({ type: 'panelContext', projectPath: page.projectPath, projectId: page.projectId });
      if (!link || controller.signal.aborted) return;
      if (!globalThis.errorTrackerPanels) await askOrNull({ type: 'loadPanels' });
      const api = globalThis.errorTrackerPanels;
      if (!api || controller.signal.aborted) return;
      removals = await api.show(ctx, page, link, panels, controller.signal);
    }

    // GitLab's own load and first paint come first: nothing of ours runs until the page has loaded.
    const start = () => setTimeout(run);
    if (document.readyState === 'complete') start();
    else addEventListener('load', start, { once: true });
    // WXT reports an in-page navigation from the Navigation API's navigate event, before location.href changes:
    // the run reads the page once the navigation has taken place.
    ctx.addEventListener(window, 'wxt:locationchange', start);
  },
});
