import type { LinkOverview, PopupView, RequestOf, ResponseMap } from '../api';
import { toFailure } from '../errors';
import { DEFAULT_QUERY, type ListQuery } from '../model';
import { linksItem, linkStatusItem, popupStateItem, sentryConnectionItem } from '../storage';
import { backendForLink, findLink } from './backends';
import { cacheKey, readCachedPage, writeCachedPage } from './list-cache';
import { pollAll, recordLinkStatus } from './poller';

export async function popupView(): Promise<PopupView> {
  const [connection, links, statuses, state] = await Promise.all([
    sentryConnectionItem.getValue(),
    linksItem.getValue(),
    linkStatusItem.getValue(),
    popupStateItem.getValue(),
  ]);
  const active = links.filter((link) => link.active);
  const overview: LinkOverview[] = active.map((link) => ({
    id: link.id,
    gitlabProject: link.gitlabProject,
    sentryLabel: `${link.sentry.org} / ${link.sentry.projectSlug}`,
    status: statuses[link.id],
  }));
  const selected = active.find((link) => link.id === state.linkId) ?? active[0];
  const query: ListQuery = { ...DEFAULT_QUERY, status: state.status, sort: state.sort };
  const cached = selected ? await readCachedPage(cacheKey(selected.id, query)) : undefined;
  return {
    configured: Boolean(connection) && active.length > 0,
    links: overview,
    selectedLinkId: selected?.id,
    query,
    cached,
  };
}

export async function handleListErrors(request: RequestOf<'listErrors'>): Promise<ResponseMap['listErrors']> {
  const link = await findLink(request.linkId);
  await popupStateItem.setValue({ linkId: link.id, status: request.query.status, sort: request.query.sort });
  const key = cacheKey(link.id, request.query, request.cursor);
  if (request.source === 'cache') return (await readCachedPage(key)) ?? null;

  const backend = await backendForLink(link);
  const isDefaultList = !request.cursor && isDefault(request.query);
  let page;
  try {
    page = await backend.listErrors(request.query, request.cursor);
  } catch (error) {
    if (isDefaultList) await recordLinkStatus(link.id, { ...(await statusOf(link.id)), checkedAt: Date.now(), failure: toFailure(error) });
    throw error;
  }
  const fetchedAt = Date.now();
  await writeCachedPage(key, page, fetchedAt);
  if (isDefaultList && page.total !== undefined) {
    // The popup just fetched what the poller would: keep the badge in step with what the user sees.
    await recordLinkStatus(link.id, { checkedAt: fetchedAt, count: page.total, countCapped: page.totalCapped });
  }
  return { page, fetchedAt };
}

export async function handleRefreshNow(): Promise<PopupView> {
  await pollAll({ force: true });
  return popupView();
}

async function statusOf(linkId: string) {
  return (await linkStatusItem.getValue())[linkId];
}

function isDefault(query: ListQuery): boolean {
  return query.status === 'unresolved' && query.search.trim() === '';
}
