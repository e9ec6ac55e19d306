import type { LinkOverview, PopupView } from './api';
import { sourceLabel } from './links';
import { cacheKey, readCachedPage } from './list-cache';
import { DEFAULT_QUERY, type ListQuery } from './model';
import { storage } from '@wxt-dev/storage';
import {
  DEFAULT_POPUP_STATE,
  LINKS_KEY,
  LINK_STATUS_KEY,
  POPUP_STATE_KEY,
  type LinkStatus,
  type PopupState,
  type ProjectLink,
} from './storage';

/**
 * What the popup shows before any request: active links with their counts, the last selection and its
 * cached page. It reads storage directly (no token is involved), so the popup draws without waiting for the
 * background to wake up.
 */
export async function readPopupSnapshot(): Promise<PopupView> {
  // One storage round trip by key: defining the items here would make each read itself first (the
  // background defines them and migrates them at its start).
  const [links, statuses, state] = (
    await storage.getItems([
      { key: LINKS_KEY, options: { fallback: [] } },
      { key: LINK_STATUS_KEY, options: { fallback: {} } },
      { key: POPUP_STATE_KEY, options: { fallback: DEFAULT_POPUP_STATE } },
    ])
  ).map((item) => item.value) as [ProjectLink[], Record<string, LinkStatus>, PopupState];
  const active = links.filter((link) => link.active);
  const overview: LinkOverview[] = active.map((link) => ({
    id: link.id,
    gitlabProject: link.gitlabProject,
    sentryLabel: sourceLabel(link),
    status: statuses[link.id],
  }));
  const selected = active.find((link) => link.id === state.linkId) ?? active[0];
  const query: ListQuery = { ...DEFAULT_QUERY, status: state.status, sort: state.sort };
  const cached = selected ? await readCachedPage(cacheKey(selected.id, query)) : undefined;
  return { configured: active.length > 0, paused: links.length - active.length, links: overview, selectedLinkId: selected?.id, query, cached };
}
