import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ErrorSummary } from '@/lib/domain/model';
import { afterPaint } from './after-paint';
import { drawErrorRow } from './error-row-dom';
import { titleClicked } from './ErrorRow';

interface Props {
  errors: ErrorSummary[];
  now: number;
  /** The row to focus on mount (coming back from its details). */
  focusId?: string | null;
  onOpen(error: ErrorSummary): void;
  /**
   * Rows drawn in the list's first frame; the rest follow right after it is painted. The popup's first
   * rows then appear without waiting for all of them (Preact builds 100 rows in tens of ms on a slow
   * machine, and fewer than 10 fit in the popup). Unset: every row at once.
   */
  firstRows?: number;
}

/**
 * The error rows, one Tab stop (roving tabindex), so what follows the list (paging) is a Tab away; Arrow keys,
 * Home and End move between titles, Enter opens one.
 */
export function ErrorList({ errors, now, focusId, onOpen, firstRows }: Props) {
  const list = useRef<HTMLUListElement>(null);
  const [current, setCurrent] = useState(focusId ?? null);
  // Back from details, the row to focus may be any of them: then every row is drawn at once.
  const [shownRows, setShownRows] = useState(focusId || firstRows === undefined ? Infinity : firstRows);
  // The remaining rows once the first ones are painted. Not a plain effect: Preact runs effects in one flush, which
  // an earlier render may already have scheduled to come before the rows' first frame; that frame then waited for
  // all of them.
  useLayoutEffect(() => afterPaint(() => setShownRows(Infinity)), []);
  // A new page or filter may have dropped the current row: its first row takes the Tab stop.
  const tabStopId = errors.some((error) => error.id === current) ? current : errors[0]?.id;
  useEffect(() => {
    if (!focusId) return;
    list.current?.querySelector<HTMLButtonElement>(`button[data-error-id="${CSS.escape(focusId)}"]`)?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    const titles = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.error-title') ?? [])];
    // The focused title as its own root sees it: in a panel's shadow root, document.activeElement is the host.
    const root = list.current?.getRootNode() as Document | ShadowRoot | undefined;
    const index = titles.indexOf(root?.activeElement as HTMLButtonElement);
    const target =
      event.key === 'ArrowDown'
        ? titles[Math.min(titles.length - 1, index + 1)]
        : event.key === 'ArrowUp'
          ? titles[Math.max(0, index - 1)]
          : event.key === 'Home'
            ? titles[0]
            : event.key === 'End'
              ? titles.at(-1)
              : undefined;
    if (!target) return;
    event.preventDefault();
    target.focus();
  }

  const shown = shownRows < errors.length ? errors.slice(0, shownRows) : errors;
  // The rows are error-row-dom's, kept by error id: a row redrawn for new values keeps its elements (and focus).
  const rows = useRef(new Map<string, HTMLLIElement>());
  useLayoutEffect(() => {
    const ul = list.current;
    if (!ul) return;
    const kept = new Map<string, HTMLLIElement>();
    let next: ChildNode | null = ul.firstChild;
    // A first drawing goes in at once.
    const into = next ? ul : document.createDocumentFragment();
    for (const error of shown) {
      if (kept.has(error.id)) continue;
      const row = rows.current.get(error.id) ?? document.createElement('li');
      drawErrorRow(row, error, now);
      (row.firstChild as HTMLButtonElement).tabIndex = error.id === tabStopId ? 0 : -1;
      if (row === next) next = row.nextSibling;
      else into.insertBefore(row, next);
      kept.set(error.id, row);
    }
    if (into !== ul) ul.append(into);
    for (const [id, row] of rows.current) if (!kept.has(id)) row.remove();
    rows.current = kept;
  }, [shown, now, tabStopId]);

  function openTitle(event: MouseEvent) {
    const id = titleClicked(event);
    const error = id === undefined ? undefined : errors.find((candidate) => candidate.id === id);
    if (error) onOpen(error);
  }

  return (
    <ul
      class="errors"
      aria-label="Errors"
      ref={list}
      onKeyDown={onKeyDown}
      onClick={openTitle}
      onFocusIn={(event) => {
        const id = titleClicked(event);
        if (id !== undefined) setCurrent(id);
      }}
    />
  );
}
