import { browser } from 'wxt/browser';
import { RemoteError } from '../domain/errors';
import { GitlabClient } from '../gitlab/client';
import { gitlabNeedsOptionalPermission, normalizeGitlabUrl } from '../gitlab/hosts';
import { hostPermissionPattern } from '../remote/host-permission';
import { gitlabConnectionItem, type ProjectLink, type StoredGitlabConnection } from '../store/storage';

/** The stored token is reused only for the host it was entered for. */
export async function resolveGitlabConnection(baseUrlInput: string, tokenInput?: string): Promise<{ baseUrl: string; token: string }> {
  const baseUrl = normalizeGitlabUrl(baseUrlInput);
  const token = tokenInput?.trim();
  if (token) return { baseUrl, token };
  const stored = await gitlabConnectionItem.getValue();
  if (stored && stored.baseUrl === baseUrl) return stored;
  throw new RemoteError('bad-request', `Enter the personal access token for ${baseUrl}.`);
}

export async function assertGitlabPermission(baseUrl: string): Promise<void> {
  if (!gitlabNeedsOptionalPermission(baseUrl)) return;
  if (await browser.permissions.contains({ origins: [hostPermissionPattern(baseUrl)] })) return;
  throw new RemoteError(
    'permission',
    `The browser has not allowed this extension to reach ${new URL(baseUrl).origin}. Click Connect again and allow access when asked.`,
  );
}

/** Verifies the token (user, scopes, expiry) and remembers the connection. */
export async function connectGitlab(connection: { baseUrl: string; token: string }): Promise<StoredGitlabConnection> {
  await assertGitlabPermission(connection.baseUrl);
  const client = new GitlabClient(connection);
  const user = await client.currentUser();
  const info = await client.tokenInfo();
  if (info && !info.scopes.includes('api')) {
    throw new RemoteError(
      'forbidden',
      `The personal access token has the scopes ${info.scopes.join(', ') || '(none)'}, but creating and closing issues needs the api scope.`,
    );
  }
  const stored = { ...connection, username: user.username, userId: user.id };
  await gitlabConnectionItem.setValue(stored);
  return stored;
}

export async function gitlabClient(): Promise<GitlabClient | undefined> {
  const connection = await gitlabConnectionItem.getValue();
  return connection ? new GitlabClient(connection) : undefined;
}

export async function requireGitlabClient(): Promise<GitlabClient> {
  const client = await gitlabClient();
  if (!client) throw new RemoteError('not-configured', 'GitLab is not connected. Open the options and connect GitLab.');
  return client;
}

/** The GitLab project of a link, by id when known (survives renames), else by path. */
export async function resolveLinkProject(client: GitlabClient, link: Pick<ProjectLink, 'gitlabProject' | 'gitlabProjectId'>) {
  try {
    return await client.getProject(link.gitlabProjectId ?? link.gitlabProject);
  } catch (error) {
    if (error instanceof RemoteError && error.kind === 'not-found') {
      throw new RemoteError('not-found', `GitLab has no project ${link.gitlabProject} that you can see.`, 404);
    }
    throw error;
  }
}
