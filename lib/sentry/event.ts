import * as z from 'zod/mini';
import type { ErrorEvent, ExceptionTrace, StackFrame } from '../domain/model';

// Events are the least regular part of Sentry's API: entries of many types, frames with any field null,
// and sizes in the hundreds of kilobytes. Each part is parsed on its own, so one odd frame or an unknown
// entry type costs that part only, never the whole view.

const MAX_FRAMES = 250;
const MAX_CONTEXT_LINES = 25;
const MAX_LINE_LENGTH = 1_000;
const MAX_TEXT = 10_000;

const text = z.pipe(z.optional(z.nullable(z.unknown())), z.transform((v) => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : '')));
const positiveInt = z.pipe(
  z.optional(z.nullable(z.unknown())),
  z.transform((v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined)),
);

const Frame = z.object({
  filename: text,
  absPath: text,
  module: text,
  function: text,
  rawFunction: text,
  lineNo: positiveInt,
  colNo: positiveInt,
  inApp: z.pipe(z.optional(z.nullable(z.unknown())), z.transform((v) => v === true)),
  context: z.optional(z.nullable(z.array(z.unknown()))),
});

const Stacktrace = z.object({
  frames: z.optional(z.nullable(z.array(z.unknown()))),
  framesOmitted: z.optional(z.nullable(z.unknown())),
});

const ExceptionValue = z.object({
  type: text,
  value: text,
  module: text,
  stacktrace: z.optional(z.nullable(z.unknown())),
});

const Entry = z.object({ type: z.string(), data: z.optional(z.nullable(z.unknown())) });

const EventShape = z.object({
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

export const SentryEvent = z.pipe(EventShape, z.transform(toErrorEvent));

function toErrorEvent(raw: z.infer<typeof EventShape>): ErrorEvent {
  const entries = (raw.entries ?? []).flatMap((entry) => {
    const parsed = Entry.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    id: String(raw.eventID ?? raw.id ?? ''),
    dateCreated: raw.dateCreated ?? undefined,
    platform: raw.platform,
    release: releaseVersion(raw.release),
    message: raw.message || raw.title,
    tags: (raw.tags ?? []).flatMap(readTag),
    exceptions: exceptionsOf(entries),
  };
}

function exceptionsOf(entries: Array<z.infer<typeof Entry>>): ExceptionTrace[] {
  for (const entry of entries) {
    if (entry.type !== 'exception') continue;
    const values = (entry.data as { values?: unknown } | null)?.values;
    if (!Array.isArray(values)) continue;
    // Sentry lists the original cause first; people read the final exception first.
    return values.flatMap(readException).reverse();
  }
  // Events without an exception may still carry a bare stack trace, or one per thread.
  for (const entry of entries) {
    if (entry.type === 'stacktrace') {
      const trace = readStacktrace(entry.data);
      if (trace.frames.length) return [{ type: '', value: '', ...trace }];
    }
    if (entry.type === 'threads') {
      const threads = (entry.data as { values?: unknown } | null)?.values;
      const crashed = Array.isArray(threads)
        ? (threads.find((t) => (t as { crashed?: boolean })?.crashed) ?? threads.find((t) => (t as { current?: boolean })?.current))
        : undefined;
      const trace = readStacktrace((crashed as { stacktrace?: unknown } | undefined)?.stacktrace);
      if (trace.frames.length) return [{ type: 'Thread', value: String((crashed as { name?: unknown }).name ?? ''), ...trace }];
    }
  }
  return [];
}

function readException(value: unknown): ExceptionTrace[] {
  const parsed = ExceptionValue.safeParse(value);
  if (!parsed.success) return [];
  const { type, value: message, module, stacktrace } = parsed.data;
  return [{ type: type || module || 'Error', value: message, ...readStacktrace(stacktrace) }];
}

function readStacktrace(raw: unknown): Pick<ExceptionTrace, 'frames' | 'framesOmitted'> {
  const parsed = Stacktrace.safeParse(raw ?? {});
  if (!parsed.success) return { frames: [], framesOmitted: 0 };
  const all = (parsed.data.frames ?? []).flatMap(readFrame);
  // Sentry sends oldest call first; the frame that raised is the last one.
  const innermostFirst = all.reverse();
  const omitted = Array.isArray(parsed.data.framesOmitted) ? Number(parsed.data.framesOmitted[1]) - Number(parsed.data.framesOmitted[0]) || 0 : 0;
  return {
    frames: innermostFirst.slice(0, MAX_FRAMES),
    framesOmitted: omitted + Math.max(0, innermostFirst.length - MAX_FRAMES),
  };
}

function readFrame(raw: unknown): StackFrame[] {
  const parsed = Frame.safeParse(raw);
  if (!parsed.success) return [];
  const f = parsed.data;
  return [
    {
      file: f.filename || f.absPath || f.module || '<unknown>',
      absPath: f.absPath,
      function: f.function || f.rawFunction || '',
      module: f.module,
      line: f.lineNo,
      column: f.colNo,
      inApp: f.inApp,
      context: readContext(f.context),
    },
  ];
}

function readContext(context: unknown[] | null | undefined): StackFrame['context'] {
  if (!context) return [];
  return context
    .flatMap((pair) =>
      Array.isArray(pair) && typeof pair[0] === 'number' && typeof pair[1] === 'string'
        ? [{ line: pair[0], code: pair[1].replace(/\r?\n$/, '').slice(0, MAX_LINE_LENGTH) }]
        : [],
    )
    .slice(0, MAX_CONTEXT_LINES);
}

function readTag(tag: unknown): Array<{ key: string; value: string }> {
  if (!tag || typeof tag !== 'object') return [];
  const { key, value } = tag as { key?: unknown; value?: unknown };
  return typeof key === 'string' && (typeof value === 'string' || typeof value === 'number')
    ? [{ key: key.slice(0, 200), value: String(value).slice(0, 1_000) }]
    : [];
}

function releaseVersion(release: unknown): string {
  if (typeof release === 'string') return release;
  if (release && typeof release === 'object') {
    const { version, shortVersion } = release as { version?: unknown; shortVersion?: unknown };
    if (typeof version === 'string') return version;
    if (typeof shortVersion === 'string') return shortVersion;
  }
  return '';
}
