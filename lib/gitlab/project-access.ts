import type { GitlabProject } from './schemas';

// GitLab's role levels (Guest 10, Reporter 20, Developer 30, Maintainer 40, Owner 50).
export const REPORTER = 20;
export const DEVELOPER = 30;
export const MAINTAINER = 40;

/** The user's role in a project, directly or through its group. */
export function accessLevel(project: GitlabProject): number {
  return Math.max(project.permissions?.project_access?.access_level ?? 0, project.permissions?.group_access?.access_level ?? 0);
}

/** Why the user cannot create issues in this project, or undefined when they can. */
export function cannotCreateReason(project: GitlabProject): string | undefined {
  if (project.archived) return `${project.path_with_namespace} is archived on GitLab.`;
  if (project.issues_enabled === false || project.issues_access_level === 'disabled') {
    return `Issues are turned off in ${project.path_with_namespace}.`;
  }
  return undefined;
}
