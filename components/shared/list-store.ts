import { batch, computed, signal } from '@preact/signals';
import type { ErrorListView } from '@/lib/protocol/replies';
import type { ask as defaultAsk } from '@/lib/protocol/ask';
import { unresolvedDelta } from '@/lib/domain/counts';
import { environmentOf, withEnvironment, type EnvironmentChoices } from '@/lib/domain/environments';
import { toFailure, type Failure } from '@/lib/domain/errors';
import { DEFAULT_QUERY, type ErrorSort, type ErrorStatus, type ErrorSummary, type ListQuery } from '@/lib/domain/model';
import { askDetailsEarly } from './details-request';

export type Ask = typeof defaultAsk;

const SEARCH_DEBOUNCE_MS = 300;
const LIST_DATA_MARK = 'error-tracker:list-data';
/** GitLab may take a while to warm its cache: the list asks again on its own, a few times. */
const WARMING_RETRY_MS = 5_000;
const WARMING_RETRIES = 6;

export interface ListStoreHooks {
  /**
   * A first page of unresolved errors arrived (in the environment shown), or a status change moved the unresolved
   * count by `delta`.
   */
  onCount?(linkId: string, change: { total?: number; capped?: boolean; delta?: number }): void;
  /** The user chose another environment for the link (its list now opens on it), or its environments were read. */
  onEnvironments?(linkId: string, change: { environment: string; environments?: EnvironmentChoices }): void;
}

/**
 * One link's error list: query, paging, the page shown and the error opened. Shared by the popup and the
 * GitLab panels. Every request carries a sequence number; answers to superseded requests are dropped, so a
 * slow page never overwrites the one the user asked for last.
 */
export function createListStore(ask: Ask, hooks: ListStoreHooks = {}) {
  const linkId = signal<string | undefined>(undefined);
  const query = signal<ListQuery>(DEFAULT_QUERY);
  const searchText = signal('');
  const cursor = signal<string | undefined>(undefined);
  const pageNumber = signal(1);
  const list = signal<ErrorListView | null>(null);
  const loading = signal(false);
  const listFailure = signal<Failure | null>(null);
  const openError = signal<ErrorSummary | null>(null);
  /** The link's environments for the Environment combobox; null until known. */
  const environments = signal<EnvironmentChoices | null>(null);
  const environmentsFailure = signal<Failure | null>(null);
  let sequence = 0;
  let warmingRetries = 0;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;

  /** Rows shown: the current page, narrowed at once by the text typed while the server search runs. */
  const visibleErrors = computed(() => {
    const errors = list.value?.page.errors ?? [];
    const text = searchText.value.trim().toLowerCase();
    if (!text || text === query.value.search.trim().toLowerCase()) return errors;
    return errors.filter((error) => error.title.toLowerCase().includes(text));
  });

  async function load({ useCache }: { useCache: boolean }): Promise<void> {
    const id = linkId.value;
    if (!id) return;
    const mine = ++sequence;
    const request = { type: 'listErrors' as const, linkId: id, query: query.value, cursor: cursor.value };
    loading.value = true;
    listFailure.value = null;
    try {
      // Asked first, so that nothing between the cached page's arrival and its rows is the refresh's.
      const network = ask({ ...request, source: 'network' });
      let fresher = false;
      network.then(
        () => (fresher = true),
        () => (fresher = true),
      );
      if (useCache) {
        const cached = await ask({ ...request, source: 'cache' });
        if (mine !== sequence) return;
        if (cached && !fresher) {
          // Where `npm run bench` starts the panel's "data in hand → rows painted" (docs/performance.md).
          performance.mark(LIST_DATA_MARK);
          list.value = cached;
          reportCount(id, request, cached);
        }
      }
      const fresh = await network;
      if (mine !== sequence) return;
      warmingRetries = 0;
      batch(() => {
        list.value = fresh;
        loading.value = false;
      });
      if (fresh) reportCount(id, request, fresh);
    } catch (error) {
      if (mine !== sequence) return;
      const failure = toFailure(error);
      batch(() => {
        listFailure.value = failure;
        loading.value = false;
      });
      if (failure.kind === 'warming' && warmingRetries++ < WARMING_RETRIES) {
        setTimeout(() => mine === sequence && void load({ useCache: false }), WARMING_RETRY_MS);
      }
    }
  }

  /** The count shown next to the list follows its environment: a first unresolved page, unfiltered by text, has it. */
  function reportCount(id: string, request: { query: ListQuery; cursor?: string }, answer: ErrorListView): void {
    if (!request.cursor && request.query.status === 'unresolved' && !request.query.search) {
      hooks.onCount?.(id, { total: answer.page.total, capped: answer.page.totalCapped });
    }
  }

  /** The link's environments; an answer for a link no longer shown is dropped. */
  async function loadEnvironments(): Promise<void> {
    const id = linkId.value;
    if (!id) return;
    try {
      const answer = await ask({ type: 'listEnvironments', linkId: id });
      if (id !== linkId.value) return;
      batch(() => {
        environments.value = answer;
        environmentsFailure.value = null;
      });
      // A backend without environments lists them all, whatever was remembered.
      const environment = 'unsupported' in answer ? '' : environmentOf(query.value);
      hooks.onEnvironments?.(id, { environment, environments: answer });
      if (environment !== environmentOf(query.value)) await restart(() => (query.value = withEnvironment(query.value, environment)));
    } catch (error) {
      if (id === linkId.value) environmentsFailure.value = toFailure(error);
    }
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
    const delta = unresolvedDelta(error.status, previousStatus);
    if (delta !== 0 && linkId.value) hooks.onCount?.(linkId.value, { delta });
  }

  return {
    ask,
    linkId,
    query,
    searchText,
    pageNumber,
    list,
    loading,
    listFailure,
    visibleErrors,
    openError,
    environments,
    environmentsFailure,
    load,
    loadEnvironments,
    restart,
    applyStatusChange,
    openDetails(error: ErrorSummary) {
      if (linkId.value) askDetailsEarly(ask, linkId.value, error.id);
      openError.value = error;
    },
    closeDetails: () => (openError.value = null),
    retry: () => load({ useCache: false }),
    setStatus: (status: ErrorStatus) => restart(() => (query.value = { ...query.value, status })),
    setSort: (sort: ErrorSort) => restart(() => (query.value = { ...query.value, sort })),
    setEnvironment(environment: string) {
      const id = linkId.value;
      if (id) hooks.onEnvironments?.(id, { environment });
      return restart(() => (query.value = withEnvironment(query.value, environment)));
    },
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
  };
}

export type ListStore = ReturnType<typeof createListStore>;
