import { ProjectErrorsPanel } from '../project-errors/ProjectErrorsPanel';
import { mountPanel } from '../shared/mount';
import type { PanelFeature } from '../shared/panel-feature';

/** GitLab's Monitor > Error Tracking page when it shows "Get started" or is turned off: the full list there. */
export const errorTrackingPage: PanelFeature = {
  id: 'error-tracking-page',
  mount: async (ctx, _page, link) =>
    mountPanel(ctx, {
      name: 'error-tracker-list',
      anchors: ['#js-error_tracking', '#content-body'],
      insert: 'before',
      content: <ProjectErrorsPanel link={link} />,
    }),
};
