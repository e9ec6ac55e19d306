import { browser } from 'wxt/browser';
import type { BadgeKind } from '../protocol/replies';
import type { Failure, FailureKind } from '../domain/errors';
import { countText } from '../util/format';
import { pausedLinksText } from '../domain/links';
import type { LinkStatus, ProjectLink } from '../store/storage';

export interface BadgeState {
  kind: BadgeKind;
  count: number;
  capped: boolean;
  /** One line per link: what it counts or why it failed. */
  details: string[];
}

interface BadgeLook {
  text(state: BadgeState): string;
  color: string;
  title(state: BadgeState): string;
}

const NAME = 'Error Tracker for GitLab';
const lines = (state: BadgeState) => (state.details.length ? `\n${state.details.join('\n')}` : '');

export const BADGE_LOOKS: Record<BadgeKind, BadgeLook> = {
  unconfigured: {
    text: () => '',
    color: '#6b7280',
    // Paused links are set up: the hint says so instead of asking to connect again.
    title: (s) => `${NAME}: ${s.details[0] ?? 'not set up. Open the options to connect Sentry.'}`,
  },
  count: {
    text: (s) => countText(s.count, s.capped),
    color: '#c62828',
    title: (s) =>
      `${NAME}: ${s.count === 0 ? 'no' : countText(s.count, s.capped)} unresolved error${s.count === 1 ? '' : 's'}${lines(s)}`,
  },
  auth: {
    text: () => '!',
    color: '#e8710a',
    title: (s) => `${NAME}: Sentry rejected the Auth Token. Open the options to enter a new one.${lines(s)}`,
  },
  'rate-limited': {
    text: () => '…',
    color: '#9a6700',
    title: (s) => `${NAME}: Sentry's rate limit was reached; polling slows down until it clears.${lines(s)}`,
  },
  offline: {
    text: () => '?',
    color: '#6b7280',
    title: (s) => `${NAME}: Sentry cannot be reached (offline or unreachable). It will be tried again.${lines(s)}`,
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

export function badgeKindOf(failure: Failure): BadgeKind {
  return KIND_OF_FAILURE[failure.kind] ?? 'error';
}

export function badgeStateFor(links: ProjectLink[], statuses: Record<string, LinkStatus>): BadgeState {
  const active = links.filter((link) => link.active);
  if (active.length === 0) {
    const details = links.length ? [pausedLinksText(links.length)] : [];
    return { kind: 'unconfigured', count: 0, capped: false, details };
  }
  let count = 0;
  let capped = false;
  const failures = new Set<BadgeKind>();
  const details: string[] = [];
  for (const link of active) {
    const status = statuses[link.id];
    if (status?.failure) {
      failures.add(badgeKindOf(status.failure));
      details.push(`${link.gitlabProject}: ${status.failure.message}`);
    } else if (status?.count !== undefined) {
      count += status.count;
      capped ||= Boolean(status.countCapped);
      details.push(`${link.gitlabProject}: ${countText(status.count, status.countCapped) || 'no'} unresolved`);
    }
  }
  const kind = PRIORITY.find((k) => failures.has(k)) ?? 'count';
  return { kind, count, capped, details };
}

export async function showBadge(state: BadgeState): Promise<void> {
  const look = BADGE_LOOKS[state.kind];
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  await Promise.all([
    action.setBadgeText({ text: look.text(state) }),
    action.setBadgeBackgroundColor({ color: look.color }),
    action.setTitle({ title: look.title(state) }),
  ]);
}
