import type { ClientKeyView, IntegratedSettingsView, RequestOf } from '../protocol/replies';
import { failedWith } from '../domain/errors';
import type { GitlabClientKey } from '../gitlab/schemas';
import { requireGitlabClient, resolveLinkProject } from '../gitlab/connection';
import { accessLevel, MAINTAINER } from '../gitlab/project-access';
import { findLink } from '../store/links';

const keyView = (key: GitlabClientKey): ClientKeyView => ({
  id: key.id,
  active: key.active !== false,
  publicKey: key.public_key,
  dsn: key.sentry_dsn,
});

async function projectOf(linkId: string) {
  const client = await requireGitlabClient();
  const project = await resolveLinkProject(client, await findLink(linkId));
  return { client, project };
}

/**
 * Error Tracking settings and client keys of a link's project. GitLab shows them to Maintainers only; a
 * project that never saved settings, or a GitLab with integrated tracking turned off, is explained.
 */
export async function handleIntegratedSettings(request: RequestOf<'integratedSettings'>): Promise<IntegratedSettingsView> {
  const { client, project } = await projectOf(request.linkId);
  const path = project.path_with_namespace;
  if (accessLevel(project) < MAINTAINER) {
    return { project: path, keys: [], explanation: `Only Maintainers of ${path} can see its error tracking settings and client keys.` };
  }
  const settings = await client.errorTrackingSettings(project.id);
  if (!settings) {
    return {
      project: path,
      keys: [],
      explanation: `Error tracking was never set up for ${path}. Turn it on in GitLab under Settings > Monitor > Error Tracking (choose GitLab as the backend), then come back here for its DSN.`,
    };
  }
  const view = {
    project: path,
    settings: { active: Boolean(settings.active), integrated: Boolean(settings.integrated), apiUrl: settings.api_url ?? undefined },
  };
  if (!settings.integrated) {
    return {
      ...view,
      keys: [],
      explanation: settings.api_url
        ? `${path} reads its errors from Sentry (${settings.api_url}), so it has no GitLab DSN.`
        : `GitLab reports integrated error tracking as off for ${path}: it is turned off in the project's settings, or its feature flag (integrated_error_tracking) is off on this GitLab.`,
    };
  }
  try {
    return { ...view, keys: (await client.clientKeys(project.id)).map(keyView) };
  } catch (error) {
    if (failedWith(error, 'not-found')) {
      return {
        ...view,
        keys: [],
        explanation: `This GitLab does not offer client keys for ${path} (integrated error tracking is not available here).`,
      };
    }
    throw error;
  }
}

export async function handleCreateClientKey(request: RequestOf<'createClientKey'>): Promise<ClientKeyView> {
  const { client, project } = await projectOf(request.linkId);
  return keyView(await client.createClientKey(project.id));
}

export async function handleDeleteClientKey(request: RequestOf<'deleteClientKey'>): Promise<IntegratedSettingsView> {
  const { client, project } = await projectOf(request.linkId);
  await client.deleteClientKey(project.id, request.keyId);
  return handleIntegratedSettings({ type: 'integratedSettings', linkId: request.linkId });
}
