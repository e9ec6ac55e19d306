import { plural } from '@/lib/util/format';
import type { ListStore } from './list-store';

/** Previous / Next page of the store's list, and where it stands; nothing while there is one page only. */
export function Pager({ store }: { store: ListStore }) {
  const page = store.list.value?.page;
  const pageNumber = store.pageNumber.value;
  const hasPrevious = pageNumber > 1;
  const hasNext = Boolean(page?.nextCursor);
  if (!page || (!hasPrevious && !hasNext)) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" onClick={store.previousPage} disabled={!hasPrevious}>
        Previous page
      </button>
      <span aria-live="polite">
        Page {pageNumber}
        {page.total !== undefined && ` · ${plural(page.total, 'error')}${page.totalCapped ? '+' : ''}`}
      </span>
      <button type="button" onClick={store.nextPage} disabled={!hasNext}>
        Next page
      </button>
    </nav>
  );
}
