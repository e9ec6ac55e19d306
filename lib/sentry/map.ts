import type * as z from 'zod/mini';
import type { ErrorDetails, ErrorEvent, ErrorSummary, ExceptionTrace, StackFrame } from '../domain/model';
import { hourlyEventsField } from '../domain/trend';
import { countOf, statPointsOf } from '../remote/fields';
import { safeHttpUrl, sentryWebUrl } from '../remote/safe-url';
import { EventEntry, EventException, EventFrame, EventStacktrace, type SentryEventShape } from './event';
import { SentryIssueLink, type SentryIssue, type SentryIssueDetails } from './schemas';

// Sentry's answers, as parsed by ./schemas and ./event, onto the backend-neutral model. Every mapping from
// Sentry to the model is here.

const MAX_FRAMES = 250;
const MAX_CONTEXT_LINES = 25;
const MAX_LINE_LENGTH = 1_000;
const MAX_TEXT = 10_000;

/** `sentryBaseUrl`: the configured Sentry, the only place a permalink may point. */
export function toErrorSummary(issue: SentryIssue, sentryBaseUrl: string): ErrorSummary {
  return {
    id: String(issue.id),
    shortId: issue.shortId ?? '',
    title: issue.title,
    culprit: issue.culprit ?? '',
    permalink: sentryWebUrl(issue.permalink, sentryBaseUrl),
    level: issue.level ?? '',
    status: issue.status ?? '',
    count: countOf(issue.count),
    userCount: countOf(issue.userCount),
    firstSeen: issue.firstSeen ?? undefined,
    lastSeen: issue.lastSeen ?? undefined,
    projectId: issue.project?.id === undefined ? undefined : String(issue.project.id),
    // Servers before substatus existed say nothing either way.
    ...(issue.substatus ? { regressed: issue.substatus === 'regressed' } : {}),
    ...hourlyEventsField(frequencyOf(issue)),
  };
}

export function toErrorDetails(issue: SentryIssueDetails, sentryBaseUrl: string): ErrorDetails {
  return {
    ...toErrorSummary(issue, sentryBaseUrl),
    platform: issue.platform ?? '',
    firstRelease: releaseVersion(issue.firstRelease),
    lastRelease: releaseVersion(issue.lastRelease),
    frequency: frequencyOf(issue),
    externalIssueUrls: linkedIssueUrls(issue).map(safeHttpUrl).filter(Boolean),
  };
}

function frequencyOf(issue: SentryIssue): Array<[number, number]> {
  return statPointsOf(issue.stats?.['24h']);
}

/** URLs of tracker issues Sentry links to this error: integration links and annotations. */
function linkedIssueUrls(issue: SentryIssueDetails): string[] {
  const urls: string[] = [];
  for (const item of [...(issue.integrationIssues ?? []), ...(issue.annotations ?? [])]) {
    const parsed = SentryIssueLink.safeParse(item);
    if (parsed.success && parsed.data.url) urls.push(parsed.data.url);
  }
  return urls;
}

// Events are the least regular part of Sentry's API: each part is read on its own, so one odd frame or an
// unknown entry type costs that part only, never the whole view.

export function toErrorEvent(raw: SentryEventShape): ErrorEvent {
  const entries = (raw.entries ?? []).flatMap((entry) => {
    const parsed = EventEntry.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    id: String(raw.eventID ?? raw.id ?? ''),
    dateCreated: raw.dateCreated ?? undefined,
    platform: eventText(raw.platform),
    release: releaseVersion(raw.release),
    message: eventText(raw.message) || eventText(raw.title),
    tags: (raw.tags ?? []).flatMap(readTag),
    exceptions: exceptionsOf(entries),
  };
}

function exceptionsOf(entries: Array<z.infer<typeof EventEntry>>): ExceptionTrace[] {
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
  const parsed = EventException.safeParse(value);
  if (!parsed.success) return [];
  const { type, value: message, module, stacktrace } = parsed.data;
  return [{ type: eventText(type) || eventText(module) || 'Error', value: eventText(message), ...readStacktrace(stacktrace) }];
}

function readStacktrace(raw: unknown): Pick<ExceptionTrace, 'frames' | 'framesOmitted'> {
  const parsed = EventStacktrace.safeParse(raw ?? {});
  if (!parsed.success) return { frames: [], framesOmitted: 0 };
  const all = (parsed.data.frames ?? []).flatMap(readFrame);
  // Sentry sends oldest call first; the frame that raised is the last one.
  const innermostFirst = all.reverse();
  const omitted = Array.isArray(parsed.data.framesOmitted)
    ? Number(parsed.data.framesOmitted[1]) - Number(parsed.data.framesOmitted[0]) || 0
    : 0;
  return {
    frames: innermostFirst.slice(0, MAX_FRAMES),
    framesOmitted: omitted + Math.max(0, innermostFirst.length - MAX_FRAMES),
  };
}

function readFrame(raw: unknown): StackFrame[] {
  const parsed = EventFrame.safeParse(raw);
  if (!parsed.success) return [];
  const f = parsed.data;
  const absPath = eventText(f.absPath);
  const module = eventText(f.module);
  return [
    {
      file: eventText(f.filename) || absPath || module || '<unknown>',
      absPath,
      function: eventText(f.function) || eventText(f.rawFunction),
      module,
      line: positiveInt(f.lineNo),
      column: positiveInt(f.colNo),
      inApp: f.inApp === true,
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

/** A release's name: the version an event gives as text, or a release object's version (else its short version). */
function releaseVersion(release: unknown): string {
  if (typeof release === 'string') return release;
  if (release && typeof release === 'object') {
    const { version, shortVersion } = release as { version?: unknown; shortVersion?: unknown };
    if (typeof version === 'string') return version;
    if (typeof shortVersion === 'string') return shortVersion;
  }
  return '';
}

/** An event's text field: a string (cut to MAX_TEXT), or '' for anything else. */
function eventText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : '';
}

/** A line or column number: a non-negative number, whole, or nothing. */
function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}
