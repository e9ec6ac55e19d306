import type { ProjectLink } from '../store/storage';

/** Where a link's errors come from, as the UI names it. */
export function sourceLabel(link: ProjectLink): string {
  return link.backend === 'gitlab' ? 'GitLab error tracking' : `${link.sentry.org} / ${link.sentry.projectSlug}`;
}

/** What the popup and the badge say when every link is paused: set up, not "not set up". */
export function pausedLinksText(paused: number): string {
  return `${paused === 1 ? '1 link' : `${paused} links`} paused — resume in options.`;
}
