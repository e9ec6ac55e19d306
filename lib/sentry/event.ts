import * as z from 'zod/mini';

// The shape of Sentry's event answer, parsed leniently: entries of many types, frames with any field null,
// sizes in the hundreds of kilobytes. Each part has its own schema so ./map can read the parts one by one.

const MAX_TEXT = 10_000;

const text = z.pipe(
  z.optional(z.nullable(z.unknown())),
  z.transform((v) => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : '')),
);
const positiveInt = z.pipe(
  z.optional(z.nullable(z.unknown())),
  z.transform((v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined)),
);

export const EventFrame = z.object({
  filename: text,
  absPath: text,
  module: text,
  function: text,
  rawFunction: text,
  lineNo: positiveInt,
  colNo: positiveInt,
  inApp: z.pipe(
    z.optional(z.nullable(z.unknown())),
    z.transform((v) => v === true),
  ),
  context: z.optional(z.nullable(z.array(z.unknown()))),
});

export const EventStacktrace = z.object({
  frames: z.optional(z.nullable(z.array(z.unknown()))),
  framesOmitted: z.optional(z.nullable(z.unknown())),
});

export const EventException = z.object({
  type: text,
  value: text,
  module: text,
  stacktrace: z.optional(z.nullable(z.unknown())),
});

export const EventEntry = z.object({ type: z.string(), data: z.optional(z.nullable(z.unknown())) });

export const SentryEventShape = z.object({
  id: z.optional(z.unknown()),
  eventID: z.optional(z.unknown()),
  dateCreated: z.optional(z.nullable(z.string())),
  platform: text,
  message: text,
  title: text,
  release: z.optional(z.nullable(z.unknown())),
  tags: z.optional(z.nullable(z.array(z.unknown()))),
  entries: z.optional(z.nullable(z.array(z.unknown()))),
});
export type SentryEventShape = z.infer<typeof SentryEventShape>;
