import type { ProjectLink } from '../store/storage';

/** How the UI names where a link's errors come from. Kept apart from the backends: the popup imports it. */
export interface LinkLabels {
  /** "Sentry: acme / web", "GitLab error tracking": the service first, so it reads alone (a panel shows it as is). */
  source: string;
  /** The service that answers for the link's errors, in messages: "Sentry rejected …". */
  service: 'Sentry' | 'GitLab';
  /** What its token is called there. */
  token: string;
}

type LabelsOf = { [K in ProjectLink['backend']]: (link: Extract<ProjectLink, { backend: K }>) => LinkLabels };

const LABELS: LabelsOf = {
  sentry: (link) => ({ source: `Sentry: ${link.sentry.org} / ${link.sentry.projectSlug}`, service: 'Sentry', token: 'Auth Token' }),
  gitlab: () => ({ source: 'GitLab error tracking', service: 'GitLab', token: 'personal access token' }),
};

export function linkLabels(link: ProjectLink): LinkLabels {
  return (LABELS[link.backend] as (link: ProjectLink) => LinkLabels)(link);
}

export function sourceLabel(link: ProjectLink): string {
  return linkLabels(link).source;
}

/** What the popup and the badge say when every link is paused: set up, not "not set up". */
export function pausedLinksText(paused: number): string {
  return `${paused === 1 ? '1 link' : `${paused} links`} paused — resume in options.`;
}
