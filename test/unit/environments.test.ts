import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pollAll } from '@/lib/background/badge/poll';
import { defaultQueryOf, shownEnvironment, withEnvironment } from '@/lib/domain/environments';
import { DEFAULT_QUERY } from '@/lib/domain/model';
import { SentryClient } from '@/lib/sentry/client';
import { environmentParams } from '@/lib/sentry/query';
import { cacheKey, readCachedPage } from '@/lib/store/list-cache';
import { readPopupSnapshot } from '@/lib/store/popup-snapshot';
import { DEFAULT_NOTIFICATION_SETTINGS } from '@/lib/store/notifications';
import { environmentChoicesItem, linkEnvironmentsItem, linkStatusItem } from '@/lib/store/storage';
import { askBackground, badge, stubBrowserApis } from './support/background';
import { installFakeGitlab } from './support/fake-gitlab';
import { installFakeSentry, makeIssues, type FakeIssue } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

// Four unresolved errors: 1 and 3 in production, 2 in staging, 4 in both.
const ISSUES = (): FakeIssue[] =>
  makeIssues(4, (i) => ({ title: `E${i + 1}`, environments: [['production'], ['staging'], ['production'], ['production', 'staging']][i] }));

const TARGET = { org: 'the-interstellar-jurisdiction', projectId: '3', projectSlug: 'prime-mover' };
const unresolved = { status: 'unresolved', sort: 'last_seen', search: '' } as const;

