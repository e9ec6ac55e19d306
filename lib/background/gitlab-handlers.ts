import type { RequestOf, ResponseMap } from '../protocol/replies';
import { RemoteError, toFailure } from '../domain/errors';
import { normalizeGitlabProjectPath } from '../gitlab/project-path';
import { gitlabOriginOf, knownProjectsItem, linksItem } from '../store/storage';
import { updateItem } from '../store/queue';
import { findLink } from '../backends/for-link';
import { loadDetails } from './details-cache';
import { createIssueThroughGitlab, forgetRoles, gitlabStateThroughGitlab } from './gitlab-integrated';
import { connectGitlab, gitlabClient, requireGitlabClient, resolveGitlabConnection, resolveLinkProject } from './gitlab-connection';
import { cannotCreateReason, commitForRelease, createIssueOnce, findLinkedIssue, type GitlabErrorState } from './gitlab-issues';
import { applyHostRules } from './host-rules';

export async function handleConnectGitlab(request: RequestOf<'connectGitlab'>): Promise<ResponseMap['connectGitlab']> {
  const connection = await connectGitlab(await resolveGitlabConnection(request.baseUrl, request.token));
  forgetRoles();
  await bindUncheckedLinks(gitlabOriginOf(connection));
  await applyHostRules();
  return { username: connection.username };
}

export async function handleSearchGitlabProjects(request: RequestOf<'searchGitlabProjects'>): Promise<ResponseMap['searchGitlabProjects']> {
  const search = request.search.trim();
  if (search.length < 2) return [];
  const projects = await (await requireGitlabClient()).searchProjects(search);
  return projects.map((project) => ({ id: project.id, path: project.path_with_namespace, name: project.name_with_namespace }));
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

export async function handleGitlabState(request: RequestOf<'getGitlabState'>): Promise<GitlabErrorState> {
  const client = await gitlabClient();
  if (!client) return { connected: false };
  const link = await findLink(request.linkId);
  try {
    if (link.backend === 'gitlab') return await gitlabStateThroughGitlab(link, request.errorId);
    const project = await resolveLinkProject(client, link);
    await rememberProjectId(link.id, project.id, project.path_with_namespace);
    const { details } = await loadDetails(link, request.errorId);
    const [issue, commit] = await Promise.all([
      findLinkedIssue(client, project, details, details.externalIssueUrls),
      details.firstRelease ? commitForRelease(client, project.id, details.firstRelease).catch(() => undefined) : undefined,
    ]);
    return { connected: true, issue, commit, cannotCreate: issue ? undefined : cannotCreateReason(project) };
  } catch (error) {
    const failure = toFailure(error);
    return { connected: true, failure, cannotCreate: failure.kind === 'not-found' ? failure.message : undefined };
  }
}

export async function handleCreateIssue(request: RequestOf<'createGitlabIssue'>): Promise<ResponseMap['createGitlabIssue']> {
  const client = await requireGitlabClient();
  const link = await findLink(request.linkId);
  if (link.backend === 'gitlab') return createIssueThroughGitlab(link, request.errorId);
  const project = await resolveLinkProject(client, link);
  const result = await loadDetails(link, request.errorId);
  if (!result.details.permalink) {
    throw new RemoteError('bad-response', 'Sentry gave this error no link, so an issue could not be tied to it.');
  }
  return createIssueOnce(client, project, result);
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

/** A link remembers its project's id (renames keep working) and follows a renamed path. */
async function rememberProjectId(linkId: string, projectId: number, path: string): Promise<void> {
  await updateItem(linksItem, (links) => {
    const link = links.find((candidate) => candidate.id === linkId);
    if (!link || (link.gitlabProjectId === projectId && link.gitlabProject === path)) return links;
    return links.map((l) => (l.id === linkId ? { ...l, gitlabProjectId: projectId, gitlabProject: path } : l));
  });
}
