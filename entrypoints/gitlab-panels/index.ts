import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { PANEL_FEATURES } from '@/components/panels/features';
import type { PanelFeature } from '@/components/panels/shared/panel-feature';
import type { PanelsApi } from '@/components/panels/shared/panels-api';

const FEATURES: PanelFeature[] = Object.values(PANEL_FEATURES);

/**
 * The panels' UI. The background injects this script into the content script's world of a GitLab tab only
 * when the page belongs to a linked project (see entrypoints/gitlab.content); it registers itself for the
 * loader there.
 */
export default defineUnlistedScript(() => {
  const api: PanelsApi = {
    async show(ctx, page, link, panels, signal) {
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
    },
  };
  globalThis.errorTrackerPanels = api;
});
