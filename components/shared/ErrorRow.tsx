import type { ComponentChildren } from 'preact';
import { exactTime, plural, relativeTime } from '@/lib/util/format';
import type { ErrorSummary } from '@/lib/domain/model';
import { isRising, recentEvents } from '@/lib/domain/trend';
import { Sparkline } from './Sparkline';

interface Props {
  error: ErrorSummary;
  now: number;
  onOpen(error: ErrorSummary): void;
  /** Shown under the culprit, e.g. the lines of a file the error points at. */
  children?: ComponentChildren;
  /** Set by a list that is one Tab stop (roving tabindex): -1 for every row but the current one. */
  tabIndex?: number;
  onFocus?(): void;
}

/**
 * One error. The button holds only the title, so its accessible name is exactly the title. Its last 24 hours
 * show as a sparkline when the list sent them, and a sharp rise as the word "Rising" (docs/trends.md).
 */
export function ErrorRow({ error, now, onOpen, children, tabIndex, onFocus }: Props) {
  const hourly = error.hourlyEvents;
  const rising = isRising(hourly);
  return (
    <li class="error-row" data-level={error.level}>
      <button
        type="button"
        class="error-title"
        data-error-id={error.id}
        tabIndex={tabIndex}
        onFocus={onFocus}
        onClick={() => onOpen(error)}
      >
        {error.title || '(no title)'}
      </button>
      {error.culprit && <div class="culprit">{error.culprit}</div>}
      {children}
      <div class="facts">
        {rising && (
          <span class="rising" title={`${plural(recentEvents(hourly ?? []), 'event')} in the last 3 hours`}>
            Rising
          </span>
        )}
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
        {hourly && <Sparkline hourly={hourly} />}
      </div>
    </li>
  );
}
