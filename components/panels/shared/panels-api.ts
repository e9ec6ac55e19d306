import type { PanelContext } from '@/lib/protocol/replies';
import type { GitlabPage } from '@/lib/content/gitlab-page';
import type { PanelId } from '../pages';

/**
 * The panels' code is injected into the content script's world only on pages of linked projects, and
 * registers itself here for the loader to call.
 */
export interface PanelsApi {
  /** Mounts the panels; resolves to their removals. `signal` aborts when the user navigates away. */
  show(page: GitlabPage, link: PanelContext, panels: PanelId[], signal: AbortSignal): Promise<Array<() => void>>;
}

declare global {
  // eslint-disable-next-line no-var
  var errorTrackerPanels: PanelsApi | undefined;
}
