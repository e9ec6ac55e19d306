import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { applyHostRules } from '@/lib/background/setup/host-rules';
import { callerOf } from '@/lib/background/callers';
import { route } from '@/lib/background/router';
import { askBackground, stubBrowserApis } from '../support/background';
import { installFakeGitlab } from '../support/fake-gitlab';
import { installFakeSentry, makeIssues } from '../support/fake-sentry';
import { linkSentryProject } from '../support/setup';

// The loader's side of the panels, the same for every feature: who may ask, the page's link, where it runs.

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
    expect(await route({ type: 'panelContext', projectPath: 'group/app' }, pageOf('https://gitlab.com/other/x'))).toMatchObject({
      ok: false,
    });
  });
});

describe('panel context', () => {
  it('gives a linked project its link and count, and unlinked ones nothing', async () => {
    const { linkId } = await linked();
    expect(await askBackground({ type: 'panelContext', projectPath: 'group/app' })).toMatchObject({
      linkId,
      gitlabProject: 'group/app',
      sourceLabel: 'Sentry: the-interstellar-jurisdiction / prime-mover',
    });
    expect(await askBackground({ type: 'panelContext', projectPath: 'group/unlinked' })).toBeNull();
  });
});

describe('self-hosted GitLab', () => {
  it('registers the content script for an allowed host and removes it with the permission', async () => {
    const { registered, contains } = stubBrowserApis();
    installFakeSentry();
    installFakeGitlab({ host: 'gitlab.example.com' });
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      content_scripts: [{ matches: ['https://gitlab.com/*'], js: ['content-scripts/gitlab.js'] }],
    } as never);
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.example.com', token: 'glpat-good' });
    expect(registered.get('gitlab-self-hosted')).toMatchObject({
      matches: ['https://gitlab.example.com/*'],
      js: ['content-scripts/gitlab.js'],
    });
    contains.mockImplementation(async () => false);
    await applyHostRules();
    expect(registered.size).toBe(0);
  });
});
