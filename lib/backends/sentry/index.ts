import { failedWith, type FailureKind, RemoteError, toFailure } from '../../domain/errors';
import { defaultQueryOf } from '../../domain/environments';
import type { ErrorSummary } from '../../domain/model';
import { requireGitlabClient, resolveLinkProject } from '../../gitlab/connection';
import { cannotCreateReason } from '../../gitlab/project-access';
import { shaFromRelease } from '../../gitlab/release-sha';
import { SentryClient, type SentryConnection, type SentryTarget } from '../../sentry/client';
import { apiBaseFor } from '../../sentry/hosts';
import { sentryIssueIdOf } from '../../sentry/issue-url';
import { rememberProjectId } from '../../store/links';
import type { ProjectLink } from '../../store/storage';
import { forgetDetails, sharedDetails } from '../details-cache';
import type { ErrorBackend } from '../types';
import { closeJournaled, dropClose, journalClose } from './closes';
import { commitForRelease, createIssueOnce, findLinkedIssue } from './issues';
import { listTrending } from './trending';
import { allowWrites, denyWrites, writeDenial } from './write-denials';

export type SentryLink = Extract<ProjectLink, { backend: 'sentry' }>;

// A change these failures interrupted may have reached Sentry: its outcome is unknown.
const OUTCOME_UNKNOWN: FailureKind[] = ['timeout', 'unreachable', 'server'];

/**
 * A link's errors read from Sentry directly, with the Sentry token. Their GitLab issues are found, created
 * and closed by this extension through GitLab's REST API, with the GitLab token.
 */
export function sentryBackend(link: SentryLink, connection: SentryConnection): ErrorBackend {
  const client = new SentryClient(connection);
  // The link's Sentry project names its target (its projectName is for the options only).
  const target: SentryTarget = link.sentry;

  const getDetails = (errorId: string) =>
    sharedDetails(link.id, errorId, async () => {
      const [details, event] = await Promise.allSettled([client.getIssue(target, errorId), client.latestEvent(target, errorId)]);
      if (details.status === 'rejected') throw details.reason;
      return event.status === 'fulfilled'
        ? { details: details.value, event: event.value }
        : { details: details.value, event: null, eventFailure: toFailure(event.reason) };
    });

  return {
    listErrors: (query, cursor) =>
      query.sort === 'trending'
        ? listTrending(client, target, apiBaseFor(connection.baseUrl, target.regionUrl), query, cursor)
        : client.listIssues(target, query, cursor),
    async countUnresolved(environment) {
      // One request: the default list page carries the total in X-Hits.
      const firstPage = await client.listIssues(target, defaultQueryOf({ defaultEnvironment: environment }));
      if (firstPage.total !== undefined) {
        return { count: firstPage.total, capped: Boolean(firstPage.totalCapped), firstPage };
      }
      // No X-Hits: ask issues-count; a server without it still gets the page's own count.
      const counted = await client
        .countIssues(target, 'is:unresolved', environment)
        .catch(() => ({ count: firstPage.errors.length, capped: Boolean(firstPage.nextCursor) }));
      return { ...counted, firstPage };
    },
    listEnvironments: async () => ({ names: await client.listEnvironments(target) }),
    getDetails,
    latestEvent: (errorId) => client.latestEvent(target, errorId),

    async updateStatus(errorId, change) {
      // As in GitLab, resolving closes the error's open GitLab issue: the intent is journaled first.
      const journaled = change.action === 'resolve' && (await journalClose(link, errorId));
      let error: ErrorSummary;
      try {
        error = await client.updateStatus(target, errorId, change);
      } catch (failure) {
        // Refused: nothing closes. Unanswered: Sentry may have resolved it, so the entry stays, and the next
        // start closes the issue only if Sentry then says resolved.
        if (journaled && !failedWith(failure, ...OUTCOME_UNKNOWN)) await dropClose(link.id, errorId);
        // A token without event:write, or without a role in this project, stays so for a while: remember for
        // this link only, so its buttons say why they are off and other projects keep theirs.
        if (failedWith(failure, 'forbidden')) await denyWrites(link.id, failure.message);
        throw failure;
      } finally {
        forgetDetails(link.id, errorId);
      }
      await allowWrites(link.id);
      if (!journaled) return { error };
      if (error.status !== 'resolved') {
        await dropClose(link.id, error.id);
        return { error };
      }
      return { error, ...(await closeJournaled(link, error)) };
    },
    writeBlocked: () => writeDenial(link.id),

    async issueState(errorId) {
      const gitlab = await requireGitlabClient();
      const project = await resolveLinkProject(gitlab, link);
      await rememberProjectId(link.id, project.id, project.path_with_namespace);
      const { details } = await getDetails(errorId);
      const [issue, commit] = await Promise.all([
        findLinkedIssue(gitlab, project, details, details.externalIssueUrls),
        details.firstRelease ? commitForRelease(gitlab, project.id, details.firstRelease).catch(() => undefined) : undefined,
      ]);
      return { connected: true, issue, commit, cannotCreate: issue ? undefined : cannotCreateReason(project) };
    },
    async createIssue(errorId) {
      const gitlab = await requireGitlabClient();
      const project = await resolveLinkProject(gitlab, link);
      const result = await getDetails(errorId);
      if (!result.details.permalink) {
        throw new RemoteError('bad-response', 'Sentry gave this error no link, so an issue could not be tied to it.');
      }
      return createIssueOnce(gitlab, project, result);
    },

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
    // Mapped only if on the configured Sentry (lib/sentry/map.ts), else ''.
    errorPageUrl: (error) => error.permalink,
  };
}
