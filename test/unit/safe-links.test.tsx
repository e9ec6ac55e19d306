import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { GitlabActions } from '@/components/shared/GitlabActions';
import { gitlabBackend, type GitlabLink } from '@/lib/backends/gitlab';
import type { GitlabClient } from '@/lib/gitlab/client';
import { safeHttpUrl, sentryWebUrl, urlOnOrigin } from '@/lib/remote/safe-url';
import { askBackground } from './support/background';
import { FAKE_GITLAB_USER } from './support/fake-gitlab';
import { makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

/** A GitLab-backend link of its own per test: details are shared per link and error for a few seconds. */
const gitlabLink = (id: string): GitlabLink => ({
  id,
  backend: 'gitlab',
  gitlabProject: 'group/app',
  gitlabOrigin: 'https://gitlab.com',
  active: true,
});

const SHA = 'b56ae26f0c1d2e3f4a5b6c7d8e9f00112233aabb';
const HOSTILE = ['javascript:alert(1)', 'https://evil.example/group/app/-/issues/1', '//evil.example/x', 'data:text/html,x', 'not a url'];

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('the safe-URL check', () => {
  it('keeps http(s) URLs only', () => {
    expect(safeHttpUrl('https://gitlab.com/a')).toBe('https://gitlab.com/a');
    for (const value of ['javascript:alert(1)', 'data:text/html,x', '', null, 'gitlab.com/a']) expect(safeHttpUrl(value)).toBe('');
  });

  it('keeps URLs on the given origin only', () => {
    expect(urlOnOrigin('https://gitlab.example.com/g/a/-/issues/1', 'https://gitlab.example.com')).toBe(
      'https://gitlab.example.com/g/a/-/issues/1',
    );
    for (const value of HOSTILE) expect(urlOnOrigin(value, 'https://gitlab.com')).toBe('');
    expect(urlOnOrigin('https://gitlab.com:8443/a', 'https://gitlab.com')).toBe('');
    expect(urlOnOrigin('http://gitlab.com/a', 'https://gitlab.com')).toBe('');
  });

  it('keeps Sentry links on the configured host, or sentry.io’s own hosts', () => {
    expect(sentryWebUrl('https://acme.sentry.io/issues/1/', 'https://sentry.io')).toBe('https://acme.sentry.io/issues/1/');
    expect(sentryWebUrl('https://evilsentry.io/issues/1/', 'https://sentry.io')).toBe('');
    expect(sentryWebUrl('https://sentry.example.com/issues/1/', 'https://sentry.example.com')).toBe('https://sentry.example.com/issues/1/');
    expect(sentryWebUrl('https://acme.sentry.io/issues/1/', 'https://sentry.example.com')).toBe('');
  });
});

describe('GitLab answers with addresses elsewhere', () => {
  const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });

  it.each(HOSTILE)('never hands out %j as an issue or commit link', async (hostile) => {
    const issue = { id: 5001, iid: 1, title: 't', description: '', state: 'opened', web_url: hostile, author: FAKE_GITLAB_USER };
    const { sentry, linkId } = await linkSentryProject({
      sentry: { issues: makeIssues(2) },
      gitlab: {
        connect: true,
        commits: [SHA],
        override: (url, init) => {
          if (url.pathname === '/api/v4/projects/101/issues' && init.method === 'POST') return json(issue);
          if (url.pathname === '/api/v4/projects/101/issues/1') return json(issue);
          if (url.pathname.startsWith('/api/v4/projects/101/repository/commits/'))
            return json({ id: SHA, short_id: SHA.slice(0, 8), web_url: hostile });
          return undefined;
        },
      },
      poll: false,
    });
    sentry.issues[0]!.firstRelease = { version: SHA };
    expect(await askBackground({ type: 'createGitlabIssue', linkId, errorId: '1000' })).toMatchObject({ iid: 1, webUrl: '' });
    const state = await askBackground({ type: 'getGitlabState', linkId, errorId: '1000' });
    expect(state).toMatchObject({ issue: { iid: 1, webUrl: '' }, commit: { shortId: SHA.slice(0, 8), webUrl: '' } });
  });

  // A bare word is a path on GitLab itself, so only the other kinds are hostile here.
  it.each(HOSTILE.slice(0, 4))('drops %j as a GitLab issue or commit path of an error read through GitLab', async (hostile) => {
    const detailedError = {
      id: 'gid://gitlab/Gitlab::ErrorTracking::DetailedError/7',
      sentryId: '7',
      title: 'Boom',
      count: 1,
      userCount: 1,
      gitlabIssuePath: hostile,
      gitlabCommit: SHA,
      gitlabCommitPath: hostile,
    };
    const client = {
      graphql: async (schema: { parse(v: unknown): unknown }) =>
        schema.parse({ project: { sentryErrors: { detailedError, errorStackTrace: null } } }),
    };
    const backend = gitlabBackend(gitlabLink('hostile-paths'), { ...client, baseUrl: 'https://gitlab.com' } as unknown as GitlabClient);
    const { details } = await backend.getDetails('7');
    expect(details.gitlab?.issueUrl).toBeUndefined();
    expect(details.gitlab?.commit?.webUrl ?? '').toBe('');
    expect(details.externalIssueUrls.filter(Boolean)).toEqual([]);
  });

  it('keeps GitLab’s own relative paths', async () => {
    const detailedError = { id: 'x', sentryId: '7', title: 'Boom', count: 1, userCount: 1, gitlabIssuePath: '/group/app/-/issues/3' };
    const client = {
      graphql: async (schema: { parse(v: unknown): unknown }) =>
        schema.parse({ project: { sentryErrors: { detailedError, errorStackTrace: null } } }),
    };
    const { details } = await gitlabBackend(gitlabLink('relative-paths'), {
      ...client,
      baseUrl: 'https://gitlab.example.com',
    } as unknown as GitlabClient).getDetails('7');
    expect(details.gitlab?.issueUrl).toBe('https://gitlab.example.com/group/app/-/issues/3');
  });

  it('shows an issue or commit without an address as text, not as a link', async () => {
    const ask = (async (request: { type: string }) =>
      request.type === 'getGitlabState'
        ? { connected: true, issue: { iid: 4, webUrl: '' }, commit: { shortId: 'b56ae26f', webUrl: '' } }
        : undefined) as never;
    render(<GitlabActions linkId="l" errorId="1" ask={ask} />);
    expect(await screen.findByText('#4')).toBeTruthy();
    expect(screen.getByText('b56ae26f')).toBeTruthy();
    expect(screen.queryAllByRole('link')).toEqual([]);
  });
});
