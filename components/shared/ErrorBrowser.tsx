import type { ComponentType } from 'preact';
import { useRef } from 'preact/hooks';
import type { ErrorSummary } from '@/lib/domain/model';
import { relativeTime } from '@/lib/util/format';
import type { ErrorDetailsView, HeadingLevel } from './ErrorDetailsView';
import { ErrorList } from './ErrorList';
import { FailureAlert } from './FailureAlert';
import type { ListStore } from './list-store';
import { ListControls } from './ListControls';
import { Pager } from './Pager';

interface Props {
  store: ListStore;
  /** The details view: loaded lazily in the popup, bundled in the content script. */
  Details: ComponentType<Parameters<typeof ErrorDetailsView>[0]>;
  detailsHeadingLevel: HeadingLevel;
  /** ErrorList's firstRows: the popup's list draws what fits first. */
  firstRows?: number;
}

/** Filter, status, sort, the list with its states and paging; an error opens in place. */
export function ErrorBrowser({ store, Details, detailsHeadingLevel, firstRows }: Props) {
  // Where focus goes back to when the details close: the row that was opened.
  const lastOpenedId = useRef<string | null>(null);
  const opened = store.openError.value;
  if (opened && store.linkId.value) {
    return (
      <Details
        key={opened.id}
        linkId={store.linkId.value}
        summary={opened}
        ask={store.ask}
        onBack={store.closeDetails}
        onStatusChanged={store.applyStatusChange}
        headingLevel={detailsHeadingLevel}
      />
    );
  }

  const list = store.list.value;
  const failure = store.listFailure.value;
  const errors = store.visibleErrors.value;
  const loading = store.loading.value;
  const now = Date.now();
  return (
    <>
      <ListControls store={store} />
      {failure && <FailureAlert failure={failure} prefix={list ? 'Could not refresh: ' : ''} onRetry={store.retry} />}
      {loading && (
        <p role="status" class="loading">
          {list ? 'Refreshing…' : 'Loading errors…'}
        </p>
      )}
      {list && !loading && !failure && <p class="updated">Updated {relativeTime(new Date(list.fetchedAt).toISOString(), now)}</p>}
      {list?.page.sortedOnPage && errors.length > 0 && <p class="updated">{pageOrderNote(errors)}</p>}
      {list && errors.length === 0 && !loading && <p class="empty">No errors to display</p>}
      {errors.length > 0 && (
        <ErrorList
          errors={errors}
          now={now}
          focusId={lastOpenedId.current}
          firstRows={firstRows}
          onOpen={(error) => {
            lastOpenedId.current = error.id;
            store.openDetails(error);
          }}
        />
      )}
      <Pager store={store} />
    </>
  );
}

/** Trending sorted here rather than by the server: say that the order holds within the page, and on what. */
function pageOrderNote(errors: ErrorSummary[]): string {
  return errors.some((error) => error.hourlyEvents)
    ? 'Trending within this page: rising errors first, then by last seen.'
    : 'No event trend came with these errors: shown by last seen.';
}
