import { failedWith } from '../../domain/errors';
import type { ErrorPage, ListQuery } from '../../domain/model';
import { risingFirst } from '../../domain/trend';
import type { SentryClient, SentryTarget } from '../../sentry/client';

// Sentry hosts that refused `sort=trends` (servers from before it, which had `priority`): asked by last seen
// and sorted on the page from then on, so the refusal costs one request per worker start, not one per page.
const refusingTrends = new Set<string>();

/**
 * A page in Sentry's trend order; where the server refuses that order (400), the page by last seen with
 * rising errors first (lib/domain/trend.ts), marked `sortedOnPage`.
 */
export async function listTrending(
  client: SentryClient,
  target: SentryTarget,
  host: string,
  query: ListQuery,
  cursor?: string,
): Promise<ErrorPage> {
  if (!refusingTrends.has(host)) {
    try {
      return await client.listIssues(target, query, cursor);
    } catch (error) {
      if (!(failedWith(error, 'bad-request') && error.status === 400)) throw error;
      // A 400 may also be the search text's fault: only a page that loads without `trends` proves the order was.
      const page = await byLastSeen(client, target, query, cursor);
      refusingTrends.add(host);
      return page;
    }
  }
  return byLastSeen(client, target, query, cursor);
}

async function byLastSeen(client: SentryClient, target: SentryTarget, query: ListQuery, cursor?: string): Promise<ErrorPage> {
  const page = await client.listIssues(target, { ...query, sort: 'last_seen' }, cursor);
  return { ...page, errors: risingFirst(page.errors), sortedOnPage: true };
}
