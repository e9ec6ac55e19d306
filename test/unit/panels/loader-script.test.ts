import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import loader from '@/entrypoints/gitlab-loader';
import type { PanelsApi } from '@/components/panels/shared/panels-api';

// The loader script itself (entrypoints/gitlab-loader.ts): what it asks, and that one copy serves a page.

const LINK = { linkId: 'l1', gitlabProject: 'group/app' };

function projectHome(path: string): void {
  history.replaceState(null, '', `/${path}`);
  document.body.dataset.page = 'projects:show';
  document.body.dataset.projectFullPath = path;
}

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
});
