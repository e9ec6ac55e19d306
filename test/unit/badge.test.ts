import { describe, expect, it } from 'vitest';
import { BADGE_LOOKS, badgeStateFor } from '@/lib/background/badge/state';
import { countText } from '@/lib/util/format';
import type { LinkStatus, ProjectLink } from '@/lib/store/storage';

const link = (id: string, active = true): ProjectLink => ({
  id,
  gitlabProject: `group/${id}`,
  gitlabOrigin: 'https://gitlab.com',
  active,
  backend: 'sentry',
  sentry: { org: 'acme', projectId: id, projectSlug: id, projectName: id },
});

describe('badge text', () => {
  it.each([
    [0, false, ''],
    [1, false, '1'],
    [999, false, '999'],
    [1000, false, '999+'],
    [100, true, '100+'],
  ])('%i (capped %s) reads %j', (count, capped, text) => {
    expect(countText(count, capped)).toBe(text);
  });
});

describe('badge state table', () => {
  const ok = (count: number): LinkStatus => ({ checkedAt: 1, count });
  const failed = (kind: LinkStatus['failure'] extends infer F ? (F extends { kind: infer K } ? K : never) : never): LinkStatus => ({
    checkedAt: 1,
    count: 4,
    failure: { kind, message: `${kind} happened` },
  });

  it('sums active links only', () => {
    const state = badgeStateFor([link('a'), link('b'), link('c', false)], { a: ok(2), b: ok(3), c: ok(100) });
    expect(state).toMatchObject({ kind: 'count', count: 5 });
    expect(BADGE_LOOKS.count.text(state)).toBe('5');
    expect(BADGE_LOOKS.count.title(state)).toContain('group/a: 2 unresolved');
  });

  it('is empty with a hint when nothing is set up', () => {
    const state = badgeStateFor([], {});
    expect(state.kind).toBe('unconfigured');
    expect(BADGE_LOOKS.unconfigured.text(state)).toBe('');
    expect(BADGE_LOOKS.unconfigured.title(state)).toMatch(/connect Sentry/i);
  });

  it('says paused links are paused, not that nothing is set up', () => {
    const state = badgeStateFor([link('a', false), link('b', false)], {});
    expect(BADGE_LOOKS.unconfigured.text(state)).toBe('');
    expect(BADGE_LOOKS.unconfigured.title(state)).toBe('Error Tracker for GitLab: 2 links paused — resume in options.');
  });

  it.each([
    ['auth', 'auth', '!'],
    ['unreachable', 'offline', '?'],
    ['timeout', 'offline', '?'],
    ['rate-limited', 'rate-limited', '…'],
    ['server', 'error', '!'],
  ] as const)('a %s failure shows the %s state', (failure, kind, text) => {
    const state = badgeStateFor([link('a'), link('b')], { a: ok(2), b: failed(failure) });
    expect(state.kind).toBe(kind);
    expect(BADGE_LOOKS[state.kind].text(state)).toBe(text);
    expect(BADGE_LOOKS[state.kind].title(state)).toContain(`${failure} happened`);
  });

  it('puts a rejected token ahead of other trouble', () => {
    const state = badgeStateFor([link('a'), link('b')], { a: failed('unreachable'), b: failed('auth') });
    expect(state.kind).toBe('auth');
  });

  it('names the service whose token was refused: GitLab for a link read through GitLab', () => {
    const gitlabLink: ProjectLink = {
      id: 'g',
      gitlabProject: 'group/g',
      gitlabOrigin: 'https://gitlab.com',
      active: true,
      backend: 'gitlab',
    };
    const title = (links: ProjectLink[], statuses: Record<string, LinkStatus>) => {
      const state = badgeStateFor(links, statuses);
      return BADGE_LOOKS[state.kind].title(state).split('\n')[0];
    };
    expect(title([gitlabLink], { g: failed('auth') })).toBe(
      'Error Tracker for GitLab: GitLab rejected the personal access token. Open the options to enter a new one.',
    );
    expect(title([link('a')], { a: failed('auth') })).toBe(
      'Error Tracker for GitLab: Sentry rejected the Auth Token. Open the options to enter a new one.',
    );
    expect(title([link('a'), gitlabLink], { a: failed('unreachable'), g: failed('unreachable') })).toContain(
      'Sentry and GitLab cannot be reached',
    );
    expect(title([gitlabLink], { g: failed('rate-limited') })).toContain("GitLab's rate limit was reached");
  });

  it('states distinct looks for each kind', () => {
    const looks = Object.values(BADGE_LOOKS).map(
      (look) => `${look.color}${look.text({ kind: 'count', count: 3, capped: false, details: [], failing: [] })}`,
    );
    expect(new Set(looks).size).toBe(looks.length);
  });
});
