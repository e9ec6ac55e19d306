import type { LinkOverview, PopupView } from '../protocol/replies';
import { sourceLabel } from '../backends/labels';
import { browser } from 'wxt/browser';
import { cacheKey, cachedPageOf, storageKeyOf, type StoredPage } from './list-cache';
import { areaKey, readStored, type StorageKey } from './item';
import { shownEnvironment, withEnvironment } from '../domain/environments';
import { DEFAULT_QUERY } from '../domain/model';
import { OPEN_ERROR_INTENT_KEY, type OpenErrorIntent } from './notifications';
import type { CachedEnvironments, CachedPage } from './storage';
import {
  DEFAULT_POPUP_STATE,
  ENVIRONMENT_CHOICES_KEY,
  LINKS_KEY,
  LINK_ENVIRONMENTS_KEY,
  LINK_STATUS_KEY,
  POPUP_STATE_KEY,
  type LinkStatus,
  type PopupState,
  type ProjectLink,
} from './storage';

/**
 * Where the popup remembers the storage key of the page it showed last (the extension origin's localStorage:
 * read synchronously, it holds only a key name). Read with the links in the same round trip, that page is
 * almost always the one the popup shows next: one storage round trip instead of two before the first draw.
 */
const LAST_PAGE_KEY = 'errorTracker.lastPopupPage';
/** A notification's "open this error" counts for the popup that opens for the click, not for later ones. */
const INTENT_FRESH_MS = 30_000;

function lastPageKey(): StorageKey | undefined {
  try {
    const key = globalThis.localStorage?.getItem(LAST_PAGE_KEY);
    return key?.startsWith('local:listPage:') ? (key as StorageKey) : undefined;
  } catch {
    return undefined; // storage turned off for the origin: two round trips, as before
  }
}

function rememberPageKey(key: string): void {
  try {
    globalThis.localStorage?.setItem(LAST_PAGE_KEY, key);
  } catch {
    // nothing lost but a round trip next time
  }
}

/**
 * What the popup shows before any request: active links with their counts, the last selection and its
 * cached page. It reads storage directly (no token is involved), so the popup draws without waiting for the
 * background to wake up.
 */
export async function readPopupSnapshot(): Promise<PopupView> {
  // One storage round trip for every key, without defining the items: defining one that has migrations runs
  // them, which is the background's job at its start.
  const guess = lastPageKey();
  const keys: StorageKey[] = [
    LINKS_KEY,
    LINK_STATUS_KEY,
    POPUP_STATE_KEY,
    ENVIRONMENT_CHOICES_KEY,
    LINK_ENVIRONMENTS_KEY,
    OPEN_ERROR_INTENT_KEY,
    ...(guess ? [guess] : []),
  ];
  const items = await browser.storage.local.get(keys.map(areaKey));
  const links = (items[areaKey(LINKS_KEY)] ?? []) as ProjectLink[];
  const statuses = (items[areaKey(LINK_STATUS_KEY)] ?? {}) as Record<string, LinkStatus>;
  const state = (items[areaKey(POPUP_STATE_KEY)] ?? DEFAULT_POPUP_STATE) as PopupState;
  const choices = (items[areaKey(ENVIRONMENT_CHOICES_KEY)] ?? {}) as Record<string, string>;
  const environments = (items[areaKey(LINK_ENVIRONMENTS_KEY)] ?? {}) as Record<string, CachedEnvironments>;
  const guessed = guess ? (items[areaKey(guess)] as StoredPage | undefined) : undefined;
  const active = links.filter((link) => link.active);
  const overview: LinkOverview[] = active.map((link) => ({
    id: link.id,
    gitlabProject: link.gitlabProject,
    sourceLabel: sourceLabel(link),
    status: statuses[link.id],
    defaultEnvironment: link.defaultEnvironment ?? '',
    environment: shownEnvironment(link, choices[link.id], environments[link.id]?.choices),
    environments: environments[link.id]?.choices,
  }));
  const intent = items[areaKey(OPEN_ERROR_INTENT_KEY)] as OpenErrorIntent | null | undefined;
  const clicked = intent && Date.now() - intent.at < INTENT_FRESH_MS ? overview.find((link) => link.id === intent.linkId) : undefined;
  const selected = clicked ?? overview.find((link) => link.id === state.linkId) ?? overview[0];
  const query = withEnvironment({ ...DEFAULT_QUERY, status: state.status, sort: state.sort }, selected?.environment);
  let cached: CachedPage | undefined;
  if (selected) {
    const key = cacheKey(selected.id, query);
    const storageKey = storageKeyOf(key);
    cached = cachedPageOf(guess === storageKey ? guessed : await readStored<StoredPage>(storageKey), key);
    if (guess !== storageKey) rememberPageKey(storageKey);
    // Shown in another environment than the badge's, the link's count is that environment's, as its list has it.
    const total = cached?.page.total;
    if (total !== undefined && query.status === 'unresolved' && selected.environment !== selected.defaultEnvironment) {
      selected.status = { checkedAt: cached!.fetchedAt, count: total, countCapped: cached!.page.totalCapped };
    }
  }
  return {
    configured: active.length > 0,
    paused: links.length - active.length,
    links: overview,
    selectedLinkId: selected?.id,
    query,
    cached,
    openError: clicked ? intent?.error : undefined,
  };
}
