import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ErrorSummary } from '@/lib/domain/model';
import { drawErrorRow } from './error-row-dom';

interface Props {
  error: ErrorSummary;
  now: number;
  onOpen(error: ErrorSummary): void;
  /** Shown under the culprit, e.g. the lines of a file the error points at. */
  children?: ComponentChildren;
}

/**
 * One error of a short list, with more under its culprit (the panels of a file, a commit, a merge request). The
 * row itself is error-row-dom's, as in the long lists; the button holds only the title, so its accessible name
 * is exactly the title.
 */
export function ErrorRow({ error, now, onOpen, children }: Props) {
  const row = useRef<HTMLLIElement>(null);
  useLayoutEffect(() => {
    if (row.current) drawErrorRow(row.current, error, now);
  });
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the clicks are the title button's, which the keyboard clicks too
    <li ref={row} class="error-row" onClick={(event) => titleClicked(event) && onOpen(error)}>
      {/* Always there, so that what Preact adds to it stays between the culprit and the facts. */}
      <div class="row-detail">{children}</div>
    </li>
  );
}

/** The error id of the title button an event came from, if any. */
export function titleClicked(event: Event): string | undefined {
  return (event.target as Element | null)?.closest?.<HTMLButtonElement>('button.error-title')?.dataset.errorId;
}
