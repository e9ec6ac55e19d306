import * as z from 'zod/mini';
import { lengthOf } from '../util/zod-checks';

// Field readers shared by every remote schema: remote services disagree on types for the same thing.

/** A count sent as a number or a string ("21"); anything unreadable or missing is 0. */
export const remoteCount = z.pipe(
  z.optional(z.nullable(z.union([z.string(), z.number()]))),
  z.transform((v) => {
    const n = typeof v === 'number' ? v : Number.parseInt(v ?? '0', 10);
    return Number.isFinite(n) && n >= 0 ? n : 0;
  }),
);

/** Text that may be missing or null: '' then. */
export const optionalText = z.pipe(
  z.optional(z.nullable(z.string())),
  z.transform((v) => v ?? ''),
);

/** A `[unix seconds, count]` point of Sentry's stats, as Sentry sends them and GitLab passes them on. */
const StatPoint = z.array(z.number()).check(lengthOf(2));

/** Stat points read one by one: a malformed point is dropped, never the whole chart. */
export function statPointsOf(points: readonly unknown[] | null | undefined): Array<[number, number]> {
  return (points ?? []).flatMap((point) => {
    const parsed = StatPoint.safeParse(point);
    return parsed.success ? [parsed.data as [number, number]] : [];
  });
}
