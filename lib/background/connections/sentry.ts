import { forgetWriteDenials } from '../../backends/sentry/write-denials';
import { RemoteError } from '../../domain/errors';
import type { RequestOf, ResponseMap } from '../../protocol/replies';
import { SentryClient } from '../../sentry/client';
import { needsOptionalPermission, normalizeSentryUrl } from '../../sentry/hosts';
import { knownProjectsItem, sentryConnectionItem, type SentryProjectChoice, type StoredSentryConnection } from '../../store/storage';
import { afterSettingsChange } from './settings-change';
import { assertHostAllowed } from './host-access';

/** Connect in the Sentry section: lists the token's projects for the link form. */
export async function handleConnectSentry(request: RequestOf<'connectSentry'>): Promise<ResponseMap['connectSentry']> {
  const result = await connectSentry(await resolveConnection(request.baseUrl, request.token));
  await afterSettingsChange();
  return result;
}

/**
 * The connection to use for a URL and an optional new token. A stored token is reused only for the host
 * it was entered for: changing the URL without re-entering the token must never send it elsewhere.
 */
export async function resolveConnection(baseUrlInput: string, tokenInput?: string): Promise<StoredSentryConnection> {
  const baseUrl = normalizeSentryUrl(baseUrlInput);
  const token = tokenInput?.trim();
  if (token) return { baseUrl, token };
  const stored = await sentryConnectionItem.getValue();
  if (stored && stored.baseUrl === baseUrl) return stored;
  throw new RemoteError('bad-request', `Enter the Auth Token for ${baseUrl}.`);
}

/** Lists every project of every organization the token sees; on success remembers the connection. */
export async function connectSentry(
  connection: StoredSentryConnection,
): Promise<{ projects: SentryProjectChoice[]; organizations: number }> {
  await assertHostAllowed(connection.baseUrl, needsOptionalPermission(connection.baseUrl));
  const client = new SentryClient(connection);
  const organizations = await client.listOrganizations();
  const projects: SentryProjectChoice[] = [];
  let firstFailure: unknown;
  for (const org of organizations) {
    try {
      for (const project of await client.listProjects(org)) {
        projects.push({
          org: org.slug,
          projectId: String(project.id),
          projectSlug: project.slug,
          projectName: project.name || project.slug,
          regionUrl: org.links?.regionUrl || undefined,
        });
      }
    } catch (error) {
      // An organization the token may list but not read should not hide the others.
      firstFailure ??= error;
    }
  }
  if (projects.length === 0 && firstFailure) throw firstFailure;
  projects.sort((a, b) => `${a.org}/${a.projectSlug}`.localeCompare(`${b.org}/${b.projectSlug}`));
  await sentryConnectionItem.setValue(connection);
  await knownProjectsItem.setValue(projects);
  await forgetWriteDenials();
  return { projects, organizations: organizations.length };
}
