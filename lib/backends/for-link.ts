import { RemoteError } from '../domain/errors';
import { requireGitlabClient } from '../gitlab/connection';
import { sentryConnectionItem, type ProjectLink } from '../store/storage';
import { gitlabBackend, type GitlabLink } from './gitlab';
import { sentryBackend, type SentryLink } from './sentry';
import type { ErrorBackend } from './types';

type Factories = { [K in ProjectLink['backend']]: (link: Extract<ProjectLink, { backend: K }>) => Promise<ErrorBackend> };

// The one place that knows which backends exist: adding one is a file in lib/backends/ and a line here.
const FACTORIES: Factories = {
  async sentry(link: SentryLink) {
    const connection = await sentryConnectionItem.getValue();
    if (!connection) throw new RemoteError('not-configured', 'Sentry is not connected. Open the options and click Connect.');
    return sentryBackend(link, connection);
  },
  gitlab: async (link: GitlabLink) => gitlabBackend(link, await requireGitlabClient()),
};

export function backendForLink(link: ProjectLink): Promise<ErrorBackend> {
  return (FACTORIES[link.backend] as (link: ProjectLink) => Promise<ErrorBackend>)(link);
}
