import { exactTimeAt, formatCount } from '@/lib/util/format';
import { last24HoursLabel } from './sparkline-parts';

/**
 * 24 hourly bars. The numbers are in the accessible name; the bars are for the eye. Their times are written as
 * the rest of the details' (no Intl: its first use on a page costs tens of ms, and the chart is drawn as the
 * details arrive).
 */
export function FrequencyChart({ points }: { points: Array<[number, number]> }) {
  if (points.length === 0) return null;
  const max = Math.max(1, ...points.map(([, count]) => count));
  const total = points.reduce((sum, [, count]) => sum + count, 0);
  const width = 4 * points.length;
  return (
    <svg class="frequency" role="img" aria-label={last24HoursLabel(total)} viewBox={`0 0 ${width} 24`} preserveAspectRatio="none">
      {points.map(([time, count], index) => {
        const height = Math.max(count > 0 ? 1 : 0, (count / max) * 24);
        return (
          <rect key={time} x={index * 4} y={24 - height} width={3} height={height}>
            <title>{`${exactTimeAt(time * 1000)}: ${formatCount(count)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
