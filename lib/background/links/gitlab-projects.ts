import { requireGitlabClient, resolveLinkProject } from '../../gitlab/connection';
import { normalizeGitlabProjectPath } from '../../gitlab/project-path';
import type { RequestOf, ResponseMap } from '../../protocol/replies';
import { knownProjectsItem } from '../../store/storage';

/** The link form's GitLab project combobox: projects matching what was typed. */
export async function handleSearchGitlabProjects(request: RequestOf<'searchGitlabProjects'>): Promise<ResponseMap['searchGitlabProjects']> {
  const search = request.search.trim();
  if (search.length < 2) return [];
  const projects = await (await requireGitlabClient()).searchProjects(search);
  return projects.map((project) => ({ id: project.id, path: project.path_with_namespace, name: project.name_with_namespace ?? '' }));
}

/**
 * What GitLab knows about a project the user is linking: its canonical path, and the Sentry project its
 * own Error Tracking settings point at (offered as the link in one click).
 */
export async function handleProjectHint(request: RequestOf<'gitlabProjectHint'>): Promise<ResponseMap['gitlabProjectHint']> {
  const client = await requireGitlabClient();
  const project = await resolveLinkProject(client, { gitlabProject: normalizeGitlabProjectPath(request.gitlabProject) });
  // Only Maintainers may read the settings: for anyone else there is simply no hint.
  const settings = await client.errorTrackingSettings(project.id).catch(() => null);
  const match = /\/api\/0\/projects\/([^/]+)\/([^/]+)\/?$/.exec(settings?.api_url ?? '');
  if (!match) return { path: project.path_with_namespace };
  const [org, slug] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
  const known = (await knownProjectsItem.getValue()).find((p) => p.org === org && p.projectSlug === slug);
  return {
    path: project.path_with_namespace,
    sentryProjectKey: known ? `${known.org}/${known.projectId}` : undefined,
    sentryLabel: `${org} / ${slug}`,
  };
}