beforeEach(() => {
  fakeBrowser.reset();
  localStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

/** Saves the link again from the options, with `defaultEnvironment` ('' for all). */
function saveDefault(defaultEnvironment: string) {
  return askBackground({
    type: 'saveOptions',
    baseUrl: 'https://sentry.io',
    pollMinutes: 2,
    link: { gitlabProject: 'group/app', projectKey: 'the-interstellar-jurisdiction/3', active: true, defaultEnvironment },
  });
}

describe('environment query building', () => {
  it('adds one environment parameter for an environment and none for all', () => {
    expect(environmentParams('staging')).toEqual([['environment', 'staging']]);
    expect(environmentParams(undefined)).toEqual([]);
    expect(environmentParams('')).toEqual([]);
  });

  it('never keeps an empty environment in a query', () => {
    expect(withEnvironment(DEFAULT_QUERY, 'staging')).toEqual({ ...DEFAULT_QUERY, environment: 'staging' });
    expect(withEnvironment({ ...DEFAULT_QUERY, environment: 'staging' }, '')).toEqual(DEFAULT_QUERY);
    expect('environment' in withEnvironment({ ...DEFAULT_QUERY, environment: 'staging' }, undefined)).toBe(false);
    expect(defaultQueryOf({})).toEqual(DEFAULT_QUERY);
    expect(defaultQueryOf({ defaultEnvironment: 'production' })).toEqual({ ...DEFAULT_QUERY, environment: 'production' });
  });

  it('opens on the last choice, else the default, and on all where the backend has no environments', () => {
    expect(shownEnvironment({ defaultEnvironment: 'production' }, undefined)).toBe('production');
    expect(shownEnvironment({ defaultEnvironment: 'production' }, '')).toBe('');
    expect(shownEnvironment({}, 'staging', { names: ['staging'] })).toBe('staging');
    expect(shownEnvironment({}, 'staging', { unsupported: 'no' })).toBe('');
  });

  it('keeps the cache keys of all environments and gives each environment its own', () => {
    expect(cacheKey('l1', DEFAULT_QUERY)).toBe(JSON.stringify(['l1', 'unresolved', 'last_seen', '', '']));
    expect(cacheKey('l1', { ...DEFAULT_QUERY, environment: 'staging' })).not.toBe(cacheKey('l1', DEFAULT_QUERY));
    expect(cacheKey('l1', { ...DEFAULT_QUERY, environment: 'staging' })).not.toBe(
      cacheKey('l1', { ...DEFAULT_QUERY, environment: 'prod' }),
    );
  });

  it('sends the environment with the issue list and issues-count, and asks for visible environments by slug', async () => {
    const sentry = installFakeSentry({ issues: ISSUES() });
    const client = new SentryClient({ baseUrl: 'https://sentry.io', token: 'good-token' });
    const page = await client.listIssues(TARGET, { ...DEFAULT_QUERY, environment: 'staging' });
    expect(page.errors.map((e) => e.title)).toEqual(['E2', 'E4']);
    expect(sentry.requests.at(-1)?.url.searchParams.getAll('environment')).toEqual(['staging']);

    await client.listIssues(TARGET, DEFAULT_QUERY);
    expect(sentry.requests.at(-1)?.url.searchParams.has('environment')).toBe(false);

    await client.countIssues(TARGET, 'is:unresolved', 'production').catch(() => undefined);
    expect(sentry.requests.at(-1)?.url.pathname).toBe('/api/0/organizations/the-interstellar-jurisdiction/issues-count/');
    expect(sentry.requests.at(-1)?.url.searchParams.getAll('environment')).toEqual(['production']);

    expect(await client.listEnvironments(TARGET)).toEqual(['production', 'staging']);
    const asked = sentry.requests.at(-1)!.url;
    expect(asked.pathname).toBe('/api/0/projects/the-interstellar-jurisdiction/prime-mover/environments/');
    expect(asked.searchParams.get('visibility')).toBe('visible');
  });

  it('offers no environment without a name, nor one twice', async () => {
    installFakeSentry({ environments: ['production', '', 'production', 'qa'] });
    const client = new SentryClient({ baseUrl: 'https://sentry.io', token: 'good-token' });
    expect(await client.listEnvironments(TARGET)).toEqual(['production', 'qa']);
  });
});

describe('environments of a link', () => {
  it('are read once and then answered from storage while fresh', async () => {
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues: ISSUES() }, poll: false });
    const environmentRequests = () => sentry.requests.filter((r) => r.url.pathname.endsWith('/environments/')).length;
    expect(await askBackground({ type: 'listEnvironments', linkId })).toEqual({ names: ['production', 'staging'] });
    expect(await askBackground({ type: 'listEnvironments', linkId })).toEqual({ names: ['production', 'staging'] });
    expect(environmentRequests()).toBe(1);
    expect((await linkEnvironmentsItem.getValue())[linkId]?.choices).toEqual({ names: ['production', 'staging'] });
  });

  it('are read again once stale, and the stale list still answers when Sentry does not', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues: ISSUES() }, poll: false });
    await askBackground({ type: 'listEnvironments', linkId });
    vi.setSystemTime(Date.now() + 16 * 60_000);
    sentry.fetchMock.mockImplementationOnce(async () => new Response('{}', { status: 502 }));
    expect(await askBackground({ type: 'listEnvironments', linkId })).toEqual({ names: ['production', 'staging'] });
    expect(sentry.requests.filter((r) => r.url.pathname.endsWith('/environments/'))).toHaveLength(1);
    expect(sentry.fetchMock.mock.calls.length).toBeGreaterThan(sentry.requests.length);
  });

  it('are unsupported for a link read through GitLab, with the reason', async () => {
    stubBrowserApis();
    installFakeSentry();
    installFakeGitlab({ errors: [] });
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' });
    const { savedLink } = await askBackground({
      type: 'saveOptions',
      baseUrl: 'https://sentry.io',
      pollMinutes: 2,
      link: { gitlabProject: 'group/app', backend: 'gitlab', active: true, defaultEnvironment: 'production' },
    });
    // A default environment means nothing where the list cannot be filtered: it is not kept.
    expect(savedLink?.defaultEnvironment).toBeUndefined();
    const answer = await askBackground({ type: 'listEnvironments', linkId: savedLink!.id });
    expect(answer).toEqual({ unsupported: expect.stringMatching(/no environment filter/) });
    expect(await askBackground({ type: 'projectEnvironments', backend: 'gitlab' })).toEqual(answer);
  });

  it('of a project chosen in the options, before the link is saved', async () => {
    stubBrowserApis();
    const sentry = installFakeSentry({ environments: ['production', 'canary'] });
    await askBackground({ type: 'connectSentry', baseUrl: 'https://sentry.io', token: 'good-token' });
    const answer = await askBackground({ type: 'projectEnvironments', projectKey: 'the-interstellar-jurisdiction/3' });
    expect(answer).toEqual({ names: ['production', 'canary'] });
    expect(sentry.requests.at(-1)?.url.pathname).toBe('/api/0/projects/the-interstellar-jurisdiction/prime-mover/environments/');
  });
});

