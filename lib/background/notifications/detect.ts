import type { ErrorPage, ErrorSummary } from '../../domain/model';
import type { LinkWatch } from '../../store/notifications';

/**
 * How far `since` trails the newest activity seen: an error whose first event reached the server a little
 * late (ingestion, a slow client) still counts as new; `recent` keeps it from counting twice.
 */
export const LATE_ARRIVAL_MS = 10 * 60_000;
/** Bounds on what is kept per link: the default page has 100 errors at most. */
const MAX_RECENT = 200;
const MAX_IDS = 200;

const RESOLVED_STATUSES = new Set(['resolved', 'resolvedInNextRelease']);

export interface Detected {
  watch: LinkWatch;
  /** First seen since the last poll. */
  fresh: ErrorSummary[];
  /** Back after being resolved: the backend says so, or this extension saw it resolved. */
  regressed: ErrorSummary[];
}

const EMPTY_WATCH: LinkWatch = { recent: {}, regressed: [], resolved: [] };

const timeOf = (iso: string | undefined) => (iso ? Date.parse(iso) : Number.NaN);
const newest = (ids: string[], max: number) => ids.slice(Math.max(0, ids.length - max));

/**
 * New and regressed errors on a link's default list page (unresolved, last seen first), against what earlier
 * polls recorded. The link's first poll records what is there and reports nothing. `now` is the local clock,
 * used only when the first page has no dates to go by.
 */
export function detectChanges(previous: LinkWatch | undefined, page: ErrorPage, now: number): Detected {
  const watch = previous ?? EMPTY_WATCH;
  const first = watch.since === undefined;
  const rows = page.errors;
  const lastActivity = Math.max(...rows.map((row) => timeOf(row.lastSeen)).filter(Number.isFinite));
  // The server's clock where the page gives it: the newest event it reports.
  const since = first
    ? (Number.isFinite(lastActivity) ? lastActivity : now) - LATE_ARRIVAL_MS
    : Math.max(watch.since!, Number.isFinite(lastActivity) ? lastActivity - LATE_ARRIVAL_MS : watch.since!);

  const firstSeenAfter = (row: ErrorSummary, time: number) => timeOf(row.firstSeen) > time;
  const fresh = first ? [] : rows.filter((row) => firstSeenAfter(row, watch.since!) && !Object.hasOwn(watch.recent, row.id));
  const freshIds = new Set(fresh.map((row) => row.id));

  const resolved = new Set(watch.resolved);
  const told = new Set(watch.regressed);
  const cameBack = rows.filter((row) => (row.regressed === true || resolved.has(row.id)) && !told.has(row.id) && !freshIds.has(row.id));

  // Recorded, until `since` passes them: no later poll could count them as new then.
  const recent = new Map(Object.entries(watch.recent));
  for (const row of rows) if (firstSeenAfter(row, since)) recent.set(row.id, timeOf(row.firstSeen));
  const stillRecent = [...recent]
    .filter(([, firstSeen]) => firstSeen > since)
    .sort(([, a], [, b]) => a - b)
    .slice(-MAX_RECENT);

  return {
    watch: {
      ...watch,
      since,
      recent: Object.fromEntries(stillRecent),
      regressed: newest([...stillRegressed(watch.regressed, page), ...cameBack.map((row) => row.id)], MAX_IDS),
      // Every row is unresolved: an error seen resolved that is here has come back, and is told above.
      resolved: watch.resolved.filter((id) => !rows.some((row) => row.id === id)),
    },
    fresh,
    regressed: first ? [] : cameBack,
  };
}

/**
 * Recorded regressions that may still be the same one. Forgotten once the backend says the error moved on
 * (Sentry's substatus is no longer `regressed`), or once a complete list no longer has it (resolved or
 * ignored since): a later regression is then a new one.
 */
function stillRegressed(ids: string[], page: ErrorPage): string[] {
  const rows = new Map(page.errors.map((row) => [row.id, row]));
  const complete = !page.nextCursor;
  return ids.filter((id) => {
    const row = rows.get(id);
    if (!row) return !complete;
    return row.regressed !== false;
  });
}

/** This extension saw these errors resolved (a list, a status change): back on the unresolved list, they regressed. */
export function sawResolved(previous: LinkWatch | undefined, errors: Array<Pick<ErrorSummary, 'id' | 'status'>>): LinkWatch {
  const watch = previous ?? EMPTY_WATCH;
  const ids = errors.filter((error) => RESOLVED_STATUSES.has(error.status)).map((error) => error.id);
  if (ids.length === 0) return watch;
  const seen = new Set(ids);
  return {
    ...watch,
    resolved: newest([...watch.resolved.filter((id) => !seen.has(id)), ...ids], MAX_IDS),
    // Resolved again: its next return is a new regression.
    regressed: watch.regressed.filter((id) => !seen.has(id)),
  };
}

/** The user changed an error's status here: reopening it oneself (Undo) is no regression. */
export function userChangedStatus(previous: LinkWatch | undefined, error: Pick<ErrorSummary, 'id' | 'status'>): LinkWatch {
  if (RESOLVED_STATUSES.has(error.status)) return sawResolved(previous, [error]);
  const watch = previous ?? EMPTY_WATCH;
  if (!watch.resolved.includes(error.id)) return watch;
  return { ...watch, resolved: watch.resolved.filter((id) => id !== error.id) };
}
