import type { ErrorBackend } from '../backend';
import { toFailure } from '../errors';
import { DEFAULT_QUERY } from '../model';
import { SentryClient, type SentryConnection, type SentryTarget } from './client';

export function sentryBackend(connection: SentryConnection, target: SentryTarget): ErrorBackend {
  const client = new SentryClient(connection);
  return {
    listErrors: (query, cursor) => client.listIssues(target, query, cursor),
    async countUnresolved() {
      // One request: the default list page carries the total in X-Hits.
      const firstPage = await client.listIssues(target, DEFAULT_QUERY);
      if (firstPage.total !== undefined) {
        return { count: firstPage.total, capped: Boolean(firstPage.totalCapped), firstPage };
      }
      const counted = await client.countIssues(target, 'is:unresolved');
      return { ...counted, firstPage };
    },
    async getDetails(errorId) {
      const [details, event] = await Promise.allSettled([client.getIssue(target, errorId), client.latestEvent(target, errorId)]);
      if (details.status === 'rejected') throw details.reason;
      return event.status === 'fulfilled'
        ? { details: details.value, event: event.value }
        : { details: details.value, event: null, eventFailure: toFailure(event.reason) };
    },
    updateStatus: (errorId, change) => client.updateStatus(target, errorId, change),
  };
}
