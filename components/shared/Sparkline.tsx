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
 * A row's last 24 hours as bars, oldest on the left. One SVG path per row (no element per bar, no per-bar
 * title, no effect): a page of 100 rows stays 100 small elements. The numbers are in the accessible name.
 */
export function Sparkline({ hourly }: { hourly: readonly number[] }) {
  let max = 0;
  for (const count of hourly) if (count > max) max = count;
  let bars = '';
  hourly.forEach((count, index) => {
    if (count <= 0) return;
    // A single event still shows: every bar with events is at least a unit tall.
    const height = Math.max(1, Math.round((count / max) * HEIGHT * 10) / 10);
    bars += `M${index * STEP} ${HEIGHT}v-${height}h${BAR}v${height}z`;
  });
  return (
    <svg
      class="sparkline"
      role="img"
      aria-label={last24HoursLabel(eventsIn(hourly))}
      viewBox={`0 0 ${hourly.length * STEP} ${HEIGHT}`}
      preserveAspectRatio="none"
    >
      {bars && <path d={bars} />}
    </svg>
  );
}
