import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startPanelsContext } from '@/components/panels/shared/panels-context';
import { PANEL_FEATURES } from '@/components/panels/features';
import type { PanelFeature } from '@/components/panels/shared/panel-feature';
import type { PanelsApi } from '@/components/panels/shared/panels-api';
import { startPanelRuns, type ShowPanels } from '@/components/panels/shared/panel-runs';

const FEATURES: PanelFeature[] = Object.values(PANEL_FEATURES);

/**
 * The panels' UI, which finds the panels' places on the page and follows in-page navigations. The background
 * injects this script into the content script's world of a GitLab tab only when the page belongs to a linked
 * project (see entrypoints/gitlab-loader.ts); it registers itself for the loader there.
 */
export default defineUnlistedScript(() => {
  // The panels' life (removed when the extension goes away or a newer copy starts) is tracked here, on linked
  // projects' pages only, rather than by the loader on every GitLab page.
  const ctx = startPanelsContext();
  const show: ShowPanels = async (page, link, panels, signal) => {
    const removals: Array<() => void> = [];
    await Promise.all(
      FEATURES.filter((feature) => panels.includes(feature.id)).map((feature) =>
        feature
          .mount(ctx, page, link, signal)
          .then((remove) => (signal.aborted ? remove() : removals.push(remove)))
          .catch((error) => console.debug(`Error Tracker: ${feature.id} not shown`, error)),
      ),
    );
    return removals;
  };
  const api: PanelsApi = {
    start(link) {
      const stop = startPanelRuns(show, link);
      ctx.onInvalidated(stop);
      return stop;
    },
  };
  globalThis.errorTrackerPanels = api;
});
