import type { RequestOf, ResponseMap } from '../../protocol/replies';
import { forgetRoles } from '../../backends/gitlab/roles';
import { RemoteError } from '../../domain/errors';
import { GitlabClient } from '../../gitlab/client';
import { gitlabNeedsOptionalPermission, normalizeGitlabUrl } from '../../gitlab/hosts';
import { updateItem } from '../../store/queue';
import { gitlabConnectionItem, gitlabOriginOf, linksItem, type StoredGitlabConnection } from '../../store/storage';
import { applyHostRules } from '../setup/host-rules';
import { assertHostAllowed } from './host-access';

/** Connect in the GitLab section: the token is checked (user, scopes, expiry) and the host's rules set up. */
export async function handleConnectGitlab(request: RequestOf<'connectGitlab'>): Promise<ResponseMap['connectGitlab']> {
  const connection = await connectGitlab(await resolveGitlabConnection(request.baseUrl, request.token));
  forgetRoles();
  await bindUncheckedLinks(gitlabOriginOf(connection));
  await applyHostRules();
  return { username: connection.username };
}

/** The stored token is reused only for the host it was entered for. */
async function resolveGitlabConnection(baseUrlInput: string, tokenInput?: string): Promise<{ baseUrl: string; token: string }> {
  const baseUrl = normalizeGitlabUrl(baseUrlInput);
  const token = tokenInput?.trim();
  if (token) return { baseUrl, token };
  const stored = await gitlabConnectionItem.getValue();
  if (stored && stored.baseUrl === baseUrl) return stored;
  throw new RemoteError('bad-request', `Enter the personal access token for ${baseUrl}.`);
}

/** Verifies the token (user, scopes, expiry) and remembers the connection. */
async function connectGitlab(connection: { baseUrl: string; token: string }): Promise<StoredGitlabConnection> {
  await assertHostAllowed(connection.baseUrl, gitlabNeedsOptionalPermission(connection.baseUrl));
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

/**
 * Links saved while no GitLab was connected were never checked against one (they have no project id): they
 * belong to the GitLab the user connects now. Checked links stay bound to the GitLab they were checked on.
 */
async function bindUncheckedLinks(origin: string): Promise<void> {
  await updateItem(linksItem, (links) =>
    links.some((link) => link.gitlabProjectId === undefined && link.gitlabOrigin !== origin)
      ? links.map((link) => (link.gitlabProjectId === undefined ? { ...link, gitlabOrigin: origin } : link))
      : links,
  );
}
