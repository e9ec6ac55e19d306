import { batch, signal } from '@preact/signals';
import type { LinkOverview, PopupView } from '@/lib/protocol/replies';
import { ask as defaultAsk } from '@/lib/protocol/ask';
import { toFailure, type Failure } from '@/lib/domain/errors';
import { nextCount } from '@/lib/domain/counts';
import { environmentOf, withEnvironment } from '@/lib/domain/environments';
import { DEFAULT_QUERY } from '@/lib/domain/model';
import { createListStore, type Ask } from '@/components/shared/list-store';
import { afterPaint } from '@/components/shared/after-paint';
import { readPopupSnapshot } from '@/lib/store/popup-snapshot';

/** The popup: every active link with its count, and the list store of the link selected. */
export function createPopupStore(ask: Ask = defaultAsk, snapshot: () => Promise<PopupView> = readPopupSnapshot) {
  const view = signal<PopupView | null>(null);
  const viewFailure = signal<Failure | null>(null);

  function updateLink(linkId: string, change: (link: LinkOverview) => LinkOverview): void {
    const current = view.value;
    if (current) view.value = { ...current, links: current.links.map((link) => (link.id === linkId ? change(link) : link)) };
  }

  const list = createListStore(ask, {
    // The count next to a link is the one of the environment its list shows.
    onCount(linkId, { total, capped, delta }) {
      updateLink(linkId, (link) => {
        if (total !== undefined) return { ...link, status: { checkedAt: Date.now(), count: total, countCapped: capped } };
        const count = nextCount(link.status?.count, { delta });
        return count === link.status?.count ? link : { ...link, status: { ...link.status!, count } };
      });
    },
    // Switching links and back keeps each link's environment, as the background remembers it.
    onEnvironments(linkId, { environment, environments }) {
      updateLink(linkId, (link) => ({ ...link, environment, environments: environments ?? link.environments }));
    },
  });

  // Settles once the stored view, or why it could not be read, is in the signals: main.tsx draws the first frame then.
  let viewRead = () => {};
  const firstView = new Promise<void>((settle) => (viewRead = settle));

  async function open(): Promise<void> {
    try {
      // Straight from storage: the first draw does not wait for the background to wake up.
      const popup = await snapshot();
      batch(() => {
        view.value = popup;
        viewFailure.value = null;
        list.linkId.value = popup.selectedLinkId;
        list.query.value = popup.query;
        list.searchText.value = popup.query.search;
        list.environments.value = overviewOf(popup, popup.selectedLinkId)?.environments ?? null;
        if (popup.cached) list.list.value = popup.cached;
        // Opened for a notification's click: straight on that error's details, its list behind them.
        if (popup.openError) list.openError.value = popup.openError;
      });
      viewRead();
      if (!popup.configured || !popup.selectedLinkId) return;
      // With cached rows to show, the refresh is asked for once they are painted: each message to the background
      // costs the page a few ms of script, which the first rows would otherwise wait for.
      if (popup.cached) await new Promise<void>((painted) => afterPaint(painted));
      void list.loadEnvironments();
      await list.load({ useCache: !popup.cached });
    } catch (error) {
      viewFailure.value = toFailure(error);
      viewRead();
    }
  }

  return {
    ...list,
    view,
    viewFailure,
    firstView,
    open,
    retry: () => (view.value ? list.load({ useCache: false }) : open()),
    selectLink(id: string): Promise<void> {
      const link = overviewOf(view.value, id);
      const done = list.restart(() => {
        list.linkId.value = id;
        list.query.value = withEnvironment(list.query.value, link?.environment);
        list.environments.value = link?.environments ?? null;
      });
      void list.loadEnvironments();
      return done;
    },
    async refreshAll(): Promise<void> {
      try {
        await ask({ type: 'refreshNow' });
        const popup = await snapshot();
        view.value = { ...popup, cached: undefined };
        // The poll has just fetched the default list of every link: showing it needs no second request.
        const q = list.query.value;
        const selected = overviewOf(popup, popup.selectedLinkId);
        const polled = selected?.status;
        const showsPolledPage =
          popup.cached &&
          polled &&
          !polled.failure &&
          list.linkId.value === popup.selectedLinkId &&
          list.pageNumber.value === 1 &&
          q.search === '' &&
          q.status === DEFAULT_QUERY.status &&
          q.sort === DEFAULT_QUERY.sort &&
          environmentOf(q) === (selected.defaultEnvironment ?? '');
        if (showsPolledPage) {
          list.list.value = popup.cached!;
          list.listFailure.value = null;
          return;
        }
      } catch (error) {
        viewFailure.value = toFailure(error);
      }
      await list.load({ useCache: false });
    },
  };
}

export type PopupStore = ReturnType<typeof createPopupStore>;

const overviewOf = (popup: PopupView | null, linkId: string | undefined): LinkOverview | undefined =>
  popup?.links.find((link) => link.id === linkId);
