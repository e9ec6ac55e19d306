import { afterEach, describe, expect, it, vi } from 'vitest';
import { GitlabClient } from '@/lib/gitlab/client';
import { normalizeGitlabUrl } from '@/lib/gitlab/hosts';
import { sessionCall } from '@/lib/gitlab/session';
import { hostPermissionPattern } from '@/lib/remote/host-permission';
import { requestJson } from '@/lib/remote/http';
import { SentryClient } from '@/lib/sentry/client';
import { normalizeSentryUrl } from '@/lib/sentry/hosts';
import { RateLimitGate } from '@/lib/sentry/rate-limit';

interface Seen {
  url: string;
  redirect?: RequestRedirect;
  credentials?: RequestCredentials;
  headers: Record<string, string>;
}

const SSO = 'https://sso.example.net/login';

const lowerCased = (headers: HeadersInit | undefined) =>
  Object.fromEntries(Object.entries((headers ?? {}) as Record<string, string>).map(([name, value]) => [name.toLowerCase(), value]));

/** An answer that is a redirect the way Chrome hands it over under `redirect: 'manual'`. */
function opaqueRedirect(): Response {
  const response = new Response(null, { status: 302 });
  Object.defineProperties(response, { type: { value: 'opaqueredirect' }, status: { value: 0 }, ok: { value: false } });
  return response;
}

function landedOn(url: string, body: string): Response {
  const response = new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
  Object.defineProperties(response, { url: { value: url }, redirected: { value: true } });
  return response;
}

/**
 * A server that redirects every request to sso.example.net, behind a fetch that behaves like the browser's:
 * under 'follow' the request (headers and all) goes on to sso.example.net; under 'manual' the redirect comes
 * back, with its Location (`opaque: false`, like Node) or opaque (like Chrome).
 */
function installRedirectingServer(host: string, { opaque }: { opaque: boolean }) {
  const seen: Seen[] = [];
  const atSso: Seen[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const request = { url: String(input), redirect: init.redirect, credentials: init.credentials, headers: lowerCased(init.headers) };
      if (new URL(request.url).hostname !== host) throw new TypeError('Failed to fetch');
      seen.push(request);
      if (init.redirect === 'manual') return opaque ? opaqueRedirect() : new Response(null, { status: 302, headers: { Location: SSO } });
      atSso.push({ ...request, url: SSO });
      return landedOn(SSO, '{}');
    }),
  );
  return { seen, atSso };
}

afterEach(() => vi.unstubAllGlobals());

describe('token requests and redirects', () => {
  it('GitLab: a redirect to another host is refused, named, and the token stays home', async () => {
    const { seen, atSso } = installRedirectingServer('gitlab.example.com', { opaque: false });
    const client = new GitlabClient({ baseUrl: 'https://gitlab.example.com', token: 'glpat-secret' });
    await expect(client.currentUser()).rejects.toMatchObject({
      kind: 'bad-request',
      message:
        'GitLab at https://gitlab.example.com redirected this request to sso.example.net; use the address GitLab itself answers on (for example its https:// URL without a path).',
    });
    expect(seen[0]).toMatchObject({ redirect: 'manual', headers: { 'private-token': 'glpat-secret' } });
    expect(atSso.filter((r) => r.headers['private-token'])).toEqual([]);
  });

  it('Sentry in the browser: an opaque redirect is refused; a bare probe, without the token, names the host', async () => {
    const { seen, atSso } = installRedirectingServer('sentry.example.com', { opaque: true });
    const client = new SentryClient({ baseUrl: 'https://sentry.example.com', token: 'sntrys-secret' }, new RateLimitGate());
    await expect(client.listOrganizations()).rejects.toMatchObject({
      message: expect.stringContaining(
        'Sentry at https://sentry.example.com redirected this request to sso.example.net; use the address Sentry itself answers on',
      ),
    });
    expect(seen[0]).toMatchObject({ redirect: 'manual', headers: { authorization: 'Bearer sntrys-secret' } });
    // The probe: no headers at all, no cookies.
    expect(seen[1]).toMatchObject({ redirect: 'follow', credentials: 'omit' });
    expect(seen[1]!.headers).toEqual({});
    expect(atSso.filter((r) => r.headers.authorization)).toEqual([]);
  });

  it('says so without a host when the redirect cannot be traced', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_input: RequestInfo | URL, init: RequestInit = {}) =>
        init.redirect === 'manual' ? opaqueRedirect() : Promise.reject(new TypeError('CORS')),
      ),
    );
    await expect(
      requestJson({ url: new URL('https://sentry.example.com/api/0/'), headers: { Authorization: 'Bearer x' }, service: 'Sentry' }),
    ).rejects.toMatchObject({
      message:
        'Sentry at https://sentry.example.com redirected this request; use the address Sentry itself answers on (for example its https:// URL without a path).',
    });
  });

  it('GitLab session: a redirect to another host is refused, not taken for signing out', async () => {
    const { atSso } = installRedirectingServer('gitlab.example.com', { opaque: false });
    await expect(
      sessionCall({
        baseUrl: 'https://gitlab.example.com',
        projectPath: 'group/app',
        path: '/group/app/-/error_tracking.json',
        what: 'list errors',
      }),
    ).rejects.toMatchObject({
      kind: 'bad-request',
      message: expect.stringContaining('redirected this request to sso.example.net'),
    });
    expect(atSso).toEqual([]);
  });
});

