import { linkLabels, pausedLinksText, type LinkLabels } from '../../backends/labels';
import type { Failure, FailureKind } from '../../domain/errors';
import type { LinkStatus, ProjectLink } from '../../store/storage';
import { countText } from '../../util/format';

// The badge's state table: every state the toolbar icon can be in, with its text, colour and tooltip.

export type BadgeKind = 'unconfigured' | 'count' | 'auth' | 'offline' | 'rate-limited' | 'error';

export interface BadgeState {
  kind: BadgeKind;
  count: number;
  capped: boolean;
  /** One line per link: what it counts or why it failed. */
  details: string[];
  /** The services (and their tokens) of the links in this state's failure, for the tooltip's first line. */
  failing: Array<Pick<LinkLabels, 'service' | 'token'>>;
}

interface BadgeLook {
  text(state: BadgeState): string;
  color: string;
  title(state: BadgeState): string;
}

const NAME = 'Error Tracker for GitLab';
const lines = (state: BadgeState) => (state.details.length ? `\n${state.details.join('\n')}` : '');
const services = (state: BadgeState) => [...new Set(state.failing.map((f) => f.service))];
const named = (state: BadgeState) => services(state).join(' and ') || 'The server';
const rejected = (state: BadgeState) => {
  const tokens = [...new Set(state.failing.map((f) => `${f.service} rejected the ${f.token}`))];
  return tokens.length === 1
    ? `${tokens[0]}. Open the options to enter a new one.`
    : `${tokens.join('; ')}. Open the options to enter new ones.`;
};

export const BADGE_LOOKS: Record<BadgeKind, BadgeLook> = {
  unconfigured: {
    text: () => '',
    color: '#6b7280',
    // Paused links are set up: the hint says so instead of asking to connect again.
    title: (s) => `${NAME}: ${s.details[0] ?? 'not set up. Open the options to connect Sentry or GitLab.'}`,
  },
  count: {
    text: (s) => countText(s.count, s.capped),
    color: '#c62828',
    title: (s) => `${NAME}: ${s.count === 0 ? 'no' : countText(s.count, s.capped)} unresolved error${s.count === 1 ? '' : 's'}${lines(s)}`,
  },
  auth: {
    text: () => '!',
    color: '#e8710a',
    title: (s) => `${NAME}: ${rejected(s)}${lines(s)}`,
  },
  'rate-limited': {
    text: () => '…',
    color: '#9a6700',
    title: (s) =>
      `${NAME}: ${
        services(s)
          .map((service) => `${service}'s`)
          .join(' and ') || 'The'
      } rate limit was reached; polling slows down until it clears.${lines(s)}`,
  },
  offline: {
    text: () => '?',
    color: '#6b7280',
    title: (s) => `${NAME}: ${named(s)} cannot be reached (offline or unreachable). It will be tried again.${lines(s)}`,
  },
  error: {
    text: () => '!',
    color: '#6b7280',
    title: (s) => `${NAME}: counting errors failed.${lines(s)}`,
  },
};

const KIND_OF_FAILURE: Partial<Record<FailureKind, BadgeKind>> = {
  auth: 'auth',
  unreachable: 'offline',
  timeout: 'offline',
  'rate-limited': 'rate-limited',
};
// When links disagree, the state a user most needs to act on wins.
const PRIORITY: BadgeKind[] = ['auth', 'error', 'rate-limited', 'offline'];

function badgeKindOf(failure: Failure): BadgeKind {
  return KIND_OF_FAILURE[failure.kind] ?? 'error';
}

export function badgeStateFor(links: ProjectLink[], statuses: Record<string, LinkStatus>): BadgeState {
  const active = links.filter((link) => link.active);
  if (active.length === 0) {
    const details = links.length ? [pausedLinksText(links.length)] : [];
    return { kind: 'unconfigured', count: 0, capped: false, details, failing: [] };
  }
  let count = 0;
  let capped = false;
  const failures = new Map<BadgeKind, LinkLabels[]>();
  const details: string[] = [];
  for (const link of active) {
    const status = statuses[link.id];
    if (status?.failure) {
      const kind = badgeKindOf(status.failure);
      failures.set(kind, [...(failures.get(kind) ?? []), linkLabels(link)]);
      details.push(`${link.gitlabProject}: ${status.failure.message}`);
    } else if (status?.count !== undefined) {
      count += status.count;
      capped ||= Boolean(status.countCapped);
      const environment = link.defaultEnvironment ? ` in ${link.defaultEnvironment}` : '';
      details.push(`${link.gitlabProject}: ${countText(status.count, status.countCapped) || 'no'} unresolved${environment}`);
    }
  }
  const kind = PRIORITY.find((k) => failures.has(k)) ?? 'count';
  const failing = (failures.get(kind) ?? []).map(({ service, token }) => ({ service, token }));
  return { kind, count, capped, details, failing };
}
