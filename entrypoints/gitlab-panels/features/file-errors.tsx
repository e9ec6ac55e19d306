import { ErrorRowsPanel } from '@/components/panels/ErrorRowsPanel';
import { mountPanel } from '@/components/panels/mount';
import { ask } from '@/lib/ask';
import { blobPathOf } from '@/lib/content/gitlab-page';
import type { PanelFeature } from '../feature';

/** A file page: recent errors whose in-app frames point at this file, with links to the lines. */
export const fileErrors: PanelFeature = {
  id: 'file-errors',
  async mount(ctx, page, link, signal) {
    const rows = await ask({ type: 'fileErrors', linkId: link.linkId, path: blobPathOf(page)! });
    if (rows.length === 0 || signal.aborted) return () => undefined;
    return mountPanel(ctx, {
      name: 'error-tracker-file',
      anchors: ['#content-body'],
      append: 'first',
      theme: page.theme,
      content: <ErrorRowsPanel link={link} id="file-errors" title="Errors in this file" rows={rows} />,
    });
  },
};
