import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pollAll } from '@/lib/background/badge/poll';
import { readPopupSnapshot } from '@/lib/store/popup-snapshot';
import { askBackground, badge, stubBrowserApis } from './support/background';
import { installFakeSentry, makeIssues } from './support/fake-sentry';

const connect = (token = 'good-token', baseUrl = 'https://sentry.io') => askBackground({ type: 'connectSentry', baseUrl, token });

const saveLink = (active = true) =>
  askBackground({
    type: 'saveOptions',
    baseUrl: 'https://sentry.io',
    pollMinutes: 2,
    link: { gitlabProject: 'group/app', projectKey: 'the-interstellar-jurisdiction/3', active },
  });

beforeEach(() => {
  fakeBrowser.reset();
});

describe('links, polling and the badge', () => {
  it('counts unresolved errors with one request per link and shows them on the badge', async () => {
    stubBrowserApis();
    const sentry = installFakeSentry({
      issues: makeIssues(7, (i) => ({ status: i < 5 ? 'unresolved' : 'resolved' })),
    });
    await connect();
    const saved = await saveLink();
    expect(saved.savedLink).toMatchObject({ gitlabProject: 'group/app', active: true });
    await pollAll();
    expect(await badge()).toMatchObject({ text: '5', title: expect.stringContaining('group/app: 5 unresolved') });
    const issueRequests = sentry.requests.filter((r) => r.url.pathname.endsWith('/issues/'));
    expect(issueRequests.length).toBeGreaterThanOrEqual(1);
    expect(issueRequests[0]!.url.searchParams.get('project')).toBe('3');
    expect(issueRequests[0]!.url.searchParams.get('query')).toBe('is:unresolved');
    expect(issueRequests[0]!.url.host).toBe('us.sentry.io');
  });

  it('keeps an inactive link off the badge', async () => {
    stubBrowserApis();
    installFakeSentry();
    await connect();
    await saveLink(false);
    await pollAll();
    expect((await badge()).text).toBe('');
  });

  it('shows the token-rejected state when the token stops working', async () => {
    stubBrowserApis();
    const sentry = installFakeSentry();
    await connect();
    await saveLink();
    await pollAll();
    sentry.fetchMock.mockImplementation(async () => new Response(JSON.stringify({ detail: 'Token expired' }), { status: 401 }));
    await pollAll({ force: true });
    expect(await badge()).toMatchObject({ text: '!', title: expect.stringMatching(/rejected the Auth Token/) });
  });

  it('shows the offline state and keeps the last count in the popup', async () => {
    stubBrowserApis();
    const sentry = installFakeSentry({ issues: makeIssues(2) });
    await connect();
    await saveLink();
    await pollAll();
    sentry.fetchMock.mockImplementation(async () => {
      throw new TypeError('Failed to fetch');
    });
    await pollAll({ force: true });
    expect((await badge()).text).toBe('?');
    const popup = await readPopupSnapshot();
    expect(popup.links[0]?.status).toMatchObject({ count: 2, failure: { kind: 'unreachable' } });
    expect(popup.cached?.page.errors).toHaveLength(2);
  });

  it('installs the Origin-removing rule for the Sentry host', async () => {
    const { updateSessionRules } = stubBrowserApis();
    installFakeSentry();
    await connect('good-token', 'https://sentry.example.com');
    const rule = (
      updateSessionRules.mock.calls.at(-1) as unknown as [{ addRules: Array<{ condition: Record<string, unknown>; action: unknown }> }]
    )[0].addRules[0]!;
    expect(rule.condition.requestDomains).toContain('sentry.example.com');
    expect(rule.condition.initiatorDomains).toEqual([fakeBrowser.runtime.id]);
    expect(rule.action).toEqual({ type: 'modifyHeaders', requestHeaders: [{ header: 'origin', operation: 'remove' }] });
  });

  it('pages through errors with Sentry cursors and caches what it fetched', async () => {
    stubBrowserApis();
    installFakeSentry({ issues: makeIssues(130) });
    await connect();
    const { savedLink } = await saveLink();
    const query = { status: 'unresolved' as const, sort: 'last_seen' as const, search: '' };
    const first = await askBackground({ type: 'listErrors', linkId: savedLink!.id, query, source: 'network' });
    expect(first?.page.errors).toHaveLength(100);
    expect(first?.page.total).toBe(130);
    const second = await askBackground({
      type: 'listErrors',
      linkId: savedLink!.id,
      query,
      cursor: first!.page.nextCursor,
      source: 'network',
    });
    expect(second?.page.errors).toHaveLength(30);
    expect(second?.page.nextCursor).toBeUndefined();
    const cached = await askBackground({
      type: 'listErrors',
      linkId: savedLink!.id,
      query,
      cursor: first!.page.nextCursor,
      source: 'cache',
    });
    expect(cached?.page.errors[0]?.title).toBe('Error number 101');
  });
});
