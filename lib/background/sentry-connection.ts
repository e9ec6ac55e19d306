import { browser } from 'wxt/browser';
import { RemoteError } from '../domain/errors';
import { SentryClient } from '../sentry/client';
import { hostPermissionPattern } from '../remote/host-permission';
import { needsOptionalPermission, normalizeSentryUrl } from '../sentry/hosts';
import {
  knownProjectsItem,
  sentryConnectionItem,
  type SentryProjectChoice,
  type StoredSentryConnection,
} from '../store/storage';
import { forgetWriteDenials } from './write-denials';

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

export async function assertHostPermission(baseUrl: string): Promise<void> {
  if (!needsOptionalPermission(baseUrl)) return;
  const origin = hostPermissionPattern(baseUrl);
  if (await browser.permissions.contains({ origins: [origin] })) return;
  throw new RemoteError(
    'permission',
    `The browser has not allowed this extension to reach ${new URL(baseUrl).origin}. Click Connect or Save changes again and allow access when asked.`,
  );
}

/** Lists every project of every organization the token sees; on success remembers the connection. */
export async function connectSentry(
  connection: StoredSentryConnection,
): Promise<{ projects: SentryProjectChoice[]; organizations: number }> {
  await assertHostPermission(connection.baseUrl);
  const client = new SentryClient(connection);
  const organizations = await client.listOrganizations();
  const projects: SentryProjectChoice[] = [];
  let firstFailure: unknown;
  for (const org of organizations) {
    try {
      for (const project of await client.listProjects(org)) {
        projects.push({
          org: org.slug,
          projectId: project.id,
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

export function projectKey(project: Pick<SentryProjectChoice, 'org' | 'projectId'>): string {
  return `${project.org}/${project.projectId}`;
}
