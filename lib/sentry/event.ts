import * as z from 'zod/mini';

// The shape of Sentry's event answer, parsed leniently: entries of many types, frames with any field null,
// sizes in the hundreds of kilobytes. Each part has its own schema so ./map can read the parts one by one.

// Fields read leniently may hold anything: ./map takes text and numbers from them (eventText, positiveInt) and
// anything else as '' or nothing, so one odd field never costs the frame.
const lenient = z.optional(z.unknown());

export const EventFrame = z.object({
  filename: lenient,
  absPath: lenient,
  module: lenient,
  function: lenient,
  rawFunction: lenient,
  lineNo: lenient,
  colNo: lenient,
  inApp: lenient,
  context: z.optional(z.nullable(z.array(z.unknown()))),
});

export const EventStacktrace = z.object({
  frames: z.optional(z.nullable(z.array(z.unknown()))),
  framesOmitted: z.optional(z.nullable(z.unknown())),
});

export const EventException = z.object({
  type: lenient,
  value: lenient,
  module: lenient,
  stacktrace: z.optional(z.nullable(z.unknown())),
});

export const EventEntry = z.object({ type: z.string(), data: z.optional(z.nullable(z.unknown())) });

export const SentryEventShape = z.object({
  id: z.optional(z.unknown()),
  eventID: z.optional(z.unknown()),
  dateCreated: z.optional(z.nullable(z.string())),
  platform: lenient,
  message: lenient,
  title: lenient,
  release: z.optional(z.nullable(z.unknown())),
  tags: z.optional(z.nullable(z.array(z.unknown()))),
  entries: z.optional(z.nullable(z.array(z.unknown()))),
});
export type SentryEventShape = z.infer<typeof SentryEventShape>;
