import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isExtensionPage } from '@/lib/background/callers';
import { pollAll } from '@/lib/background/badge/poll';
import { route } from '@/lib/background/router';
import { readPopupSnapshot } from '@/lib/store/popup-snapshot';
import { askBackground, badge, stubBrowserApis } from './support/background';
import { installFakeSentry, makeIssues } from './support/fake-sentry';

const connect = (token = 'good-token', baseUrl = 'https://sentry.io') =>
  askBackground({ type: 'connectSentry', baseUrl, token });

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

describe('connecting Sentry', () => {
  it('lists every project as "<org> / <project>" and keeps the token out of the options view', async () => {
    stubBrowserApis();
    const sentry = installFakeSentry();
    const result = await connect();
    expect(result.projects.map((p) => `${p.org} / ${p.projectSlug}`)).toContain('the-interstellar-jurisdiction / prime-mover');
    const options = await askBackground({ type: 'getOptions' });
    expect(options.sentry).toEqual({ baseUrl: 'https://sentry.io', hasToken: true });
    expect(JSON.stringify(options)).not.toContain('good-token');
    // Projects come from the organization's region host.
    expect(sentry.requests.map((r) => r.url.host)).toEqual(['sentry.io', 'us.sentry.io']);
  });

  it('names the token when Sentry answers 401', async () => {
    stubBrowserApis();
    installFakeSentry();
    await expect(connect('wrong')).rejects.toMatchObject({ kind: 'auth', message: expect.stringMatching(/Auth Token/) });
    expect((await askBackground({ type: 'getOptions' })).sentry).toBeNull();
  });

  it('names the missing scope on a 403', async () => {
    stubBrowserApis();
    installFakeSentry({
      override: () => new Response(JSON.stringify({ detail: 'You do not have permission to perform this action.' }), { status: 403 }),
    });
    await expect(connect()).rejects.toMatchObject({ kind: 'forbidden', message: expect.stringContaining('org:read') });
  });

  it('names the URL when the host cannot be reached', async () => {
    stubBrowserApis();
    installFakeSentry({
      override: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(connect('good-token', 'https://sentry.example.com')).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('https://sentry.example.com'),
    });
  });

  it('says a web page is not Sentry', async () => {
    stubBrowserApis();
    installFakeSentry({ override: () => new Response('<html>Welcome</html>', { status: 200 }) });
    await expect(connect()).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/not JSON/) });
  });

  it('refuses a self-hosted URL the browser has not granted, without sending anything', async () => {
    stubBrowserApis({ granted: false });
    const sentry = installFakeSentry();
    await expect(connect('good-token', 'https://sentry.example.com')).rejects.toMatchObject({ kind: 'permission' });
    expect(sentry.requests).toHaveLength(0);
  });

  it('never sends the stored token to a newly typed host', async () => {
    stubBrowserApis();
    const sentry = installFakeSentry();
    await connect();
    sentry.requests.length = 0;
    await expect(
      askBackground({ type: 'connectSentry', baseUrl: 'https://sentry.example.com' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('Enter the Auth Token') });
    expect(sentry.requests).toHaveLength(0);
  });
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
    const rule = (updateSessionRules.mock.calls.at(-1) as unknown as [{ addRules: Array<{ condition: Record<string, unknown>; action: unknown }> }])[0].addRules[0]!;
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
    const cached = await askBackground({ type: 'listErrors', linkId: savedLink!.id, query, cursor: first!.page.nextCursor, source: 'cache' });
    expect(cached?.page.errors[0]?.title).toBe('Error number 101');
  });
});

describe('messages', () => {
  it('answers only the extension’s own pages', () => {
    const id = fakeBrowser.runtime.id;
    expect(isExtensionPage({ id, url: fakeBrowser.runtime.getURL('/popup.html') })).toBe(true);
    expect(isExtensionPage({ id, url: 'https://gitlab.com/group/app', tab: { id: 1 } as never })).toBe(false);
    expect(isExtensionPage({ id: 'another-extension', url: 'chrome-extension://another-extension/x.html' })).toBe(false);
  });

  it('rejects malformed requests with a message instead of throwing', async () => {
    expect(await route({ type: 'listErrors', linkId: 1 })).toMatchObject({ ok: false, failure: { kind: 'bad-request' } });
    expect(await route('hello')).toMatchObject({ ok: false });
  });
});
