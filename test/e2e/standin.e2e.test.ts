// Self-test of the E2E tooling: the Sentry stand-in behaves like sentry.io, and the harness loads the
// built extension with sentry.io routed to the stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension } from './harness';
import { callSentry as call } from './standins/https-client';
import { startSentryStandIn, type SentryIssue, type SentryStandIn } from './standins/sentry';

const ORG = 'the-interstellar-jurisdiction';
const BIG_PROJECT_ID = '3'; // prime-mover: 130 unresolved, 12 ignored, 8 resolved

function nextLink(linkHeader: string | string[] | undefined): { url: URL; results: boolean } {
  const match = /<([^>]+)>; rel="next"; results="(true|false)"; cursor="([^"]+)"/.exec(String(linkHeader));
  if (!match) throw new Error(`no rel="next" in Link header: ${String(linkHeader)}`);
  return { url: new URL(match[1] as string), results: match[2] === 'true' };
}

const issuesPath = (query: Record<string, string>) =>
  `/api/0/organizations/${ORG}/issues/?${new URLSearchParams({ project: BIG_PROJECT_ID, ...query })}`;

describe('Sentry stand-in (from Node)', () => {
  let sentry: SentryStandIn;
  beforeAll(async () => {
    sentry = await startSentryStandIn();
  });
  afterAll(() => sentry.close());

  it('refuses a request carrying an extension Origin, as sentry.io does for personal tokens', async () => {
    const res = await call(sentry, 'GET', '/api/0/organizations/', { token: 'good-token', origin: 'chrome-extension://abc' });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Invalid origin: chrome-extension://abc');
    expect(sentry.requests.at(-1)?.headers.origin).toBe('chrome-extension://abc');
  });

  it('rejects an unknown token with 401 and a missing scope with 403', async () => {
    const bad = await call(sentry, 'GET', '/api/0/organizations/', { token: 'nope' });
    expect(bad).toMatchObject({ status: 401, body: { detail: 'Invalid token' } });
    const issue = sentry.issues[0] as SentryIssue;
    const readonly = await call(sentry, 'PUT', `/api/0/organizations/${ORG}/issues/${issue.id}/`, {
      token: 'readonly-token',
      json: { status: 'resolved' },
    });
    expect(readonly).toMatchObject({ status: 403, body: { detail: 'You do not have permission to perform this action.' } });
  });

  it('pages through the 130 unresolved issues with the Link header and reports X-Hits', async () => {
    const first = await call(sentry, 'GET', issuesPath({ query: 'is:unresolved', limit: '100' }), { token: 'good-token' });
    expect(first.status).toBe(200);
    expect(first.headers['x-hits']).toBe('130');
    expect(first.headers['x-sentry-rate-limit-remaining']).toBeDefined();
    expect(String(first.headers.link)).toContain('rel="previous"; results="false"');
    const firstPage = first.body as SentryIssue[];
    expect(firstPage).toHaveLength(100);

    const next = nextLink(first.headers.link);
    expect(next.results).toBe(true);
    expect(next.url.host).toBe('sentry.io');
    const second = await call(sentry, 'GET', next.url.pathname + next.url.search, { token: 'good-token' });
    const secondPage = second.body as SentryIssue[];
    expect(secondPage).toHaveLength(30);
    expect(nextLink(second.headers.link).results).toBe(false);

    const all = [...firstPage, ...secondPage];
    expect(new Set(all.map((i) => i.id)).size).toBe(130);
    expect(all.every((i) => i.status === 'unresolved' && typeof i.count === 'string')).toBe(true);
  });

  it('orders differently by last seen, first seen, events and users', async () => {
    const firstIdBy = async (sort: string) => {
      const res = await call(sentry, 'GET', issuesPath({ sort, limit: '1' }), { token: 'good-token' });
      return (res.body as SentryIssue[])[0]?.id;
    };
    const firsts = await Promise.all(['date', 'new', 'freq', 'user'].map(firstIdBy));
    expect(new Set(firsts).size).toBe(4);
    const invalid = await call(sentry, 'GET', issuesPath({ sort: 'bogus' }), { token: 'good-token' });
    expect(invalid.status).toBe(400);
  });

  it('resolves an issue with PUT, finds it under is:resolved, and reopens it on a new event', async () => {
    const issue = sentry.issues.find((i) => i.status === 'unresolved' && i.project.id === BIG_PROJECT_ID) as SentryIssue;
    const put = await call(sentry, 'PUT', `/api/0/organizations/${ORG}/issues/${issue.id}/`, {
      token: 'good-token',
      json: { status: 'resolved' },
    });
    expect(put).toMatchObject({ status: 200, body: { id: issue.id, status: 'resolved', substatus: null } });

    const resolved = await call(sentry, 'GET', issuesPath({ query: 'is:resolved' }), { token: 'good-token' });
    expect((resolved.body as SentryIssue[]).map((i) => i.id)).toContain(issue.id);
    expect(resolved.headers['x-hits']).toBe('9');

    const countBefore = Number(sentry.getIssue(issue.id)?.count);
    const reopened = sentry.newEvent(issue.id);
    expect(reopened).toMatchObject({ status: 'unresolved', substatus: 'regressed', count: String(countBefore + 1) });
  });

  it('caps issues-count at 100 and serves the latest event for an issue', async () => {
    const counts = await call(
      sentry,
      'GET',
      `/api/0/organizations/${ORG}/issues-count/?query=is%3Aunresolved&query=is%3Aignored&project=${BIG_PROJECT_ID}`,
      {
        token: 'good-token',
      },
    );
    expect(counts.body).toEqual({ 'is:unresolved': 100, 'is:ignored': 12 });
    const issue = sentry.issues[0] as SentryIssue;
    const event = await call(sentry, 'GET', `/api/0/organizations/${ORG}/issues/${issue.id}/events/latest/`, { token: 'good-token' });
    expect(event).toMatchObject({ status: 200, body: { groupID: issue.id } });
  });
});

describe('extension harness', () => {
  it('loads the built extension and routes its sentry.io fetches to the stand-in', async () => {
    const sentry = await startSentryStandIn();
    try {
      const extension = await launchExtension({ sentryPort: sentry.port });
      try {
        expect(extension.extensionId).toMatch(/^[a-p]{32}$/);
        const result = await extension.serviceWorker.evaluate(async () => {
          const res = await fetch('https://sentry.io/api/0/organizations/', { headers: { Authorization: 'Bearer good-token' } });
          return { status: res.status, body: (await res.json()) as Array<{ slug: string }> };
        });
        expect(result.status).toBe(200);
        expect(result.body.map((org) => org.slug)).toEqual([ORG]);

        const seen = sentry.requests.find((r) => r.path === '/api/0/organizations/' && r.headers.authorization === 'Bearer good-token');
        expect(seen?.host).toBe('sentry.io');
        expect(seen?.headers.origin).toBeUndefined();
      } finally {
        await extension.close();
      }
    } finally {
      await sentry.close();
    }
  });
});
