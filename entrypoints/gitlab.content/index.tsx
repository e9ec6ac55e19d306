import { defineContentScript } from 'wxt/utils/define-content-script';
import { ask } from '@/lib/ask';
import { readGitlabPage } from '@/lib/content/gitlab-page';
import type { PanelFeature } from './feature';
import { commitErrors } from './features/commit-errors';
import { fileErrors } from './features/file-errors';
import { issueError } from './features/issue-error';
import { errorTrackingPage, projectErrors } from './features/project-errors';

const FEATURES: PanelFeature[] = [projectErrors, errorTrackingPage, issueError, fileErrors, commitErrors];

export default defineContentScript({
  // gitlab.com here; self-hosted GitLab hosts are registered at run time once the user allows them.
  matches: ['https://gitlab.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
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
      const features = FEATURES.filter((feature) => feature.matches(page, document));
      if (features.length === 0) return;
      // One request decides whether this project is linked; unlinked projects get nothing more.
      const link = await ask({ type: 'panelContext', projectPath: page.projectPath, projectId: page.projectId }).catch(() => null);
      if (!link || controller.signal.aborted) return;
      for (const feature of features) {
        feature
          .mount(ctx, page, link, controller.signal)
          .then((remove) => (controller.signal.aborted ? remove() : removals.push(remove)))
          .catch((error) => console.debug(`Error Tracker: ${feature.id} not shown`, error));
      }
    }

    void run();
    ctx.addEventListener(window, 'wxt:locationchange', () => void run());
  },
});
