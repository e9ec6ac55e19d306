import type { ErrorBackend } from '../backend';
import { RemoteError } from '../errors';
import { sentryBackend } from '../sentry/backend';
import { linksItem, sentryConnectionItem, type ProjectLink } from '../storage';

export async function backendForLink(link: ProjectLink): Promise<ErrorBackend> {
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
