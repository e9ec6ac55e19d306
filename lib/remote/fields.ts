import * as z from 'zod/mini';
import { lengthOf } from '../util/zod-checks';

// Field readers shared by every remote schema: remote services disagree on types for the same thing.

/** A count as remote services send it: a number, a string ("21"), null or nothing. countOf reads it. */
export const remoteCount = z.optional(z.nullable(z.union([z.string(), z.number()])));

/** A remote count as a number; anything unreadable or missing is 0. */
export function countOf(value: z.infer<typeof remoteCount>): number {
  const n = typeof value === 'number' ? value : Number.parseInt(value ?? '0', 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** Text that may be missing or null; the mappers read it as ''. */
export const optionalText = z.optional(z.nullable(z.string()));

/** A `[unix seconds, count]` point of Sentry's stats, as Sentry sends them and GitLab passes them on. */
const StatPoint = z.array(z.number()).check(lengthOf(2));

/** Stat points read one by one: a malformed point is dropped, never the whole chart. */
export function statPointsOf(points: readonly unknown[] | null | undefined): Array<[number, number]> {
  return (points ?? []).flatMap((point) => {
    const parsed = StatPoint.safeParse(point);
    return parsed.success ? [parsed.data as [number, number]] : [];
  });
}
