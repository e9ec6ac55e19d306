import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { LazyDetails, preloadDetails } from '@/components/shared/LazyDetails';
import { ErrorList } from '@/components/shared/ErrorList';
import { ListControls } from '@/components/shared/ListControls';
import { Pager } from '@/components/shared/Pager';
import { relativeTime } from '@/lib/format';
import { LinkSwitcher } from './LinkSwitcher';
import type { PopupStore } from './store';

function openOptions(event: Event) {
  event.preventDefault();
  void browser.runtime.openOptionsPage();
}

/** Renders a store its owner has opened (main.tsx opens it before the first render). */
export function PopupApp({ store }: { store: PopupStore }) {
  // Where focus goes back to when the details close: the row that was opened.
  const lastOpenedId = useRef<string | null>(null);
  useEffect(() => {
    const idle = setTimeout(() => void preloadDetails(), 300);
    return () => clearTimeout(idle);
  }, []);

  const view = store.view.value;
  if (store.viewFailure.value) {
    return (
      <main class="popup">
        <div role="alert" class="failure">
          <p>{store.viewFailure.value.message}</p>
          <button type="button" onClick={() => void store.retry()}>
            Retry
          </button>
        </div>
      </main>
    );
  }
  if (!view) {
    return (
      <main class="popup">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (!view.configured) {
    return (
      <main class="popup">
        <h1>Error Tracker</h1>
        <p>Connect Sentry and link a GitLab project to see its errors here.</p>
        <a href={browser.runtime.getURL('/options.html')} onClick={openOptions}>
          Open options
        </a>
      </main>
    );
  }

  const opened = store.openError.value;
  if (opened && store.linkId.value) {
    return (
      <main class="popup">
        <LazyDetails
          key={opened.id}
          linkId={store.linkId.value}
          summary={opened}
          ask={store.ask}
          onBack={store.closeDetails}
          onStatusChanged={store.applyStatusChange}
        />
      </main>
    );
  }

  const list = store.list.value;
  const failure = store.listFailure.value;
  const errors = store.visibleErrors.value;
  const now = Date.now();
  return (
    <main class="popup">
      <header>
        <h1>Error Tracker</h1>
        <button type="button" onClick={() => void store.refreshAll()} disabled={store.loading.value}>
          Refresh
        </button>
        <a href={browser.runtime.getURL('/options.html')} onClick={openOptions}>
          Options
        </a>
      </header>
      <LinkSwitcher links={view.links} selectedId={store.linkId.value} onSelect={(id) => void store.selectLink(id)} />
      <ListControls
        query={store.query.value}
        searchText={store.searchText.value}
        onSearch={store.setSearch}
        onStatus={(status) => void store.setStatus(status)}
        onSort={(sort) => void store.setSort(sort)}
      />
      {failure && (
        <div role="alert" class="failure">
          <p>
            {list ? 'Could not refresh: ' : ''}
            {failure.message}
          </p>
          <button type="button" onClick={() => void store.retry()}>
            Retry
          </button>
        </div>
      )}
      {store.loading.value && (
        <p role="status" class="loading">
          {list ? 'Refreshing…' : 'Loading errors…'}
        </p>
      )}
      {list && !store.loading.value && !failure && (
        <p class="updated">Updated {relativeTime(new Date(list.fetchedAt).toISOString(), now)}</p>
      )}
      {list && errors.length === 0 && !store.loading.value && <p class="empty">No errors to display</p>}
      {errors.length > 0 && (
        <ErrorList
          errors={errors}
          now={now}
          focusId={lastOpenedId.current}
          onOpen={(error) => {
            lastOpenedId.current = error.id;
            store.openDetails(error);
          }}
        />
      )}
      {list && (
        <Pager
          pageNumber={store.pageNumber.value}
          hasPrevious={store.pageNumber.value > 1}
          hasNext={Boolean(list.page.nextCursor)}
          total={list.page.total}
          totalCapped={list.page.totalCapped}
          onPrevious={() => void store.previousPage()}
          onNext={() => void store.nextPage()}
        />
      )}
    </main>
  );
}
