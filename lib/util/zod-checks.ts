import * as z from 'zod/mini';

// Limits on parsed values, each a z.refine: zod's own z.minLength, z.maxLength, z.length, z.gte, z.lte and
// z.regex each bring a check class of their own into the background's bundle (0.8 kB gzip for the six), and
// refine is the one class these need. Their failures read the same: zod/mini carries no messages (no locale).

type Sized = { length: number };

/** At most `max` characters, or items in a list. */
export const lengthAtMost = (max: number) => z.refine<Sized>((value) => value.length <= max);

/** At least `min` characters, or items in a list. */
export const lengthAtLeast = (min: number) => z.refine<Sized>((value) => value.length >= min);

/** Exactly `length` characters, or items in a list. */
export const lengthOf = (length: number) => z.refine<Sized>((value) => value.length === length);

/** A number from `min` to `max`, both included. */
export const inRange = (min: number, max: number) => z.refine<number>((value) => value >= min && value <= max);

/** Text the pattern matches (a pattern without the g or y flag: those keep state between tests). */
export const matching = (pattern: RegExp) => z.refine<string>((text) => pattern.test(text));
