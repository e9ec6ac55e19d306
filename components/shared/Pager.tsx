import { plural } from '@/lib/util/format';

interface Props {
  pageNumber: number;
  hasPrevious: boolean;
  hasNext: boolean;
  total?: number;
  totalCapped?: boolean;
  onPrevious(): void;
  onNext(): void;
}

export function Pager({ pageNumber, hasPrevious, hasNext, total, totalCapped, onPrevious, onNext }: Props) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" onClick={onPrevious} disabled={!hasPrevious}>
        Previous page
      </button>
      <span aria-live="polite">
        Page {pageNumber}
        {total !== undefined && ` · ${plural(total, 'error')}${totalCapped ? '+' : ''}`}
      </span>
      <button type="button" onClick={onNext} disabled={!hasNext}>
        Next page
      </button>
    </nav>
  );
}
