import * as z from 'zod/mini';

// Limits on parsed values, each a z.check: zod's z.minLength, z.maxLength, z.length, z.gte, z.lte and z.regex
// each bring a check class of their own into the background's bundle (0.8 kB gzip for the six), and z.refine
// its own schema class (0.15 kB); z.check is the base check every schema already carries. Failures read the
// same: zod/mini carries no messages (no locale), so every issue says "Invalid input" either way.

/**
 * true or false, the same check as z.boolean(): a z.literal of both values, a class the requests bring anyway,
 * where z.boolean() would add one of its own (72 bytes gzip).
 */
export const trueOrFalse = z.literal([true, false]);

type Sized = { length: number };

/** A value the test accepts; any other is a `custom` issue, as z.refine reports it. */
export const satisfying = <T>(test: (value: T) => boolean) =>
  z.check<T>((context) => {
    if (!test(context.value)) context.issues.push({ code: 'custom', input: context.value });
  });

/** At most `max` characters, or items in a list. */
export const lengthAtMost = (max: number) => satisfying<Sized>((value) => value.length <= max);

/** At least `min` characters, or items in a list. */
export const lengthAtLeast = (min: number) => satisfying<Sized>((value) => value.length >= min);

/** Exactly `length` characters, or items in a list. */
export const lengthOf = (length: number) => satisfying<Sized>((value) => value.length === length);

/** A number from `min` to `max`, both included. */
export const inRange = (min: number, max: number) => satisfying<number>((value) => value >= min && value <= max);

/** Text the pattern matches (a pattern without the g or y flag: those keep state between tests). */
export const matching = (pattern: RegExp) => satisfying<string>((text) => pattern.test(text));
