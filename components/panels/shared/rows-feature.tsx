import type { PanelContext } from '@/lib/protocol/replies';
import type { GitlabPage } from '@/lib/content/gitlab-page';
import type { PanelId } from '../pages';
import { ErrorRowsPanel, type ErrorRowsPanelRow } from './ErrorRowsPanel';
import { mountPanel } from './mount';
import type { PanelFeature } from './panel-feature';

interface RowsFeature {
  id: PanelId;
  /** The panel's custom element: one per page. */
  element: `error-tracker-${string}`;
  /** Also the region's name. */
  title: string;
  load(page: GitlabPage, link: PanelContext): Promise<ErrorRowsPanelRow[]>;
}

/** A panel listing the errors about what a page shows; none at all when there are none. */
export function rowsFeature({ id, element, title, load }: RowsFeature): PanelFeature {
  return {
    id,
    async mount(ctx, page, link, signal) {
      const rows = await load(page, link);
      if (rows.length === 0 || signal.aborted) return () => undefined;
      return mountPanel(ctx, {
        name: element,
        anchors: ['#content-body'],
        append: 'first',
        content: <ErrorRowsPanel link={link} id={id} title={title} rows={rows} />,
      });
    },
  };
}
