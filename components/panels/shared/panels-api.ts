import type { PanelContext } from '@/lib/protocol/replies';

/**
 * The panels' code is injected into the content script's world only on pages of linked projects, and
 * registers itself here for the loader to call.
 */
export interface PanelsApi {
  /**
   * Shows the page's panels and follows in-page navigations (components/panels/shared/panel-runs.ts) until the
   * returned stop is called. `link`: the loader's answer for the page's project; undefined when the page names
   * no project.
   */
  start(link: PanelContext | undefined): () => void;
}

declare global {
  // eslint-disable-next-line no-var
  var errorTrackerPanels: PanelsApi | undefined;
}
