import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { applyHostRules } from '@/lib/background/setup/host-rules';
import { callerOf } from '@/lib/background/callers';
import { route } from '@/lib/background/router';
import { frameMatchesFile } from '@/lib/domain/frame-path';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeGitlab } from './support/fake-gitlab';
import { installFakeSentry, makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

const linked = () => linkSentryProject({ sentry: { issues: makeIssues(3) }, gitlab: {}, poll: false });

const pageOf = (url: string) => ({ kind: 'gitlab-page' as const, url: new URL(url), tabId: 3, frameId: 0 });

beforeEach(() => fakeBrowser.reset());

describe('who may ask', () => {
  it('accepts the content script only on GitLab tabs', async () => {
    stubBrowserApis();
    const id = fakeBrowser.runtime.id;
    const tab = { id: 3 } as never;
    expect(await callerOf({ id, url: 'https://gitlab.com/group/app', tab })).toEqual(pageOf('https://gitlab.com/group/app'));
    expect(await callerOf({ id, url: 'https://evil.example/group/app', tab })).toBeUndefined();
    expect(await callerOf({ id: 'other', url: 'https://gitlab.com/group/app', tab })).toBeUndefined();
    expect(await callerOf({ id, url: fakeBrowser.runtime.getURL('/popup.html') })).toEqual({ kind: 'extension' });
  });

  it('lets a GitLab page act only on its own project’s link, and never on settings', async () => {
    const { linkId } = await linked();
    const list = { type: 'listErrors', linkId, query: { status: 'unresolved', sort: 'last_seen', search: '' }, source: 'network' };
    expect(await route(list, pageOf('https://gitlab.com/group/app/-/issues/1'))).toMatchObject({ ok: true });
    expect(await route(list, pageOf('https://gitlab.com/group/app-other'))).toMatchObject({ ok: false, failure: { kind: 'bad-request' } });
    expect(await route({ type: 'getOptions' }, pageOf('https://gitlab.com/group/app'))).toMatchObject({ ok: false });
    expect(await route({ type: 'panelContext', projectPath: 'group/app' }, pageOf('https://gitlab.com/other/x'))).toMatchObject({ ok: false });
  });
});

describe('panel data', () => {
  it('gives a linked project its link and count, and unlinked ones nothing', async () => {
    const { linkId } = await linked();
    expect(await askBackground({ type: 'panelContext', projectPath: 'group/app' })).toMatchObject({
      linkId,
      gitlabProject: 'group/app',
      sourceLabel: 'Sentry: the-interstellar-jurisdiction / prime-mover',
    });
    expect(await askBackground({ type: 'panelContext', projectPath: 'group/unlinked' })).toBeNull();
  });

  it('finds errors whose in-app frames point at a file, with the lines', async () => {
    const { sentry, linkId } = await linked();
    const event = (file: string, line: number, inApp = true) => ({
      entries: [{ type: 'exception', data: { values: [{ type: 'E', value: 'v', stacktrace: { frames: [{ filename: file, absPath: `/srv/app/${file}`, lineNo: line, inApp }] } }] } }],
    });
    sentry.events.set('1000', event('app/models/user.rb', 12));
    sentry.events.set('1001', event('app/models/user.rb', 40, false));
    sentry.events.set('1002', event('lib/user.rb', 7));
    const rows = await askBackground({ type: 'fileErrors', linkId, path: 'app/models/user.rb' });
    expect(rows.map((row) => [row.error.id, row.lines])).toEqual([['1000', [12]]]);
  });

  it('finds the error an issue links to, only within the linked Sentry project', async () => {
    const { sentry, linkId } = await linked();
    sentry.issues[2]!.project = { id: '999', slug: 'elsewhere', name: 'x', platform: 'ruby' };
    const ask = (urls: string[]) => askBackground({ type: 'issueErrors', linkId, issueIid: 5, sentryUrls: urls });
    expect((await ask(['https://acme.sentry.io/issues/1001/']))?.id).toBe('1001');
    expect(await ask(['https://acme.sentry.io/issues/1002/'])).toBeNull();
    expect(await ask(['https://evil.example/issues/1001/'])).toBeNull();
  });

  it('asks Sentry for errors first seen in a commit', async () => {
    const { sentry, linkId } = await linked();
    const sha = 'cba78319f0cbb929de782eb3d50dd44ec40253c1';
    await askBackground({ type: 'commitErrors', linkId, sha });
    const searches = sentry.requests.filter((r) => r.url.pathname.endsWith('/issues/')).map((r) => r.url.searchParams.get('query'));
    expect(searches).toContain(`firstRelease:"${sha}"`);
  });
});

describe('self-hosted GitLab', () => {
  it('registers the content script for an allowed host and removes it with the permission', async () => {
    const { registered, contains } = stubBrowserApis();
    installFakeSentry();
    installFakeGitlab({ host: 'gitlab.example.com' });
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ content_scripts: [{ matches: ['https://gitlab.com/*'], js: ['content-scripts/gitlab.js'] }] } as never);
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.example.com', token: 'glpat-good' });
    expect(registered.get('gitlab-self-hosted')).toMatchObject({ matches: ['https://gitlab.example.com/*'], js: ['content-scripts/gitlab.js'] });
    contains.mockImplementation(async () => false);
    await applyHostRules();
    expect(registered.size).toBe(0);
  });
});

describe('frame paths', () => {
  const frame = (file: string, absPath = '') => ({ file, absPath });
  it.each([
    [frame('app/models/user.rb'), 'app/models/user.rb', true],
    [frame('user.rb', '/srv/www/app/models/user.rb'), 'app/models/user.rb', true],
    [frame('webpack:///./src/components/App.tsx'), 'src/components/App.tsx', true],
    [frame('app:///src/index.js?v=3'), 'src/index.js', true],
    [frame('C:\\work\\src\\main.py'), 'src/main.py', true],
    [frame('main.py'), 'main.py', true],
    [frame('index.js'), 'src/index.js', false],
    [frame('/srv/lib/other/user.rb'), 'app/models/user.rb', false],
    [frame(''), 'src/index.js', false],
  ])('%j vs %s → %s', (f, path, expected) => {
    expect(frameMatchesFile(f, path)).toBe(expected);
  });
});
