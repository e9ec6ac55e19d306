// Issue search, sorting and cursor pagination of the Sentry stand-in (sentry-api.md §4, §7.3, §7.4).
import type { SentryIssue } from './sentry-data';

/** Raised for input Sentry answers with 400 `{"detail": message}`. */
export class BadRequest extends Error {}

export type IssuePredicate = (issue: SentryIssue) => boolean;

// --- query syntax ---------------------------------------------------------------------------

// `is:` values Sentry accepts (STATUS_QUERY_CHOICES + is_filter_translation); `archived` and `muted`
// are both the IGNORED status.
const IS_FILTERS: Record<string, IssuePredicate> = {
  unresolved: (i) => i.status === 'unresolved',
  resolved: (i) => i.status === 'resolved',
  ignored: (i) => i.status === 'ignored',
  archived: (i) => i.status === 'ignored',
  muted: (i) => i.status === 'ignored',
  reprocessing: (i) => i.status === 'reprocessing',
  assigned: (i) => i.assignedTo != null,
  unassigned: (i) => i.assignedTo == null,
  for_review: (i) => i.inbox != null,
  linked: (i) => Array.isArray(i.integrationIssues) && i.integrationIssues.length > 0,
  unlinked: (i) => !Array.isArray(i.integrationIssues) || i.integrationIssues.length === 0,
};

interface QueryToken {
  negated: boolean;
  key?: string;
  value: string;
}

