import type { PanelsContext } from './panels-context';
import type { PanelContext } from '@/lib/protocol/replies';
import type { GitlabPage } from '@/lib/content/gitlab-page';
import type { PanelId } from '../pages';

/** One panel on one kind of GitLab page (refined-github's feature-per-folder shape): its UI. */
export interface PanelFeature {
  id: PanelId;
  /** Mounts the panel; resolves to its removal. `signal` aborts when the user navigates away. */
  mount(ctx: PanelsContext, page: GitlabPage, link: PanelContext, signal: AbortSignal): Promise<() => void>;
}