describe('https only', () => {
  const INSECURE = 'Use https://: tokens sent over http:// can be read by anyone on the network.';

  it.each([
    ['Sentry', normalizeSentryUrl, 'http://sentry.example.com'],
    ['GitLab', normalizeGitlabUrl, 'http://gitlab.example.com:8080/group/app'],
  ])('refuses http:// for %s, saying why', (_name, normalize, input) => {
    expect(() => normalize(input)).toThrow(INSECURE);
  });

  it('allows http:// on this machine, for development', () => {
    expect(normalizeSentryUrl('http://localhost:9000/')).toBe('http://localhost:9000');
    expect(normalizeGitlabUrl('http://127.0.0.1:3000/group/app')).toBe('http://127.0.0.1:3000');
  });

  it('sends nothing to an http:// address stored before this rule', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const client = new GitlabClient({ baseUrl: 'http://gitlab.example.com', token: 'glpat-secret' });
    await expect(client.currentUser()).rejects.toMatchObject({ kind: 'bad-request', message: expect.stringContaining(INSECURE) });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('asks for the host with its port', () => {
    expect(hostPermissionPattern('https://git.example.com:8443')).toBe('https://git.example.com:8443/*');
    expect(hostPermissionPattern('https://git.example.com')).toBe('https://git.example.com/*');
    // Firefox's match patterns have no port.
    expect(hostPermissionPattern('https://git.example.com:8443', false)).toBe('https://git.example.com/*');
  });
});

describe('answer size', () => {
  const TEN_MB = 10 * 1024 * 1024;
  const request = () => requestJson({ url: new URL('https://sentry.example.com/api/0/organizations/'), service: 'Sentry' });
  const tooLarge = {
    kind: 'bad-response',
    message: expect.stringContaining('The answer from https://sentry.example.com is larger than 5 MB'),
  };

  it('refuses a 10 MB answer by its Content-Length, before reading it', async () => {
    const body = new ReadableStream<Uint8Array>({ pull: () => undefined });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(body, { headers: { 'Content-Length': String(TEN_MB) } })),
    );
    await expect(request()).rejects.toMatchObject(tooLarge);
  });

  it('stops reading a 10 MB answer that did not say its length', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= TEN_MB) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(body)),
    );
    await expect(request()).rejects.toMatchObject(tooLarge);
    expect(sent).toBeLessThan(TEN_MB);
  });

  it('reads a large but sane answer', async () => {
    const list = Array.from({ length: 2000 }, (_, i) => ({ id: String(i), slug: `org-${i}`, name: 'x'.repeat(500) }));
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(list))),
    );
    expect(((await request()).body as unknown[]).length).toBe(2000);
  });
});