describe('the environment chosen for a link', () => {
  it('filters the list and is remembered for the link; the badge keeps counting all', async () => {
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues: ISSUES() } });
    expect((await badge()).text).toBe('4');
    const staging = { ...unresolved, environment: 'staging' };
    const list = await askBackground({ type: 'listErrors', linkId, query: staging, source: 'network' });
    expect(list?.page.errors.map((e) => e.title)).toEqual(['E2', 'E4']);
    expect(list?.page.total).toBe(2);
    expect(sentry.requests.at(-1)?.url.searchParams.getAll('environment')).toEqual(['staging']);
    expect(await environmentChoicesItem.getValue()).toEqual({ [linkId]: 'staging' });
    // Only the default environment's list is the badge's count.
    expect((await linkStatusItem.getValue())[linkId]?.count).toBe(4);
    expect((await badge()).text).toBe('4');

    // Reopened, the popup shows staging at once: its query, its cached page and its count.
    const snapshot = await readPopupSnapshot();
    expect(snapshot.query).toEqual(staging);
    expect(snapshot.cached?.page.errors.map((e) => e.title)).toEqual(['E2', 'E4']);
    expect(snapshot.links[0]).toMatchObject({ environment: 'staging', defaultEnvironment: '', status: { count: 2 } });

    // Back to all environments: remembered as a choice too.
    await askBackground({ type: 'listErrors', linkId, query: unresolved, source: 'cache' });
    expect(await environmentChoicesItem.getValue()).toEqual({ [linkId]: '' });
    expect((await readPopupSnapshot()).query).toEqual(unresolved);
  });

  it('is dropped when the link gets another default environment, and when the link is removed', async () => {
    const { linkId } = await linkSentryProject({ sentry: { issues: ISSUES() }, poll: false });
    await askBackground({ type: 'listErrors', linkId, query: { ...unresolved, environment: 'staging' }, source: 'cache' });
    await askBackground({ type: 'listEnvironments', linkId });
    await saveDefault('');
    expect(await environmentChoicesItem.getValue()).toEqual({ [linkId]: 'staging' });
    await saveDefault('production');
    expect(await environmentChoicesItem.getValue()).toEqual({});
    expect((await readPopupSnapshot()).query).toEqual({ ...unresolved, environment: 'production' });

    await askBackground({ type: 'listErrors', linkId, query: { ...unresolved, environment: 'staging' }, source: 'cache' });
    await askBackground({ type: 'removeLink', linkId });
    expect(await environmentChoicesItem.getValue()).toEqual({});
    expect(await linkEnvironmentsItem.getValue()).toEqual({});
  });
});

describe("a link's default environment", () => {
  it('is what the poll counts and caches: the page the popup opens on', async () => {
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues: ISSUES() }, poll: false });
    const { savedLink } = await saveDefault('production');
    expect(savedLink?.defaultEnvironment).toBe('production');
    await pollAll({ force: true });
    expect(await badge()).toMatchObject({ text: '3', title: expect.stringContaining('group/app: 3 unresolved in production') });
    const polled = sentry.requests.filter((r) => r.url.pathname.endsWith('/issues/')).at(-1)!;
    expect(polled.url.searchParams.getAll('environment')).toEqual(['production']);

    const production = defaultQueryOf({ defaultEnvironment: 'production' });
    expect((await readCachedPage(cacheKey(linkId, production)))?.page.errors.map((e) => e.title)).toEqual(['E1', 'E3', 'E4']);
    const snapshot = await readPopupSnapshot();
    expect(snapshot.query).toEqual(production);
    expect(snapshot.cached?.page.total).toBe(3);
    expect(snapshot.links[0]).toMatchObject({ environment: 'production', defaultEnvironment: 'production', status: { count: 3 } });

    // The popup's own fetch of that list keeps the badge in step; another environment's does not.
    sentry.issues.push(...makeIssues(1, () => ({ id: '2000', title: 'E5', environments: ['production'] })));
    await askBackground({ type: 'listErrors', linkId, query: production, source: 'network' });
    expect((await badge()).text).toBe('4');
    await askBackground({ type: 'listErrors', linkId, query: unresolved, source: 'network' });
    expect((await badge()).text).toBe('4');
  });

  it('back to all environments, the badge counts all again', async () => {
    await linkSentryProject({ sentry: { issues: ISSUES() }, poll: false });
    await saveDefault('staging');
    await pollAll({ force: true });
    expect((await badge()).text).toBe('2');
    const { savedLink } = await saveDefault('');
    expect(savedLink && 'defaultEnvironment' in savedLink).toBe(false);
    await pollAll({ force: true });
    expect((await badge()).text).toBe('4');
  });

  it('narrows the notifications as it narrows the count', async () => {
    const { sentry } = await linkSentryProject({ sentry: { issues: ISSUES() }, poll: false });
    await saveDefault('production');
    await askBackground({
      type: 'setNotificationSettings',
      settings: { ...DEFAULT_NOTIFICATION_SETTINGS, newErrors: true, regressions: true },
    });
    await pollAll({ force: true });
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    const now = new Date().toISOString();
    const arrive = (id: string, title: string, environments: string[]) =>
      sentry.issues.unshift(...makeIssues(1, () => ({ id, title, environments, firstSeen: now, lastSeen: now })));
    arrive('3001', 'E-staging', ['staging']);
    await pollAll({ force: true });
    expect(create).not.toHaveBeenCalled();
    arrive('3002', 'E-production', ['production']);
    await pollAll({ force: true });
    expect(create.mock.calls.map((call) => (call[1] as unknown as { message: string }).message)).toEqual(['E-production']);
  });

  it('is refused when it is not a plausible environment name', async () => {
    const { linkId } = await linkSentryProject({ poll: false });
    await expect(
      askBackground({ type: 'listErrors', linkId, query: { ...unresolved, environment: 'x'.repeat(201) }, source: 'cache' }),
    ).rejects.toMatchObject({ kind: 'bad-request' });
  });
});
