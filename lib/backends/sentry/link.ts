import { RemoteError } from '../../domain/errors';
import { knownProjectsItem, type SentryProjectChoice } from '../../store/storage';
import type { LinkKind } from '../link-kinds';
import type { SentryLink } from '.';

const projectKey = (project: Pick<SentryProjectChoice, 'org' | 'projectId'>) => `${project.org}/${project.projectId}`;

/** A link to a Sentry project the token listed at the last Connect (`<org>/<project id>`). */
export const sentryLinkKind: LinkKind<SentryLink> = {
  needsSentry: true,
  async build(base, draft) {
    const project = (await knownProjectsItem.getValue()).find((p) => projectKey(p) === draft.projectKey);
    if (!project) throw new RemoteError('bad-request', 'Choose a Sentry project (click Connect to list them).');
    const defaultEnvironment = draft.defaultEnvironment?.trim();
    return { ...base, backend: 'sentry', sentry: project, ...(defaultEnvironment ? { defaultEnvironment } : {}) };
  },
  sourceKey: (link) => `sentry:${projectKey(link.sentry)}`,
};
