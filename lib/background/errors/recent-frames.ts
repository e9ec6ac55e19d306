import { defaultQueryOf } from '../../domain/environments';
import type { ErrorEvent, ErrorSummary, StackFrame } from '../../domain/model';
import { backendForLink } from '../../backends/for-link';
import { cacheKey, readCachedPage } from '../../store/list-cache';
import type { ProjectLink } from '../../store/storage';
import { FreshPromises } from '../../util/bounded-map';

/** How many of the newest unresolved errors are read for their frames: each costs an event request. */
const SCAN_ERRORS = 20;
// Events of an error change rarely; a file page and a merge request page opened together share them.
const events = new FreshPromises<ErrorEvent | null>({ max: 200, freshMs: 5 * 60_000 });

export type LineFrame = StackFrame & { line: number };

/** One of a link's recent unresolved errors, with the frames of its latest event that are the project's own code. */
export interface ErrorFrames {
  error: ErrorSummary;
  frames: LineFrame[];
}

/**
 * The link's newest unresolved errors of its default environment (the poll's cached list page, else one list
 * request) with the own-code frames that name a line: what the panels about files (a file, a merge request's
 * files) match against paths.
 */
export async function recentOwnFrames(link: ProjectLink): Promise<ErrorFrames[]> {
  const backend = await backendForLink(link);
  const query = defaultQueryOf(link);
  const page = (await readCachedPage(cacheKey(link.id, query)))?.page ?? (await backend.listErrors(query));
  const found: ErrorFrames[] = [];
  // One after another: event reads count against Sentry's rate limit.
  for (const error of page.errors.slice(0, SCAN_ERRORS)) {
    // A failed read counts as no event: one error's trouble must not hide the others.
    const event = await events.get(`${link.id}:${error.id}`, () => backend.latestEvent(error.id).catch(() => null));
    const frames = (event?.exceptions ?? [])
      .flatMap((exception) => exception.frames)
      .filter((frame): frame is LineFrame => frame.line !== undefined && backend.isOwnCode(frame));
    found.push({ error, frames });
  }
  return found;
}
