import { failedWith, RemoteError } from '../domain/errors';
import { gitlabConnectionItem, type ProjectLink } from '../store/storage';
import { GitlabClient } from './client';

/** A client for the connected GitLab, or undefined when none is connected. */
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
    if (failedWith(error, 'not-found')) {
      throw new RemoteError('not-found', `GitLab has no project ${link.gitlabProject} that you can see.`, 404);
    }
    throw error;
  }
}
