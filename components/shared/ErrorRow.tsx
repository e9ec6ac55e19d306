import type { ComponentChildren } from 'preact';
import { exactTime, plural, relativeTime } from '@/lib/format';
import type { ErrorSummary } from '@/lib/model';

interface Props {
  error: ErrorSummary;
  now: number;
  onOpen(error: ErrorSummary): void;
  /** Shown under the culprit, e.g. the lines of a file the error points at. */
  children?: ComponentChildren;
}

/** One error. The button holds only the title, so its accessible name is exactly the title. */
export function ErrorRow({ error, now, onOpen, children }: Props) {
  return (
    <li class="error-row" data-level={error.level}>
      <button type="button" class="error-title" data-error-id={error.id} onClick={() => onOpen(error)}>
        {error.title || '(no title)'}
      </button>
      {error.culprit && <div class="culprit">{error.culprit}</div>}
      {children}
      <div class="facts">
        <span>{plural(error.count, 'event')}</span>
        <span>{plural(error.userCount, 'user')}</span>
        {error.lastSeen && (
          <span>
            last seen{' '}
            <time dateTime={error.lastSeen} title={exactTime(error.lastSeen)}>
              {relativeTime(error.lastSeen, now)}
            </time>
          </span>
        )}
      </div>
    </li>
  );
}
