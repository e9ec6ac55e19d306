import { RemoteError } from '../domain/errors';
import { issueDescription } from '../gitlab/issue-description';
import { inertTitle } from '../gitlab/markdown';
import { csrfToken, sessionCall, signInFailure } from '../gitlab/session';
import { gitlabConnectionItem, type ProjectLink } from '../store/storage';
import { forgetDetails, loadDetails } from './details-cache';
import { gitlabClient, resolveLinkProject } from './gitlab-connection';
import { cannotCreateReason, type GitlabErrorState, type LinkedIssue } from './gitlab-issues';

const DEVELOPER = 30;
const ROLE_FRESH_MS = 5 * 60_000;
const roles = new Map<string, { at: number; reason: Promise<string | undefined> }>();

/**
 * Why this user may not change the link's errors in GitLab (Reporters may read, Developers may change), or
 * undefined. Asked once per link every few minutes.
 */
export function gitlabWriteBlocked(link: ProjectLink): Promise<string | undefined> {
  const cached = roles.get(link.id);
  if (cached && Date.now() - cached.at < ROLE_FRESH_MS) return cached.reason;
  const reason = (async () => {
    const client = await gitlabClient();
    if (!client) return 'Connect GitLab in the options to change errors.';
    const project = await resolveLinkProject(client, link);
    const level = Math.max(project.permissions?.project_access?.access_level ?? 0, project.permissions?.group_access?.access_level ?? 0);
    return level >= DEVELOPER ? undefined : `Changing errors needs at least the Developer role in ${project.path_with_namespace}.`;
  })().catch(() => undefined);
  roles.set(link.id, { at: Date.now(), reason });
  return reason;
}

/** A new GitLab token may have other roles: ask again instead of waiting for the cached answers to age. */
export function forgetRoles(): void {
  roles.clear();
}

export async function closedIssue(link: ProjectLink, iid: number): Promise<LinkedIssue> {
  const gitlab = await gitlabConnectionItem.getValue();
  return { iid, webUrl: gitlab ? `${gitlab.baseUrl}/${link.gitlabProject}/-/issues/${iid}` : '', state: 'closed' };
}

const creating = new Map<string, Promise<LinkedIssue & { existed: boolean }>>();

/**
 * Create issue for an error read through GitLab, the way GitLab's own button does: a form POST with the
 * error's id in `sentry_issue_attributes`, so GitLab itself links the two (View issue, close on Resolve).
 */
export function createIssueThroughGitlab(link: ProjectLink & { backend: 'gitlab' }, errorId: string): Promise<LinkedIssue & { existed: boolean }> {
  const key = `${link.id}:${errorId}`;
  const pending = creating.get(key);
  if (pending) return pending;
  const attempt = (async () => {
    forgetDetails(link.id, errorId); // GitLab may have linked an issue since the details were read
    const { details, event } = await loadDetails(link, errorId);
    const existing = details.gitlab?.issueUrl;
    if (existing) return { iid: iidOf(existing), webUrl: existing, existed: true };
    const gitlab = await gitlabConnectionItem.getValue();
    if (!gitlab) throw new RemoteError('not-configured', 'Connect GitLab in the options to create issues.');
    const form = new URLSearchParams({
      'issue[title]': inertTitle(details.title),
      'issue[description]': issueDescription(details, event),
      'issue[sentry_issue_attributes][sentry_issue_identifier]': errorId,
      authenticity_token: await csrfToken(gitlab.baseUrl, link.gitlabProject, 'create issues'),
    });
    const response = await sessionCall({
      baseUrl: gitlab.baseUrl,
      projectPath: link.gitlabProject,
      path: `/${link.gitlabProject}/-/issues`,
      method: 'POST',
      form,
      write: true,
      text: true,
      redirectIsSuccess: true,
      what: 'create issues',
    });
    if (!response.redirect) throw new RemoteError('bad-request', 'GitLab did not create the issue (its form came back). Open the error in GitLab to see why.');
    // GitLab redirects to the new issue, but the browser does not say where (redirects are not followed):
    // GitLab's own link between error and issue names it.
    forgetDetails(link.id, errorId);
    const created = (await loadDetails(link, errorId)).details.gitlab?.issueUrl;
    if (!created) throw signInFailure(gitlab.baseUrl, 'create issues');
    return { iid: iidOf(created), webUrl: created, state: 'opened', existed: false };
  })().finally(() => creating.delete(key));
  creating.set(key, attempt);
  return attempt;
}

function iidOf(url: string): number {
  return Number(/\/issues\/(\d+)(?:[/?#]|$)/.exec(url)?.[1] ?? 0);
}

/** GitLab's own view of the error: its linked issue and the first release's commit. */
export async function gitlabStateThroughGitlab(link: ProjectLink & { backend: 'gitlab' }, errorId: string): Promise<GitlabErrorState> {
  const { details } = await loadDetails(link, errorId);
  const issueUrl = details.gitlab?.issueUrl;
  const client = await gitlabClient();
  const project = client ? await resolveLinkProject(client, link).catch(() => undefined) : undefined;
  return {
    connected: true,
    issue: issueUrl ? { iid: iidOf(issueUrl), webUrl: issueUrl } : undefined,
    commit: details.gitlab?.commit,
    cannotCreate: issueUrl || !project ? undefined : cannotCreateReason(project),
  };
}
