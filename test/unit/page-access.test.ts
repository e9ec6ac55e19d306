import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { route } from '@/lib/background/router';
import { gitlabBackend } from '@/lib/backends/gitlab';
import { GitlabClient } from '@/lib/gitlab/client';
import { SentryClient } from '@/lib/sentry/client';
import { linksItem } from '@/lib/store/storage';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeGitlab } from './support/fake-gitlab';
import { installFakeSentry, makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

const pageOf = (url: string) => ({ kind: 'gitlab-page' as const, url: new URL(url), tabId: 3, frameId: 0 });
const PAGE = pageOf('https://gitlab.com/group/app/-/issues/1');
const resolve = (linkId: string, errorId: string) => ({
  type: 'updateErrorStatus',
  linkId,
  errorId,
  fromStatus: 'unresolved',
  change: { action: 'resolve' },
});

beforeEach(() => fakeBrowser.reset());

/** Saving a link starts a poll in the background; its project-scoped list reads are not what is tested. */
const beyondPolling = (requests: Array<{ url: URL }>) => requests.filter((request) => !request.url.searchParams.has('project'));

describe('error ids', () => {
  it.each(['.', '..', '%2e', '1/../', '', '12a', ' 12'])('refuses %j before any request reaches Sentry', async (errorId) => {
    const { sentry, linkId } = await linkSentryProject({ poll: false });
    const before = sentry.requests.length;
    for (const caller of [PAGE, undefined]) {
      expect(await route(resolve(linkId, errorId), caller)).toMatchObject({ ok: false, failure: { kind: 'bad-request' } });
      for (const type of ['getErrorDetails', 'getGitlabState', 'createGitlabIssue', 'frameLinks']) {
        expect(await route({ type, linkId, errorId }, caller)).toMatchObject({ ok: false, failure: { kind: 'bad-request' } });
      }
    }
    expect(beyondPolling(sentry.requests.slice(before))).toEqual([]);
  });

  it('still lets a page resolve an error of its own project', async () => {
    const { sentry, linkId } = await linkSentryProject({ poll: false });
    expect(await route(resolve(linkId, '1001'), PAGE)).toMatchObject({ ok: true, data: { error: { id: '1001', status: 'resolved' } } });
    expect(sentry.requests.filter((r) => r.method === 'PUT').map((r) => r.url.pathname)).toEqual([
      '/api/0/organizations/the-interstellar-jurisdiction/issues/1001/',
    ]);
  });

  it('refuses a page any read or write of an error of another Sentry project', async () => {
    const issues = makeIssues(3);
    issues[2]!.project = { id: '999', slug: 'elsewhere', name: 'Elsewhere', platform: 'ruby' };
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues }, poll: false });
    for (const request of [
      resolve(linkId, '1002'),
      ...['getErrorDetails', 'getGitlabState', 'createGitlabIssue', 'frameLinks'].map((type) => ({ type, linkId, errorId: '1002' })),
    ]) {
      expect(await route(request, PAGE)).toMatchObject({
        ok: false,
        failure: { kind: 'bad-request', message: expect.stringContaining('another project') },
      });
    }
    expect(sentry.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('is checked again where Sentry and GitLab paths are built', async () => {
    const sentry = installFakeSentry();
    const client = new SentryClient({ baseUrl: 'https://sentry.io', token: 'good-token' });
    const target = { org: 'the-interstellar-jurisdiction', projectId: '3', projectSlug: 'prime-mover' };
    await expect(client.updateStatus(target, '.', { action: 'resolve' })).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(client.getIssue(target, '..')).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(client.latestEvent(target, '%2e')).rejects.toMatchObject({ kind: 'bad-request' });
    expect(sentry.requests).toEqual([]);

    const gitlab = installFakeGitlab({ signedIn: true });
    const link = { id: 'ids', backend: 'gitlab', gitlabProject: 'group/app', gitlabOrigin: 'https://gitlab.com', active: true } as const;
    const backend = gitlabBackend(link, new GitlabClient({ baseUrl: 'https://gitlab.com', token: 'glpat-good' }));
    await expect(backend.updateStatus('..', { action: 'resolve' })).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(backend.getDetails('1/../')).rejects.toMatchObject({ kind: 'bad-request' });
    expect(gitlab.requests).toEqual([]);
  });
});

/** Sentry connected, GitLab connected at gitlab.example.com, group/app there linked. */
async function linkOnSelfHostedGitlab() {
  stubBrowserApis();
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    content_scripts: [{ matches: ['https://gitlab.com/*'], js: ['content-scripts/gitlab.js'] }],
  } as never);
  const sentry = installFakeSentry();
  installFakeGitlab({ host: 'gitlab.example.com' });
  await askBackground({ type: 'connectSentry', baseUrl: 'https://sentry.io', token: 'good-token' });
  await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.example.com', token: 'glpat-good' });
  const { savedLink } = await askBackground({
    type: 'saveOptions',
    baseUrl: 'https://sentry.io',
    pollMinutes: 2,
    link: { gitlabProject: 'group/app', projectKey: 'the-interstellar-jurisdiction/3', active: true },
  });
  return { sentry, link: savedLink! };
}

