import { defaultQueryOf } from '../../domain/environments';
import type { ErrorEvent, ErrorSummary, StackFrame } from '../../domain/model';
import { backendForLink } from '../../backends/for-link';
import { cacheKey, readCachedPage } from '../../store/list-cache';
import type { ProjectLink } from '../../store/storage';

/** How many of the newest unresolved errors are read for their frames: each costs an event request. */
const SCAN_ERRORS = 20;
const EVENT_FRESH_MS = 5 * 60_000;
const events = new Map<string, { at: number; event: Promise<ErrorEvent | null> }>();

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
    const event = await latestEvent(link, error.id);
    const frames = (event?.exceptions ?? [])
      .flatMap((exception) => exception.frames)
      .filter((frame): frame is LineFrame => frame.line !== undefined && backend.isOwnCode(frame));
    found.push({ error, frames });
  }
  return found;
}

function latestEvent(link: ProjectLink, errorId: string): Promise<ErrorEvent | null> {
  const key = `${link.id}:${errorId}`;
  const cached = events.get(key);
  if (cached && Date.now() - cached.at < EVENT_FRESH_MS) return cached.event;
  const event = backendForLink(link)
    .then((backend) => backend.latestEvent(errorId))
    .catch(() => null);
  events.set(key, { at: Date.now(), event });
  if (events.size > 200) events.delete(events.keys().next().value!);
  return event;
}
