import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { askBackground, badge } from './support/background';
import { makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

// Older or smaller Sentry servers: no X-Hits, no issues-count, no organization-scoped issue routes.

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

beforeEach(() => fakeBrowser.reset());

describe('Sentry servers with fewer features', () => {
  it('counts the page itself when there is neither X-Hits nor issues-count', async () => {
    const issues = makeIssues(4);
    await linkSentryProject({
      sentry: {
        issues,
        override: (url) => {
          if (url.pathname.endsWith('/issues-count/')) return json({ detail: 'The requested resource does not exist' }, 404);
          if (url.pathname.endsWith('/issues/') && url.pathname.includes('/organizations/')) return json(issues);
          return undefined;
        },
      },
    });
    expect((await badge()).text).toBe('4');
  });

  it('falls back to /api/0/issues/{id}/ for details and status changes', async () => {
    const issues = makeIssues(1);
    const { sentry, linkId } = await linkSentryProject({
      sentry: {
        issues,
        override: (url, init) => {
          if (/\/organizations\/[^/]+\/issues\/\d+\/$/.test(url.pathname))
            return json({ detail: 'The requested resource does not exist' }, 404);
          if (url.pathname === '/api/0/issues/1000/') {
            if (init.method === 'PUT') issues[0]!.status = 'resolved';
            return json(issues[0]);
          }
          return undefined;
        },
      },
    });
    const details = await askBackground({ type: 'getErrorDetails', linkId, errorId: '1000' });
    expect(details.details.title).toBe('Error number 1');
    await askBackground({ type: 'updateErrorStatus', linkId, errorId: '1000', fromStatus: 'unresolved', change: { action: 'resolve' } });
    expect(issues[0]!.status).toBe('resolved');
    expect(sentry.requests.filter((r) => r.url.pathname === '/api/0/issues/1000/').map((r) => r.method)).toEqual(['GET', 'PUT']);
  });
});
