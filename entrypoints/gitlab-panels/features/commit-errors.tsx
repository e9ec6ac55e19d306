import { ErrorRowsPanel } from '@/components/panels/ErrorRowsPanel';
import { mountPanel } from '@/components/panels/mount';
import { ask } from '@/lib/ask';
import { commitShaOf } from '@/lib/content/gitlab-page';
import type { PanelFeature } from '../feature';

/** A commit page: errors whose first release is this commit. */
export const commitErrors: PanelFeature = {
  id: 'commit-errors',
  async mount(ctx, page, link, signal) {
    const errors = await ask({ type: 'commitErrors', linkId: link.linkId, sha: commitShaOf(page)! });
    if (errors.length === 0 || signal.aborted) return () => undefined;
    return mountPanel(ctx, {
      name: 'error-tracker-commit',
      anchors: ['#content-body'],
      append: 'first',
      theme: page.theme,
      content: (
        <ErrorRowsPanel link={link} id="commit-errors" title="Errors first seen in this commit" rows={errors.map((error) => ({ error }))} />
      ),
    });
  },
};
