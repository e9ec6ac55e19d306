import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import loader from '@/entrypoints/gitlab-loader';
import type { PanelsApi } from '@/components/panels/shared/panels-api';

// The loader script itself (entrypoints/gitlab-loader.ts): what it asks, and that one copy serves a page.

const LINK = { linkId: 'l1', gitlabProject: 'group/app' };

function projectPage(path: string, pageName: string, address = `/${path}`): void {
  history.replaceState(null, '', address);
  document.body.dataset.page = pageName;
  document.body.dataset.projectFullPath = path;
}

const projectHome = (path: string) => projectPage(path, 'projects:show');

function answer(link: typeof LINK | null) {
  return vi
    .spyOn(fakeBrowser.runtime, 'sendMessage')
    .mockImplementation((async (request: { type: string }) =>
      request.type === 'panelContext' ? { ok: true, data: link } : { ok: true, data: { loaded: true } }) as never);
}

function fakePanels() {
  const remove = vi.fn();
  const show = vi.fn<PanelsApi['show']>(async () => [remove]);
  globalThis.errorTrackerPanels = { show };
  return { show, remove };
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  globalThis.errorTrackerStopLoader?.();
  globalThis.errorTrackerStopLoader = undefined;
  globalThis.errorTrackerPanels = undefined;
});

describe('the loader script', () => {
  it('asks once at injection, and an unlinked project gets nothing more', async () => {
    projectHome('group/other');
    const sent = answer(null);
    const { show } = fakePanels();
    loader.main();
    await vi.waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    expect(sent.mock.calls[0]![0]).toMatchObject({ type: 'panelContext', projectPath: 'group/other' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toHaveBeenCalledTimes(1);
    expect(show).not.toHaveBeenCalled();
  });

  it('shows a linked project’s panels after the load, once even when injected twice, and removes them when stopped', async () => {
    projectHome('group/app');
    answer(LINK);
    const { show, remove } = fakePanels();
    loader.main();
    loader.main();
    await vi.waitFor(() => expect(show).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(show).toHaveBeenCalledTimes(1);
    expect(show.mock.calls[0]![0]).toMatchObject({ projectPath: 'group/app', pageName: 'projects:show' });
    expect(remove).not.toHaveBeenCalled();
    globalThis.errorTrackerStopLoader?.();
    expect(remove).toHaveBeenCalledTimes(1);
  });

  it('asks nothing and watches nothing on a project page whose name has no panel’s place', async () => {
    projectPage('group/app', 'projects:issues:index', '/group/app/-/issues');
    const sent = answer(LINK);
    const interval = vi.spyOn(globalThis, 'setInterval');
    const navigation = (globalThis as { navigation?: EventTarget }).navigation;
    const listen = navigation ? vi.spyOn(navigation, 'addEventListener') : undefined;
    loader.main();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).not.toHaveBeenCalled();
    expect(interval).not.toHaveBeenCalled();
    expect(listen?.mock.calls ?? []).toEqual([]);
  });

  it('asks by the page’s name, and shows nothing where no panel finds what it needs', async () => {
    projectPage('group/app', 'projects:issues:show', '/group/app/-/issues/new');
    const sent = answer(LINK);
    const { show } = fakePanels();
    loader.main();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent.mock.calls.map(([request]) => request)).toEqual([{ type: 'panelContext', projectPath: 'group/app', projectId: undefined }]);
    expect(show).not.toHaveBeenCalled();
  });

  it('sends the project id the page states with the first question', async () => {
    projectHome('group/other');
    document.body.dataset.projectId = '42';
    const sent = answer(null);
    loader.main();
    delete document.body.dataset.projectId;
    expect(sent).toHaveBeenCalledWith({ type: 'panelContext', projectPath: 'group/other', projectId: 42 });
  });

  it('shows nothing when stopped before the answer arrives', async () => {
    projectHome('group/app');
    let reply: (value: unknown) => void = () => undefined;
    const sent = vi
      .spyOn(fakeBrowser.runtime, 'sendMessage')
      .mockImplementation((() => new Promise((resolve) => (reply = resolve))) as never);
    const { show } = fakePanels();
    loader.main();
    globalThis.errorTrackerStopLoader?.();
    reply({ ok: true, data: LINK });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toHaveBeenCalledTimes(1);
    expect(show).not.toHaveBeenCalled();
  });
});
