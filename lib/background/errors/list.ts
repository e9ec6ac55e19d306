import { backendForLink } from '../../backends/for-link';
import { environmentOf } from '../../domain/environments';
import { toFailure } from '../../domain/errors';
import type { ErrorPage, ListQuery } from '../../domain/model';
import type { RequestOf, ResponseMap } from '../../protocol/replies';
import { findLink } from '../../store/links';
import { cacheKey, readCachedPage, writeCachedPage } from '../../store/list-cache';
import { linkStatusItem, popupStateItem, type ProjectLink } from '../../store/storage';
import { recordLinkStatus } from '../badge/counts';
import { pollAll } from '../badge/poll';
import { noteListedErrors } from '../notifications/record';
import { rememberEnvironment } from './environments';

/** A page of a link's errors: from the cache at once, then from the server. */
export async function handleListErrors(request: RequestOf<'listErrors'>): Promise<ResponseMap['listErrors']> {
  const link = await findLink(request.linkId);
  await popupStateItem.setValue({ linkId: link.id, status: request.query.status, sort: request.query.sort });
  await rememberEnvironment(link, request.query);
  const key = cacheKey(link.id, request.query, request.cursor);
  if (request.source === 'cache') return (await readCachedPage(key)) ?? null;

  const backend = await backendForLink(link);
  const isDefaultList = !request.cursor && isDefault(request.query, link);
  let page: ErrorPage;
  try {
    page = await backend.listErrors(request.query, request.cursor);
  } catch (error) {
    if (isDefaultList) await recordLinkStatus(link.id, { ...(await statusOf(link.id)), checkedAt: Date.now(), failure: toFailure(error) });
    throw error;
  }
  const fetchedAt = Date.now();
  await writeCachedPage(key, page, fetchedAt);
  await noteListedErrors(link.id, page.errors);
  if (isDefaultList && page.total !== undefined) {
    // The popup just fetched what the poller would: keep the badge in step with what the user sees.
    await recordLinkStatus(link.id, { checkedAt: fetchedAt, count: page.total, countCapped: page.totalCapped });
  }
  return { page, fetchedAt };
}

/** The popup's Refresh: every link polled now; the popup then reads its view from storage, as at its start. */
export async function handleRefreshNow(): Promise<null> {
  await pollAll({ force: true });
  return null;
}

async function statusOf(linkId: string) {
  return (await linkStatusItem.getValue())[linkId];
}

/** The list whose total is the badge's count: unresolved, unfiltered, in the link's default environment. */
function isDefault(query: ListQuery, link: ProjectLink): boolean {
  return query.status === 'unresolved' && query.search.trim() === '' && environmentOf(query) === (link.defaultEnvironment ?? '');
}
