import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeSentry } from './support/fake-sentry';

const connect = (token = 'good-token', baseUrl = 'https://sentry.io') => askBackground({ type: 'connectSentry', baseUrl, token });

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
    await expect(askBackground({ type: 'connectSentry', baseUrl: 'https://sentry.example.com' })).rejects.toMatchObject({
      message: expect.stringContaining('Enter the Auth Token'),
    });
    expect(sentry.requests).toHaveLength(0);
  });
});
