import type { ErrorBackend } from './types';
import { toFailure } from '../domain/errors';
import { shaFromRelease } from '../gitlab/release-sha';
import { DEFAULT_QUERY, type ErrorSummary } from '../domain/model';
import { SentryClient, type SentryConnection, type SentryTarget } from '../sentry/client';
import { sentryIssueIdOf } from '../sentry/issue-url';

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
      // No X-Hits: ask issues-count; a server without it still gets the page's own count.
      const counted = await client
        .countIssues(target, 'is:unresolved')
        .catch(() => ({ count: firstPage.errors.length, capped: Boolean(firstPage.nextCursor) }));
      return { ...counted, firstPage };
    },
    async getDetails(errorId) {
      const [details, event] = await Promise.allSettled([client.getIssue(target, errorId), client.latestEvent(target, errorId)]);
      if (details.status === 'rejected') throw details.reason;
      return event.status === 'fulfilled'
        ? { details: details.value, event: event.value }
        : { details: details.value, event: null, eventFailure: toFailure(event.reason) };
    },
    updateStatus: async (errorId, change) => ({ error: await client.updateStatus(target, errorId, change) }),
    latestEvent: (errorId) => client.latestEvent(target, errorId),
    async firstSeenInCommit(sha) {
      // The release may be the SHA itself (the common setup) or name it (`app@<sha>`): ask Sentry for
      // releases containing it, then for the errors first seen in each.
      const versions = new Set([sha]);
      try {
        for (const version of await client.releaseVersions(target, sha.slice(0, 12))) {
          const named = shaFromRelease(version);
          if (named && (sha.startsWith(named) || named.startsWith(sha))) versions.add(version);
        }
      } catch {
        /* servers or tokens without the releases list: the SHA itself is still searched */
      }
      const seen = new Map<string, ErrorSummary>();
      for (const version of [...versions].slice(0, 4)) {
        const page = await client.searchIssues(target, `firstRelease:"${version.replace(/"/g, '')}"`, 'new', undefined, 25);
        for (const error of page.errors) seen.set(error.id, error);
      }
      return [...seen.values()];
    },
    // Strict: an error without a project id may belong to any project of the organization.
    ownsError: (error) => error.projectId === target.projectId,
    isOwnCode: (frame) => frame.inApp,
    errorIdFromUrl: (href) => sentryIssueIdOf(href, connection.baseUrl),
  };
}
