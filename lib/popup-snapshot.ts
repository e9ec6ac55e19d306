import type { LinkOverview, PopupView } from './api';
import { sourceLabel } from './links';
import { cacheKey, readCachedPage } from './list-cache';
import { DEFAULT_QUERY, type ListQuery } from './model';
import { linksItem, linkStatusItem, popupStateItem } from './storage';

/**
 * What the popup shows before any request: active links with their counts, the last selection and its
 * cached page. It reads storage directly (no token is involved), so the popup draws without waiting for the
 * background to wake up.
 */
export async function readPopupSnapshot(): Promise<PopupView> {
  const [links, statuses, state] = await Promise.all([linksItem.getValue(), linkStatusItem.getValue(), popupStateItem.getValue()]);
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
  return { configured: active.length > 0, links: overview, selectedLinkId: selected?.id, query, cached };
}
