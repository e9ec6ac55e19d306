import { mountPanel } from '@/components/panels/mount';
import { ProjectErrorsPanel } from '@/components/panels/ProjectErrorsPanel';
import type { PanelFeature } from '../feature';

/** The project's home page: its errors, with the popup's controls, details in place. */
export const projectErrors: PanelFeature = {
  id: 'project-errors',
  mount: (ctx, page, link) =>
    mountPanel(ctx, {
      name: 'error-tracker-project',
      anchors: ['#content-body'],
      append: 'first',
      content: <ProjectErrorsPanel link={link} />,
    }),
};

/** GitLab's Monitor > Error Tracking page when it shows "Get started" or is turned off: the full list there. */
export const errorTrackingPage: PanelFeature = {
  id: 'error-tracking-page',
  mount: (ctx, page, link) =>
    mountPanel(ctx, {
      name: 'error-tracker-list',
      anchors: ['#js-error_tracking', '#content-body'],
      append: 'before',
      content: <ProjectErrorsPanel link={link} />,
    }),
};
