import { defineItem, readStored, removeStored, writeStored, type StorageKey } from './item';
import { browser } from 'wxt/browser';
import { serialized } from './queue';
import type { ErrorPage, ListQuery } from '../domain/model';
import type { CachedPage } from './storage';

// Pages of errors the popup and panels open from. Each page has a storage key of its own and a small
// index lists them, so opening the popup reads one page, not every page ever cached.

const MAX_ENTRIES = 30;
const PAGE_PREFIX = 'listPage:';
const CACHE_QUEUE = 'listCache';

interface IndexEntry {
  fetchedAt: number;
  storageKey: StorageKey;
}

const indexItem = /* @__PURE__ */ defineItem<Record<string, IndexEntry>>('local:listCacheIndex', { fallback: {} });

export function cacheKey(linkId: string, query: ListQuery, cursor?: string): string {
  // The environment comes last and only when there is one: pages of all environments keep their keys.
  const environment = query.environment ? [query.environment] : [];
  return JSON.stringify([linkId, query.status, query.sort, query.search.trim(), cursor ?? '', ...environment]);
}

/** FNV-1a: a short, stable storage key for a cache key of any length. */
export function storageKeyOf(key: string): StorageKey {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return `local:${PAGE_PREFIX}${(hash >>> 0).toString(36)}:${key.length}`;
}

export type StoredPage = CachedPage & { key: string };

/** The page stored under storageKeyOf(key), if it is that key's: a hash collision is possible in principle. */
export function cachedPageOf(entry: StoredPage | null | undefined, key: string): CachedPage | undefined {
  return entry && entry.key === key ? { page: entry.page, fetchedAt: entry.fetchedAt } : undefined;
}

export async function readCachedPage(key: string): Promise<CachedPage | undefined> {
  return cachedPageOf(await readStored<StoredPage>(storageKeyOf(key)), key);
}

export function writeCachedPage(key: string, page: ErrorPage, fetchedAt = Date.now()): Promise<void> {
  return serialized(CACHE_QUEUE, async () => {
    const storageKey = storageKeyOf(key);
    const index = { ...(await indexItem.getValue()), [key]: { fetchedAt, storageKey } };
    const keys = Object.keys(index);
    const stale: Array<StorageKey> = [];
    if (keys.length > MAX_ENTRIES) {
      // Oldest first: the default lists are rewritten by every poll, so they stay.
      keys.sort((a, b) => index[a]!.fetchedAt - index[b]!.fetchedAt);
      for (const old of keys.slice(0, keys.length - MAX_ENTRIES)) {
        stale.push(index[old]!.storageKey);
        delete index[old];
      }
    }
    await writeStored([
      { key: storageKey, value: { key, page, fetchedAt } },
      { key: 'local:listCacheIndex', value: index },
    ]);
    if (stale.length || !scannedForOrphans) {
      scannedForOrphans = true;
      // Clean-up only: a failed scan must not fail the write that was made.
      stale.push(...(await orphanedPages(index).catch(() => [])));
    }
    if (stale.length) await removeStored(stale);
  });
}

// Pages the index does not name (left by a worker stopped between its two writes, or by an index lost to
// an older version's racing writes) would stay forever: storage itself is searched for them, once per
// worker start and whenever pages are evicted.
let scannedForOrphans = false;

async function orphanedPages(index: Record<string, IndexEntry>): Promise<Array<StorageKey>> {
  const local = browser.storage.local as typeof browser.storage.local & { getKeys?: () => Promise<string[]> };
  const keys = local.getKeys ? await local.getKeys() : Object.keys(await local.get(null));
  const named = new Set(Object.values(index).map((entry) => entry.storageKey));
  return keys
    .filter((key) => key.startsWith(PAGE_PREFIX))
    .map((key): StorageKey => `local:${key}`)
    .filter((key) => !named.has(key));
}

async function forgetWhere(test: (key: string[]) => boolean): Promise<void> {
  return serialized(CACHE_QUEUE, async () => {
    const index = { ...(await indexItem.getValue()) };
    const stale: Array<StorageKey> = [];
    for (const key of Object.keys(index)) {
      if (!test(JSON.parse(key) as string[])) continue;
      stale.push(index[key]!.storageKey);
      delete index[key];
    }
    if (!stale.length) return;
    await indexItem.setValue(index);
    await removeStored(stale);
  });
}

export const forgetLink = (linkId: string) => forgetWhere(([keyLink]) => keyLink === linkId);

/**
 * After a status change: the error leaves every cached list of another status, so the popup and the
 * panels never show it under a filter it no longer matches.
 */
export function dropFromOtherLists(linkId: string, errorId: string, newStatus: string): Promise<void> {
  return serialized(CACHE_QUEUE, () => dropNow(linkId, errorId, newStatus));
}

async function dropNow(linkId: string, errorId: string, newStatus: string): Promise<void> {
  const index = await indexItem.getValue();
  for (const key of Object.keys(index)) {
    const [keyLink, keyStatus] = JSON.parse(key) as string[];
    if (keyLink !== linkId || keyStatus === newStatus) continue;
    const entry = await readCachedPage(key);
    if (!entry) continue;
    const errors = entry.page.errors.filter((error) => error.id !== errorId);
    if (errors.length === entry.page.errors.length) continue;
    const total = entry.page.total === undefined ? undefined : Math.max(0, entry.page.total - 1);
    await writeStored([{ key: storageKeyOf(key), value: { key, fetchedAt: entry.fetchedAt, page: { ...entry.page, errors, total } } }]);
  }
}
