import type { GitlabClient } from '../../gitlab/client';
import { resolveLinkProject } from '../../gitlab/connection';
import { accessLevel, DEVELOPER } from '../../gitlab/project-access';
import type { ProjectLink } from '../../store/storage';
import { FreshPromises } from '../../util/bounded-map';

const reasons = new FreshPromises<string | undefined>({ max: 100, freshMs: 5 * 60_000 });

/**
 * Why this user may not change the link's errors in GitLab (Reporters may read, Developers may change), or
 * undefined. Asked once per link every few minutes; a failed check blocks nothing (GitLab refuses anyway).
 */
export function gitlabWriteBlocked(link: ProjectLink, client: GitlabClient): Promise<string | undefined> {
  return reasons.get(link.id, async () => {
    try {
      const project = await resolveLinkProject(client, link);
      return accessLevel(project) >= DEVELOPER
        ? undefined
        : `Changing errors needs at least the Developer role in ${project.path_with_namespace}.`;
    } catch {
      return undefined;
    }
  });
}

/** A new GitLab token may have other roles: ask again instead of waiting for the cached answers to age. */
export function forgetRoles(): void {
  reasons.clear();
}
