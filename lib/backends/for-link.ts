import type { ErrorBackend } from './types';
import { RemoteError } from '../domain/errors';
import { gitlabBackend } from './gitlab';
import { GitlabClient } from '../gitlab/client';
import { sentryBackend } from './sentry';
import { gitlabConnectionItem, linksItem, sentryConnectionItem, type ProjectLink } from '../store/storage';

export async function backendForLink(link: ProjectLink): Promise<ErrorBackend> {
  if (link.backend === 'gitlab') {
    const gitlab = await gitlabConnectionItem.getValue();
    if (!gitlab) throw new RemoteError('not-configured', 'GitLab is not connected. Open the options and connect GitLab.');
    return gitlabBackend(new GitlabClient(gitlab), { baseUrl: gitlab.baseUrl, path: link.gitlabProject });
  }
  const connection = await sentryConnectionItem.getValue();
  if (!connection) throw new RemoteError('not-configured', 'Sentry is not connected. Open the options and click Connect.');
  return sentryBackend(connection, {
    org: link.sentry.org,
    projectId: link.sentry.projectId,
    projectSlug: link.sentry.projectSlug,
    regionUrl: link.sentry.regionUrl,
  });
}

export async function findLink(linkId: string): Promise<ProjectLink> {
  const link = (await linksItem.getValue()).find((candidate) => candidate.id === linkId);
  if (!link) throw new RemoteError('not-found', 'This project link was removed in the options. Reopen the popup.');
  return link;
}
