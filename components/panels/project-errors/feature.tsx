import { mountPanel } from '../shared/mount';
import type { PanelFeature } from '../shared/panel-feature';
import { ProjectErrorsPanel } from './ProjectErrorsPanel';

/** The project's home page: its errors, with the popup's controls, details in place. */
export const projectErrors: PanelFeature = {
  id: 'project-errors',
  mount: async (ctx, _page, link) =>
    mountPanel(ctx, {
      name: 'error-tracker-project',
      anchors: ['#content-body'],
      insert: 'prepend',
      content: <ProjectErrorsPanel link={link} />,
    }),
};
