import type { ErrorSummary } from './model';

// An error's last 24 hours, from the hourly event counts the list already carries (Sentry's stats['24h'],
// GitLab's frequency), and the rule that calls it rising. docs/trends.md explains the choices.

/** How many of the newest hours count as "recent". */
const RECENT_HOURS = 3;
/** The recent hourly rate must be at least this many times the 24-hour hourly average… */
const RISE_FACTOR = 3;
/** …and the recent hours must hold at least this many events, so 1 → 3 events is not "rising". */
const MIN_RECENT_EVENTS = 10;
/** 2^48 events in an hour is beyond any real error; below it, a sum of 32 hours stays an exact integer. */
const MAX_HOURLY_EVENTS = 2 ** 48;

/**
 * Hourly counts, oldest first, from `[unix seconds, events]` points; undefined when there are none (the
 * backend sent no stats: nothing is known, which is not the same as no events). Points with a count that is
 * not a non-negative finite number are dropped.
 */
export function hourlyEventsOf(points: ReadonlyArray<readonly [number, number]> | undefined): number[] | undefined {
  const valid = (points ?? []).filter(([time, count]) => Number.isFinite(time) && Number.isFinite(count) && count >= 0);
  if (valid.length === 0) return undefined;
  return [...valid].sort((a, b) => a[0] - b[0]).map(([, count]) => Math.min(Math.trunc(count), MAX_HOURLY_EVENTS));
}

/**
 * A summary's hourlyEvents: left out, not undefined, when the backend sent no stats (a status change's answer
 * then keeps the row's; GitLab's integrated error tracking keeps none).
 */
export function hourlyEventsField(points: ReadonlyArray<readonly [number, number]>): Pick<ErrorSummary, 'hourlyEvents'> {
  const hourlyEvents = hourlyEventsOf(points);
  return hourlyEvents ? { hourlyEvents } : {};
}

export function eventsIn(hourly: readonly number[]): number {
  let total = 0;
  for (const count of hourly) total += count;
  return total;
}

/** Events in the newest RECENT_HOURS hours. */
export function recentEvents(hourly: readonly number[]): number {
  return eventsIn(hourly.slice(-RECENT_HOURS));
}

/**
 * Rising: the hourly rate over the last 3 hours is at least 3 times the hourly average over the whole
 * window (24 hours, the recent ones included), and those 3 hours hold at least 10 events.
 * recent / 3 ≥ 3 × total / hours, kept in whole numbers: recent × hours ≥ 9 × total.
 */
export function isRising(hourly: readonly number[] | undefined): boolean {
  if (!hourly || hourly.length <= RECENT_HOURS) return false;
  const recent = recentEvents(hourly);
  return recent >= MIN_RECENT_EVENTS && recent * hourly.length >= RISE_FACTOR * RECENT_HOURS * eventsIn(hourly);
}

/** How sharply: the recent hourly rate over the window's; 0 without events. */
function riseRatio(hourly: readonly number[]): number {
  const total = eventsIn(hourly);
  return total === 0 ? 0 : (recentEvents(hourly) * hourly.length) / (RECENT_HOURS * total);
}

/**
 * "Trending" sorted here, over one page, where the server cannot: rising errors first (the sharpest rise
 * first, then the most recent events), the rest in the order the server gave (last seen).
 */
export function risingFirst(errors: ErrorSummary[]): ErrorSummary[] {
  const rising = errors.filter((error) => isRising(error.hourlyEvents));
  if (rising.length === 0) return errors;
  const score = new Map(rising.map((error) => [error, riseRatio(error.hourlyEvents ?? [])]));
  rising.sort(
    (a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || recentEvents(b.hourlyEvents ?? []) - recentEvents(a.hourlyEvents ?? []),
  );
  return [...rising, ...errors.filter((error) => !score.has(error))];
}
