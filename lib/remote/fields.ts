import * as z from 'zod/mini';

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