describe('links are bound to their GitLab', () => {
  it('stores the connected GitLab’s origin with a link', async () => {
    const { link } = await linkOnSelfHostedGitlab();
    expect(link.gitlabOrigin).toBe('https://gitlab.example.com');
  });

  it('binds a link to gitlab.com while no GitLab is connected', async () => {
    const { linkId } = await linkSentryProject({ poll: false });
    expect((await linksItem.getValue()).find((l) => l.id === linkId)?.gitlabOrigin).toBe('https://gitlab.com');
  });

  it('binds a link saved before any GitLab was connected to the GitLab connected then', async () => {
    stubBrowserApis();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ content_scripts: [] } as never);
    installFakeSentry();
    installFakeGitlab({ host: 'gitlab.example.com' });
    await askBackground({ type: 'connectSentry', baseUrl: 'https://sentry.io', token: 'good-token' });
    const link = { gitlabProject: 'group/app', projectKey: 'the-interstellar-jurisdiction/3', active: true };
    const { savedLink } = await askBackground({ type: 'saveOptions', baseUrl: 'https://sentry.io', pollMinutes: 2, link });
    expect(savedLink).toMatchObject({ gitlabOrigin: 'https://gitlab.com' });
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.example.com', token: 'glpat-good' });
    expect((await linksItem.getValue())[0]).toMatchObject({ id: savedLink!.id, gitlabOrigin: 'https://gitlab.example.com' });
  });

  it('keeps a checked link on its GitLab when another GitLab is connected', async () => {
    const { linkId } = await linkSentryProject({ gitlab: { connect: true }, poll: false });
    installFakeGitlab({ host: 'gitlab.example.com' });
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ content_scripts: [] } as never);
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.example.com', token: 'glpat-good' });
    expect((await linksItem.getValue())[0]).toMatchObject({ id: linkId, gitlabOrigin: 'https://gitlab.com' });
  });

  it('gives the same path on gitlab.com no panels, no context and no requests', async () => {
    const { sentry, link } = await linkOnSelfHostedGitlab();
    const own = pageOf('https://gitlab.example.com/group/app');
    const stranger = pageOf('https://gitlab.com/group/app');
    const context = { type: 'panelContext', projectPath: 'group/app', projectId: 101 };
    expect(await route(context, own)).toMatchObject({ ok: true, data: { linkId: link.id } });
    expect(await route(context, stranger)).toEqual({ ok: true, data: null });
    expect(await route({ type: 'loadPanels' }, stranger)).toEqual({ ok: true, data: { loaded: false } });
    const before = sentry.requests.length;
    const list = { type: 'listErrors', linkId: link.id, query: { status: 'unresolved', sort: 'last_seen', search: '' }, source: 'network' };
    for (const request of [list, resolve(link.id, '1001'), { type: 'getErrorDetails', linkId: link.id, errorId: '1001' }]) {
      expect(await route(request, stranger)).toMatchObject({ ok: false, failure: { kind: 'bad-request' } });
    }
    expect(beyondPolling(sentry.requests.slice(before))).toEqual([]);
    expect(await route(list, own)).toMatchObject({ ok: true });
  });

  it('never picks a link by the id a page states', async () => {
    const { linkId } = await linkSentryProject({ gitlab: { connect: true }, poll: false });
    expect((await linksItem.getValue())[0]).toMatchObject({ id: linkId, gitlabProjectId: 101 });
    const other = pageOf('https://gitlab.com/group/other');
    expect(await route({ type: 'panelContext', projectPath: 'group/other', projectId: 101 }, other)).toEqual({ ok: true, data: null });
    // The id may only confirm the path: a different one means another project.
    const own = pageOf('https://gitlab.com/group/app');
    expect(await route({ type: 'panelContext', projectPath: 'group/app', projectId: 7 }, own)).toEqual({ ok: true, data: null });
    expect(await route({ type: 'panelContext', projectPath: 'group/app', projectId: 101 }, own)).toMatchObject({
      ok: true,
      data: { linkId },
    });
  });

  it('migrates links without an origin to the connected GitLab', async () => {
    await fakeBrowser.storage.local.set({
      gitlabConnection: { baseUrl: 'https://gitlab.example.com/', token: 't', username: 'alice' },
      links: [
        {
          id: 'a',
          gitlabProject: 'group/app',
          active: true,
          backend: 'sentry',
          sentry: { org: 'o', projectId: '3', projectSlug: 'p', projectName: 'P' },
        },
      ],
      links$: { v: 2 },
    });
    await linksItem.migrate();
    expect(await linksItem.getValue()).toMatchObject([{ id: 'a', gitlabOrigin: 'https://gitlab.example.com' }]);
    expect(await fakeBrowser.storage.local.get('links$')).toEqual({ links$: { v: 3 } });
  });
});
