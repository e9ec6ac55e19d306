import { eventsIn } from '@/lib/domain/trend';
import { formatCount } from '@/lib/util/format';

const HEIGHT = 10;
const STEP = 2;
const BAR = 1.5;

/** "1 event in the last 24 hours", "1,204 events in the last 24 hours": the name of a 24-hour chart. */
export function last24HoursLabel(events: number): string {
  return `${formatCount(events)} ${events === 1 ? 'event' : 'events'} in the last 24 hours`;
}

/**
 * A row's last 24 hours as bars, oldest on the left: one SVG path (no element per bar, no per-bar title), so a
 * page of 100 rows stays 100 small charts. The numbers are in the accessible name.
 */
export function sparklineParts(hourly: readonly number[]): { label: string; viewBox: string; bars: string } {
  let max = 0;
  for (const count of hourly) if (count > max) max = count;
  let bars = '';
  hourly.forEach((count, index) => {
    if (count <= 0) return;
    // A single event still shows: every bar with events is at least a unit tall.
    const height = Math.max(1, Math.round((count / max) * HEIGHT * 10) / 10);
    bars += `M${index * STEP} ${HEIGHT}v-${height}h${BAR}v${height}z`;
  });
  return { label: last24HoursLabel(eventsIn(hourly)), viewBox: `0 0 ${hourly.length * STEP} ${HEIGHT}`, bars };
}
