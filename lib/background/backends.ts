import type { ErrorBackend } from '../backend';
import { RemoteError } from '../errors';
import { sentryBackend } from '../sentry/backend';
import { sentryConnectionItem, type ProjectLink } from '../storage';

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
