import { batch, computed, signal } from '@preact/signals';
import type { ErrorListView, PopupView } from '@/lib/api';
import { ask as defaultAsk } from '@/lib/ask';
import { toFailure, type Failure } from '@/lib/errors';
import { DEFAULT_QUERY, type ErrorSort, type ErrorStatus, type ErrorSummary, type ListQuery } from '@/lib/model';

export type Ask = typeof defaultAsk;

const SEARCH_DEBOUNCE_MS = 300;

/**
 * The popup's state. Every list request carries a sequence number; answers to superseded requests are
 * dropped, so a slow page never overwrites the one the user asked for last.
 */
export function createPopupStore(ask: Ask = defaultAsk) {
  const view = signal<PopupView | null>(null);
  const viewFailure = signal<Failure | null>(null);
  const linkId = signal<string | undefined>(undefined);
  const query = signal<ListQuery>(DEFAULT_QUERY);
  const searchText = signal('');
  const cursor = signal<string | undefined>(undefined);
  const pageNumber = signal(1);
  const list = signal<ErrorListView | null>(null);
  const loading = signal(false);
  const listFailure = signal<Failure | null>(null);
  const openError = signal<ErrorSummary | null>(null);
  let sequence = 0;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;

  /** Rows shown: the current page, narrowed at once by the text typed while the server search runs. */
  const visibleErrors = computed(() => {
    const errors = list.value?.page.errors ?? [];
    const text = searchText.value.trim().toLowerCase();
    if (!text || text === query.value.search.trim().toLowerCase()) return errors;
    return errors.filter((error) => error.title.toLowerCase().includes(text));
  });

  async function open(): Promise<void> {
    try {
      const popup = await ask({ type: 'openPopup' });
      batch(() => {
        view.value = popup;
        viewFailure.value = null;
        linkId.value = popup.selectedLinkId;
        query.value = popup.query;
        searchText.value = popup.query.search;
        if (popup.cached) list.value = popup.cached;
      });
      if (popup.configured && popup.selectedLinkId) await load({ useCache: !popup.cached });
    } catch (error) {
      viewFailure.value = toFailure(error);
    }
  }

  async function load({ useCache }: { useCache: boolean }): Promise<void> {
    const id = linkId.value;
    if (!id) return;
    const mine = ++sequence;
    const request = { type: 'listErrors' as const, linkId: id, query: query.value, cursor: cursor.value };
    loading.value = true;
    listFailure.value = null;
    try {
      if (useCache) {
        const cached = await ask({ ...request, source: 'cache' });
        if (mine !== sequence) return;
        if (cached) list.value = cached;
      }
      const fresh = await ask({ ...request, source: 'network' });
      if (mine !== sequence) return;
      batch(() => {
        list.value = fresh;
        loading.value = false;
      });
      if (!request.cursor && fresh && query.value.status === 'unresolved' && !query.value.search) {
        updateLinkCount(id, fresh);
      }
    } catch (error) {
      if (mine !== sequence) return;
      batch(() => {
        listFailure.value = toFailure(error);
        loading.value = false;
      });
    }
  }

  function updateLinkCount(id: string, fresh: ErrorListView | null): void {
    const current = view.value;
    if (!current || fresh?.page.total === undefined) return;
    view.value = {
      ...current,
      links: current.links.map((link) =>
        link.id === id
          ? { ...link, status: { checkedAt: fresh.fetchedAt, count: fresh.page.total, countCapped: fresh.page.totalCapped } }
          : link,
      ),
    };
  }

  function restart(change: () => void): Promise<void> {
    batch(() => {
      change();
      cursor.value = undefined;
      pageNumber.value = 1;
      list.value = null;
    });
    return load({ useCache: true });
  }

  /** A status changed in the details: the list and the counts follow without a round trip. */
  function applyStatusChange(error: ErrorSummary, previousStatus: string): void {
    const current = list.value;
    if (current) {
      const leaves = error.status !== query.value.status;
      const errors = leaves
        ? current.page.errors.filter((row) => row.id !== error.id)
        : current.page.errors.map((row) => (row.id === error.id ? { ...row, ...error } : row));
      const removed = current.page.errors.length - errors.length;
      const total = current.page.total === undefined ? undefined : Math.max(0, current.page.total - removed);
      list.value = { ...current, page: { ...current.page, errors, total } };
    }
    const delta = Number(error.status === 'unresolved') - Number(previousStatus === 'unresolved');
    const currentView = view.value;
    if (delta !== 0 && currentView) {
      view.value = {
        ...currentView,
        links: currentView.links.map((link) =>
          link.id === linkId.value && link.status?.count !== undefined
            ? { ...link, status: { ...link.status, count: Math.max(0, link.status.count + delta) } }
            : link,
        ),
      };
    }
  }

  return {
    ask,
    openError,
    openDetails: (error: ErrorSummary) => (openError.value = error),
    closeDetails: () => (openError.value = null),
    applyStatusChange,
    view,
    viewFailure,
    linkId,
    query,
    searchText,
    pageNumber,
    list,
    loading,
    listFailure,
    visibleErrors,
    open,
    retry: () => (view.value ? load({ useCache: false }) : open()),
    selectLink: (id: string) => restart(() => (linkId.value = id)),
    setStatus: (status: ErrorStatus) => restart(() => (query.value = { ...query.value, status })),
    setSort: (sort: ErrorSort) => restart(() => (query.value = { ...query.value, sort })),
    setSearch(text: string) {
      searchText.value = text;
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        if (text.trim() !== query.value.search) void restart(() => (query.value = { ...query.value, search: text.trim() }));
      }, SEARCH_DEBOUNCE_MS);
    },
    nextPage() {
      const next = list.value?.page.nextCursor;
      if (!next) return Promise.resolve();
      batch(() => {
        cursor.value = next;
        pageNumber.value += 1;
      });
      return load({ useCache: true });
    },
    previousPage() {
      const previous = list.value?.page.previousCursor;
      if (pageNumber.value <= 1) return Promise.resolve();
      batch(() => {
        // Sentry's first page has no cursor; going back to it must ask for exactly that page.
        cursor.value = pageNumber.value === 2 ? undefined : previous;
        pageNumber.value -= 1;
      });
      return load({ useCache: true });
    },
    async refreshAll(): Promise<void> {
      try {
        const popup = await ask({ type: 'refreshNow' });
        view.value = { ...popup, cached: undefined };
      } catch (error) {
        viewFailure.value = toFailure(error);
      }
      await load({ useCache: false });
    },
  };
}

export type PopupStore = ReturnType<typeof createPopupStore>;