// key:value (value optionally quoted), a quoted phrase, or a bare word.
const TOKEN_PATTERN = /(!?)([A-Za-z_][\w.]*):(?:"([^"]*)"|(\S+))|"([^"]*)"|(\S+)/g;

function tokenizeQuery(query: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  for (const m of query.matchAll(TOKEN_PATTERN)) {
    const [, bang, key, quotedValue, bareValue, phrase, word] = m;
    if (key !== undefined) tokens.push({ negated: bang === '!', key, value: quotedValue ?? bareValue ?? '' });
    else tokens.push({ negated: false, value: phrase ?? word ?? '' });
  }
  return tokens;
}

/** Case-insensitive CONTAINS match with `*` wildcards, like Sentry's raw-text search. */
function containsPattern(text: string): RegExp {
  const escaped = text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(escaped, 'i');
}

const RELATIVE_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `-24h` = within the last 24 h, `+7d` = older than 7 days, `>2024-01-01` / `<…` = absolute bounds. */
function dateFilter(field: 'firstSeen' | 'lastSeen', value: string, nowMs: number): IssuePredicate {
  const relative = /^([-+])(\d+)([smhdw])$/.exec(value);
  if (relative) {
    const [, sign, amount, unit] = relative;
    const boundary = nowMs - Number(amount) * (RELATIVE_UNITS[unit ?? 'h'] ?? 0);
    return sign === '-' ? (i) => Date.parse(i[field]) >= boundary : (i) => Date.parse(i[field]) < boundary;
  }
  const absolute = /^(>=|<=|>|<)?(.+)$/.exec(value);
  const when = Date.parse(absolute?.[2] ?? '');
  if (!absolute || Number.isNaN(when)) throw new BadRequest(`Invalid date: ${value}`);
  const op = absolute[1] ?? '>=';
  return (i) => compare(Date.parse(i[field]), op, when);
}

function compare(left: number, op: string, right: number): boolean {
  switch (op) {
    case '>':
      return left > right;
    case '<':
      return left < right;
    case '>=':
      return left >= right;
    case '<=':
      return left <= right;
    default:
      return left === right;
  }
}

function numberFilter(read: (i: SentryIssue) => number, value: string): IssuePredicate {
  const m = /^(>=|<=|>|<)?(\d+)$/.exec(value);
  if (!m) throw new BadRequest(`Invalid number: ${value}`);
  const op = m[1] ?? '=';
  const bound = Number(m[2]);
  return (i) => compare(read(i), op, bound);
}

/** How issue fields the search needs are read; the stand-in passes its own (e.g. a default first release). */
export interface SearchFields {
  /** The version of the issue's first release, or undefined when it has none. */
  firstReleaseVersion(issue: SentryIssue): string | undefined;
}

const DEFAULT_FIELDS: SearchFields = {
  firstReleaseVersion: (issue) => issue.firstRelease?.version,
};

function keyFilter(token: QueryToken & { key: string }, nowMs: number, fields: SearchFields): IssuePredicate {
  const { key, value } = token;
  switch (key) {
    case 'is': {
      const filter = IS_FILTERS[value];
      if (!filter) {
        throw new BadRequest(
          `Invalid value for "is" search, valid values are [${Object.keys(IS_FILTERS)
            .sort()
            .map((v) => `'${v}'`)
            .join(', ')}]`,
        );
      }
      return filter;
    }
    case 'level':
      return (i) => i.level.toLowerCase() === value.toLowerCase();
    case 'title':
    case 'message': {
      const pattern = containsPattern(value);
      return (i) => pattern.test(i.title);
    }
    case 'issue':
      return (i) => i.shortId.toLowerCase() === value.toLowerCase();
    case 'project':
      return (i) => i.project.slug === value;
    case 'firstSeen':
    case 'age':
      return dateFilter('firstSeen', value, nowMs);
    case 'lastSeen':
      return dateFilter('lastSeen', value, nowMs);
    case 'timesSeen':
      return numberFilter((i) => Number(i.count), value);
    case 'error.type':
      return (i) => String(i.metadata.type ?? '').toLowerCase() === value.toLowerCase();
    case 'error.value': {
      const pattern = containsPattern(value);
      return (i) => pattern.test(String(i.metadata.value ?? ''));
    }
    case 'firstRelease':
    case 'first_release':
      // An exact, case-sensitive version match (Sentry looks the release up by its version).
      return (i) => fields.firstReleaseVersion(i) === value;
    case 'environment':
      // An issue made without environments counts as seen in every one.
      return (i) => !i.environments || i.environments.includes(value);
    default:
      // Any other key is a tag search in Sentry; stand-in issues have no tags, so nothing matches.
      return () => false;
  }
}

/**
 * Compiles an issue search query (`is:unresolved TypeError`, `level:error !is:ignored`, …) into a predicate.
 * An empty query matches every status, as on sentry.io.
 */
export function compileIssueQuery(query: string, nowMs: number, fields: SearchFields = DEFAULT_FIELDS): IssuePredicate {
  const predicates: IssuePredicate[] = [];
  const freeText: string[] = [];
  for (const token of tokenizeQuery(query)) {
    if (token.key === undefined) {
      freeText.push(token.value);
      continue;
    }
    const filter = keyFilter(token as QueryToken & { key: string }, nowMs, fields);
    predicates.push(token.negated ? (i) => !filter(i) : filter);
  }
  if (freeText.length) {
    // Sentry joins the raw-text parts into one `message` CONTAINS search.
    const pattern = containsPattern(freeText.join(' '));
    predicates.push((i) => pattern.test(i.title));
  }
  return (issue) => predicates.every((p) => p(issue));
}

// --- sorting ----------------------------------------------------------------------------------

const byTimeDesc = (field: 'firstSeen' | 'lastSeen') => (a: SentryIssue, b: SentryIssue) => Date.parse(b[field]) - Date.parse(a[field]);

/** Events in the newest 3 hourly buckets of `stats['24h']`. */
const recentEvents = (issue: SentryIssue) => (issue.stats['24h'] ?? []).slice(-3).reduce((sum, [, count]) => sum + count, 0);

// Sentry's sort keys (search/snuba/executors.py sort_strategies). `recommended` and `inbox` are scored
// server-side; ordering them by last seen is close enough for a stand-in. `trends` weighs recent events
// (Sentry's own score also ages issues): here the events of the last 3 hours, then last seen.
const SORTS: Record<string, (a: SentryIssue, b: SentryIssue) => number> = {
  date: byTimeDesc('lastSeen'),
  new: byTimeDesc('firstSeen'),
  freq: (a, b) => Number(b.count) - Number(a.count),
  user: (a, b) => b.userCount - a.userCount,
  trends: (a, b) => recentEvents(b) - recentEvents(a) || byTimeDesc('lastSeen')(a, b),
  recommended: byTimeDesc('lastSeen'),
  inbox: byTimeDesc('lastSeen'),
};

const VALID_SORTS = Object.keys(SORTS);

export function sortIssues(issues: SentryIssue[], sort: string): SentryIssue[] {
  const order = SORTS[sort];
  if (!order) throw new BadRequest(`Invalid sort: ${sort}. Valid options are ${VALID_SORTS.join(', ')}.`);
  // Ties fall back to the newer (higher) id so every page boundary is stable.
  return [...issues].sort((a, b) => order(a, b) || Number(b.id) - Number(a.id));
}

// --- pagination -------------------------------------------------------------------------------

export interface PageRequest {
  offset: number;
  limit: number;
}

/** Cursor = `<value>:<offset>:<is_prev>`; this stand-in always uses value 0 and an absolute row offset. */
export function parseCursor(cursor: string | null): number {
  if (cursor === null || cursor === '') return 0;
  const m = /^-?\d+(?:\.\d+)?:(\d+):([01])$/.exec(cursor);
  if (!m) throw new BadRequest('Invalid cursor parameter.');
  return Number(m[1]);
}

export function parseLimit(raw: string | null, fallback = 100, max = 100): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new BadRequest('Invalid limit');
  return Math.max(1, Math.min(Number(raw), max));
}

/**
 * Sentry's Link header (api/base.py CURSOR_LINK_HEADER): both directions always present, the URL rebuilt
 * from the request path and query minus `cursor`, and `results` telling whether that cursor has rows.
 */
export function buildLinkHeader(baseUrl: string, pathname: string, query: URLSearchParams, page: PageRequest, total: number): string {
  const rest = new URLSearchParams(query);
  rest.delete('cursor');
  const uri = `${baseUrl}${pathname}?${rest.toString()}`;
  const link = (name: string, cursor: string, hasResults: boolean) =>
    `<${uri}&cursor=${cursor}>; rel="${name}"; results="${hasResults}"; cursor="${cursor}"`;
  const prevOffset = Math.max(0, page.offset - page.limit);
  const nextOffset = page.offset + page.limit;
  return [link('previous', `0:${prevOffset}:1`, page.offset > 0), link('next', `0:${nextOffset}:0`, nextOffset < total)].join(', ');
}
