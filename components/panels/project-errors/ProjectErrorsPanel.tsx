import { useEffect, useMemo } from 'preact/hooks';
import type { PanelContext } from '@/lib/protocol/replies';
import { ask } from '@/lib/protocol/ask';
import { nextCount } from '@/lib/domain/counts';
import { withEnvironment } from '@/lib/domain/environments';
import { countText } from '@/lib/util/format';
import { ErrorBrowser } from '@/components/shared/ErrorBrowser';
import { ErrorDetailsView } from '@/components/shared/ErrorDetailsView';
import { createListStore } from '@/components/shared/list-store';
import { signal } from '@preact/signals';
import { Panel } from '../shared/Panel';

/** Region "Error tracking": the linked project's unresolved count (in the environment shown) and its errors. */
export function ProjectErrorsPanel({ link }: { link: PanelContext }) {
  const count = useMemo(() => signal({ total: link.count, capped: link.countCapped }), [link]);
  const store = useMemo(
    () =>
      createListStore(ask, {
        onCount(_, change) {
          const total = nextCount(count.value.total, change);
          if (total !== count.value.total || change.total !== undefined) {
            count.value = { total, capped: change.total !== undefined ? change.capped : count.value.capped };
          }
        },
      }),
    [link, count],
  );
  useEffect(() => {
    // The environment last chosen for the link (in the popup or a panel), else its default.
    store.linkId.value = link.linkId;
    store.query.value = withEnvironment(store.query.value, link.environment);
    store.environments.value = link.environments ?? null;
    void store.loadEnvironments();
    void store.load({ useCache: true });
  }, [store, link]);
  const { total, capped } = count.value;
  return (
    <Panel
      id="error-tracking"
      title="Error tracking"
      summary={total === undefined ? undefined : `${countText(total, capped) || 'No'} unresolved`}
      source={link.sourceLabel}
    >
      <ErrorBrowser store={store} Details={ErrorDetailsView} detailsHeadingLevel={3} />
    </Panel>
  );
}
