import type { RequestOf, ResponseMap } from '@/lib/protocol/replies';
import { frameMatchesFile } from '@/lib/domain/frame-path';
import { defaultQueryOf } from '@/lib/domain/environments';
import type { ErrorEvent } from '@/lib/domain/model';
import { cacheKey, readCachedPage } from '@/lib/store/list-cache';
import { findLink } from '@/lib/store/links';
import type { ProjectLink } from '@/lib/store/storage';
import { backendForLink } from '@/lib/backends/for-link';

const FILE_SCAN_ERRORS = 20;
const EVENT_FRESH_MS = 5 * 60_000;
const events = new Map<string, { at: number; event: Promise<ErrorEvent | null> }>();

/**
 * Recent unresolved errors (of the link's default environment, the poll's cached page) whose in-app frames
 * point at this repository file, with the lines.
 */
export async function handleFileErrors(request: RequestOf<'fileErrors'>): Promise<ResponseMap['fileErrors']> {
  const link = await findLink(request.linkId);
  const backend = await backendForLink(link);
  const query = defaultQueryOf(link);
  const page = (await readCachedPage(cacheKey(link.id, query)))?.page ?? (await backend.listErrors(query));
  const found: ResponseMap['fileErrors'] = [];
  // One after another: event reads count against Sentry's rate limit.
  for (const error of page.errors.slice(0, FILE_SCAN_ERRORS)) {
    const event = await latestEvent(link, error.id);
    const lines = new Set<number>();
    for (const exception of event?.exceptions ?? []) {
      for (const frame of exception.frames) {
        if (backend.isOwnCode(frame) && frame.line !== undefined && frameMatchesFile(frame, request.path)) lines.add(frame.line);
      }
    }
    if (lines.size) found.push({ error, lines: [...lines].sort((a, b) => a - b) });
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
