import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listTrending } from '@/lib/backends/sentry/trending';
import { pollAll } from '@/lib/background/badge/poll';
import { RemoteError } from '@/lib/domain/errors';
import type { ErrorPage, ErrorSummary, ListQuery } from '@/lib/domain/model';
import type { SentryClient, SentryTarget } from '@/lib/sentry/client';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeGitlab, type FakeGitlabOptions } from './support/fake-gitlab';
import { installFakeSentry, makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

const HOUR = 3600;
const START = 1_796_000_400;
const stats = (counts: number[]) => ({ '24h': counts.map((count, i) => [START + i * HOUR, count]) });
/** 21 quiet hours of `base` events, then the last 3 hours. */
const day = (base: number, lastThree: [number, number, number]) => [...Array<number>(21).fill(base), ...lastThree];
const RISING = day(0, [5, 10, 20]);
const STEADY = day(4, [4, 4, 4]);

const query = (sort: ListQuery['sort']): ListQuery => ({ status: 'unresolved', sort, search: '' });
const issueListRequests = (requests: Array<{ url: URL }>) => requests.filter((r) => /\/issues\/$/.test(r.url.pathname)).map((r) => r.url);

beforeEach(() => fakeBrowser.reset());

describe('Sentry: the list’s own stats', () => {
  it('asks the organization route for 24-hour group stats and collapses everything else it did', async () => {
    const { sentry, linkId } = await linkSentryProject({
      sentry: { issues: makeIssues(2, (i) => ({ stats: stats(i ? STEADY : RISING) })) },
    });
    sentry.requests.length = 0;
    const list = await askBackground({ type: 'listErrors', linkId, query: query('last_seen'), source: 'network' });
    const [url] = issueListRequests(sentry.requests);
    expect(url!.searchParams.get('groupStatsPeriod')).toBe('24h');
    // On this route statsPeriod is the search window: it must stay Sentry's default (90 days).
    expect(url!.searchParams.has('statsPeriod')).toBe(false);
    expect(url!.searchParams.getAll('collapse')).toEqual(['lifetime', 'filtered', 'unhandled']);
    expect(list!.page.errors.map((e) => e.hourlyEvents)).toEqual([RISING, STEADY]);
  });

  it('asks the deprecated project route for statsPeriod=24h, where that names the sparkline', async () => {
    const issues = makeIssues(1, () => ({ stats: stats(STEADY) }));
    const { sentry, linkId } = await linkSentryProject({
      sentry: {
        issues,
        override: (url) => {
          if (/^\/api\/0\/organizations\/[^/]+\/issues\/$/.test(url.pathname)) {
            return new Response(JSON.stringify({ detail: 'The requested resource does not exist' }), { status: 404 });
          }
          if (/^\/api\/0\/projects\/[^/]+\/[^/]+\/issues\/$/.test(url.pathname)) {
            return new Response(JSON.stringify(issues), { headers: { 'Content-Type': 'application/json', 'X-Hits': '1' } });
          }
          return undefined;
        },
      },
    });
    sentry.requests.length = 0;
    const list = await askBackground({ type: 'listErrors', linkId, query: query('last_seen'), source: 'network' });
    const projectRoute = issueListRequests(sentry.requests).find((url) => url.pathname.startsWith('/api/0/projects/'))!;
    expect(projectRoute.searchParams.get('statsPeriod')).toBe('24h');
    expect(projectRoute.searchParams.has('groupStatsPeriod')).toBe(false);
    expect(list!.page.errors[0]!.hourlyEvents).toEqual(STEADY);
  });

  it('sorts Trending with Sentry’s own `trends`, in the order Sentry gives', async () => {
    const { sentry, linkId } = await linkSentryProject({
      sentry: { issues: makeIssues(2, (i) => ({ stats: stats(i ? RISING : STEADY) })) },
    });
    sentry.requests.length = 0;
    const list = await askBackground({ type: 'listErrors', linkId, query: query('trending'), source: 'network' });
    expect(issueListRequests(sentry.requests).map((url) => url.searchParams.get('sort'))).toEqual(['trends']);
    expect(list!.page.errors.map((e) => e.title)).toEqual(['Error number 1', 'Error number 2']);
    expect(list!.page.sortedOnPage).toBeUndefined();
  });
});

describe('Sentry: Trending on a server without `trends`', () => {
  const target: SentryTarget = { org: 'acme', projectId: '3', projectSlug: 'app' };
  const summary = (id: string, hourlyEvents: number[]): ErrorSummary => ({
    id,
    shortId: id,
    title: id,
    culprit: '',
    permalink: '',
    level: 'error',
    status: 'unresolved',
    count: 100,
    userCount: 1,
    hourlyEvents,
  });
  const invalidSort = () => new RemoteError('bad-request', 'Sentry refused to list the errors (HTTP 400): Invalid sort', 400);

  /** A client whose server refuses `trends` (or, with `refuseAll`, every request) with 400. */
  function olderServer({ refuseAll = false } = {}) {
    const sorts: string[] = [];
    const listIssues = vi.fn(async (_target: SentryTarget, q: ListQuery): Promise<ErrorPage> => {
      sorts.push(q.sort);
      if (refuseAll || q.sort === 'trending') throw invalidSort();
      return { errors: [summary('steady', STEADY), summary('rising', RISING)], total: 2 };
    });
    return { client: { listIssues } as unknown as SentryClient, sorts };
  }

  it('asks by last seen and puts rising errors first on the page, saying the order is the page’s', async () => {
    const { client, sorts } = olderServer();
    const page = await listTrending(client, target, 'https://old.example', query('trending'));
    expect(sorts).toEqual(['trending', 'last_seen']);
    expect(page.errors.map((e) => e.id)).toEqual(['rising', 'steady']);
    expect(page.sortedOnPage).toBe(true);
    expect(page.total).toBe(2);
  });

  it('remembers the refusal for that host: one request per page from then on', async () => {
    const { client, sorts } = olderServer();
    await listTrending(client, target, 'https://older.example', query('trending'));
    sorts.length = 0;
    const next = await listTrending(client, target, 'https://older.example', query('trending'), '0:100:0');
    expect(sorts).toEqual(['last_seen']);
    expect(next.sortedOnPage).toBe(true);
    expect(vi.mocked(client.listIssues).mock.calls.at(-1)?.[2]).toBe('0:100:0');
  });

  it('does not blame `trends` for a 400 the search itself gets', async () => {
    const { client } = olderServer({ refuseAll: true });
    await expect(listTrending(client, target, 'https://strict.example', query('trending'))).rejects.toMatchObject({ status: 400 });
    const { client: later, sorts } = olderServer();
    await listTrending(later, target, 'https://strict.example', query('trending'));
    // Not remembered as refusing: `trends` was asked for again.
    expect(sorts[0]).toBe('trending');
  });

  it('passes other failures on as they are', async () => {
    const listIssues = vi.fn(async () => {
      throw new RemoteError('server', 'Sentry had a server error', 502);
    });
    await expect(
      listTrending({ listIssues } as unknown as SentryClient, target, 'https://busy.example', query('trending')),
    ).rejects.toMatchObject({ kind: 'server' });
    expect(listIssues).toHaveBeenCalledTimes(1);
  });
});

describe('GitLab: frequency, and Trending on the page', () => {
  const ERRORS: NonNullable<FakeGitlabOptions['errors']> = [
    { id: '11', title: 'Steady', status: 'unresolved', count: 100, frequency: stats(STEADY)['24h'] as Array<[number, number]> },
    { id: '12', title: 'Rising', status: 'unresolved', count: 40, frequency: stats(RISING)['24h'] as Array<[number, number]> },
    { id: '13', title: 'Kept by GitLab', status: 'unresolved', count: 5 },
    { id: '14', title: 'Ignored steady', status: 'ignored', count: 9, frequency: stats(STEADY)['24h'] as Array<[number, number]> },
  ];

  async function linkThroughGitlab(options: FakeGitlabOptions = {}) {
    stubBrowserApis();
    installFakeSentry();
    const gitlab = installFakeGitlab({ errors: ERRORS, signedIn: true, ...options });
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' });
    const { savedLink } = await askBackground({
      type: 'saveOptions',
      baseUrl: 'https://sentry.io',
      pollMinutes: 2,
      link: { gitlabProject: options.project?.path ?? 'group/app', backend: 'gitlab', active: true },
    });
    return { gitlab, linkId: savedLink!.id };
  }
  /** The list queries sent to GitLab's GraphQL, in order. */
  const graphqlQueries = (requests: Array<{ url: URL; body?: unknown }>) =>
    requests
      .filter((r) => r.url.pathname === '/api/graphql')
      .map((r) => String((r.body as { query?: string })?.query ?? ''))
      .filter((q) => q.includes('ErrorTrackerErrors'));

  it('reads each error’s 24 hours from GraphQL’s frequency, and none where GitLab keeps none', async () => {
    const { linkId } = await linkThroughGitlab();
    const list = await askBackground({ type: 'listErrors', linkId, query: query('last_seen'), source: 'network' });
    expect(list!.page.errors.map((e) => [e.title, e.hourlyEvents])).toEqual([
      ['Steady', STEADY],
      ['Rising', RISING],
      ['Kept by GitLab', undefined],
    ]);
  });

  it('reads the web list’s frequency for ignored and resolved errors', async () => {
    const { linkId } = await linkThroughGitlab();
    const list = await askBackground({
      type: 'listErrors',
      linkId,
      query: { ...query('last_seen'), status: 'ignored' },
      source: 'network',
    });
    expect(list!.page.errors.map((e) => e.hourlyEvents)).toEqual([STEADY]);
  });

  it('sorts Trending itself: GitLab asked by last seen, rising errors first, the page marked as sorted here', async () => {
    const { linkId, gitlab } = await linkThroughGitlab();
    gitlab.requests.length = 0;
    const list = await askBackground({ type: 'listErrors', linkId, query: query('trending'), source: 'network' });
    const listCall = gitlab.requests.find((r) => r.url.pathname === '/api/graphql');
    expect((listCall!.body as { variables: { sort: string } }).variables.sort).toBe('last_seen');
    expect(list!.page.errors.map((e) => e.title)).toEqual(['Rising', 'Steady', 'Kept by GitLab']);
    expect(list!.page.sortedOnPage).toBe(true);
  });

  it('lists without frequency where GitLab fails the field, and asks without it from then on', async () => {
    const { linkId, gitlab } = await linkThroughGitlab({ listFrequencyFails: true, project: { path: 'group/legacy' } });
    // Saving the link started a poll: its list is the first to ask.
    await pollAll();
    expect(graphqlQueries(gitlab.requests).map((q) => q.includes('frequency {'))).toEqual([true, false]);

    gitlab.requests.length = 0;
    const list = await askBackground({ type: 'listErrors', linkId, query: query('last_seen'), source: 'network' });
    expect(graphqlQueries(gitlab.requests).map((q) => q.includes('frequency {'))).toEqual([false]);
    expect(list!.page.errors.map((e) => e.title)).toEqual(['Steady', 'Rising', 'Kept by GitLab']);
    expect(list!.page.errors.every((e) => e.hourlyEvents === undefined)).toBe(true);
  });
});
