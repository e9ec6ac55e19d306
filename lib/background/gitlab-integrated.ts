import { gitlabConnectionItem, type ProjectLink } from '../storage';
import type { LinkedIssue } from './gitlab-issues';
import { gitlabClient, resolveLinkProject } from './gitlab-connection';

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

export async function closedIssue(link: ProjectLink, iid: number): Promise<LinkedIssue> {
  const gitlab = await gitlabConnectionItem.getValue();
  return { iid, webUrl: gitlab ? `${gitlab.baseUrl}/${link.gitlabProject}/-/issues/${iid}` : '', state: 'closed' };
}
