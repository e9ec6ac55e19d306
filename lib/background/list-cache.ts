import type { ErrorPage, ListQuery } from '../model';
import { listCacheItem, type CachedPage } from '../storage';

const MAX_ENTRIES = 40;

export function cacheKey(linkId: string, query: ListQuery, cursor?: string): string {
  return JSON.stringify([linkId, query.status, query.sort, query.search.trim(), cursor ?? '']);
}

export async function readCachedPage(key: string): Promise<CachedPage | undefined> {
  return (await listCacheItem.getValue())[key];
}

export async function writeCachedPage(key: string, page: ErrorPage, fetchedAt = Date.now()): Promise<void> {
  const cache = await listCacheItem.getValue();
  cache[key] = { page, fetchedAt };
  const keys = Object.keys(cache);
  if (keys.length > MAX_ENTRIES) {
    // Oldest first: the default lists are rewritten by every poll, so they stay.
    keys.sort((a, b) => cache[a]!.fetchedAt - cache[b]!.fetchedAt);
    for (const stale of keys.slice(0, keys.length - MAX_ENTRIES)) delete cache[stale];
  }
  await listCacheItem.setValue(cache);
}

export async function forgetLink(linkId: string): Promise<void> {
  const cache = await listCacheItem.getValue();
  for (const key of Object.keys(cache)) if ((JSON.parse(key) as string[])[0] === linkId) delete cache[key];
  await listCacheItem.setValue(cache);
}

/**
 * After a status change: the error leaves every cached list of another status, so the popup and the
 * panels never show it under a filter it no longer matches.
 */
export async function dropFromOtherLists(linkId: string, errorId: string, newStatus: string): Promise<void> {
  const cache = await listCacheItem.getValue();
  for (const [key, entry] of Object.entries(cache)) {
    const [keyLink, keyStatus] = JSON.parse(key) as string[];
    if (keyLink !== linkId || keyStatus === newStatus) continue;
    const errors = entry.page.errors.filter((error) => error.id !== errorId);
    if (errors.length === entry.page.errors.length) continue;
    const total = entry.page.total === undefined ? undefined : Math.max(0, entry.page.total - 1);
    cache[key] = { ...entry, page: { ...entry.page, errors, total } };
  }
  await listCacheItem.setValue(cache);
}
