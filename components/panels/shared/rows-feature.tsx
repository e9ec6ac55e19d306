import type { PanelContext } from '@/lib/protocol/replies';
import type { GitlabPage } from '@/lib/content/gitlab-page';
import type { ErrorSummary } from '@/lib/domain/model';
import type { PanelId } from '../pages';
import { ErrorOpener } from './error-opener';
import { ErrorRowsPanel, type ErrorRowsPanelRow } from './ErrorRowsPanel';
import { mountPanel } from './mount';
import type { PanelFeature } from './panel-feature';

interface RowsFeature<Row extends ErrorRowsPanelRow> {
  id: PanelId;
  /** The panel's custom element: one per page. */
  element: `error-tracker-${string}`;
  /** Also the region's name. */
  title: string;
  load(page: GitlabPage, link: PanelContext): Promise<Row[]>;
  /** Marks the page's lines the rows point at, each opening its errors in the panel; returns the removal. */
  markLines?(page: GitlabPage, rows: Row[], open: (error: ErrorSummary) => void): () => void;
}

/** A panel listing the errors about what a page shows; none at all when there are none. */
export function rowsFeature<Row extends ErrorRowsPanelRow>({ id, element, title, load, markLines }: RowsFeature<Row>): PanelFeature {
  return {
    id,
    async mount(ctx, page, link, signal) {
      const rows = await load(page, link);
      if (rows.length === 0 || signal.aborted) return () => undefined;
      const opener = new ErrorOpener();
      const removePanel = mountPanel(ctx, {
        name: element,
        anchors: ['#content-body'],
        insert: 'prepend',
        content: <ErrorRowsPanel link={link} id={id} title={title} rows={rows} opener={opener} />,
      });
      if (signal.aborted) return removePanel;
      const removeMarkers = markLines?.(page, rows, opener.open);
      return () => {
        removeMarkers?.();
        removePanel();
      };
    },
  };
}
