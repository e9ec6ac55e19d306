import type { ProjectLink } from './storage';

/** Where a link's errors come from, as the UI names it. */
export function sourceLabel(link: ProjectLink): string {
  return link.backend === 'gitlab' ? 'GitLab error tracking' : `${link.sentry.org} / ${link.sentry.projectSlug}`;
}
