import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import loader from '@/entrypoints/gitlab-loader';
import type { PanelsApi } from '@/components/panels/shared/panels-api';

// The loader script itself (entrypoints/gitlab-loader.ts): what it asks, when it hands the page to the panels'
// script, and that one copy serves a page.

const LINK = { linkId: 'l1', gitlabProject: 'group/app', sourceLabel: 'Sentry: acme / app' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function projectPage(path: string | undefined, pageName: string, address = `/${path}`): void {
  history.replaceState(null, '', address);
  document.body.dataset.page = pageName;
  if (path) document.body.dataset.projectFullPath = path;
  else delete document.body.dataset.projectFullPath;
}

const projectHome = (path: string) => projectPage(path, 'projects:show');

/** The panels' script as the loader sees it: registered once the background has injected it. */
function fakePanels() {
  const stop = vi.fn();
  const start = vi.fn<PanelsApi['start']>(() => stop);
  return { start, stop, api: { start } };
}

/** The background: `link` for the project, and the panels' script injected when asked for. */
function answer(link: typeof LINK | null, panels = fakePanels()) {
  const sent = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (request: { type: string }) => {
    if (request.type === 'panelContext') return { ok: true, data: link };
    globalThis.errorTrackerPanels = panels.api;
    return { ok: true, data: { loaded: true } };
  }) as never);
  return { sent, ...panels };
}

const typesSent = (sent: ReturnType<typeof answer>['sent']) =>
  sent.mock.calls.map(([request]) => (request as unknown as { type: string }).type);

beforeEach(() => {
  fakeBrowser.reset();
  // Chromium's own runtime, which the loader uses (lib/content/ask-or-null.ts).
  (globalThis as { chrome?: unknown }).chrome = fakeBrowser;
});
afterEach(() => {
  globalThis.errorTrackerStopLoader?.();
  globalThis.errorTrackerStopLoader = undefined;
  globalThis.errorTrackerPanels = undefined;
  delete (globalThis as { chrome?: unknown }).chrome;
});

describe('the loader script', () => {
  it('asks once at injection, and an unlinked project gets nothing more', async () => {
    projectHome('group/other');
    const { sent, start } = answer(null);
    loader.main();
    await vi.waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    expect(sent.mock.calls[0]![0]).toMatchObject({ type: 'panelContext', projectPath: 'group/other' });
    await settle();
    expect(typesSent(sent)).toEqual(['panelContext']);
    expect(start).not.toHaveBeenCalled();
    expect(globalThis.errorTrackerPanels).toBeUndefined();
  });

  it('has the panels’ script injected for a linked project after the load, and starts it once with the answer', async () => {
    projectHome('group/app');
    const { sent, start, stop } = answer(LINK);
    loader.main();
    loader.main();
    await vi.waitFor(() => expect(start).toHaveBeenCalled());
    await settle();
    expect(typesSent(sent)).toEqual(['panelContext', 'panelContext', 'loadPanels']);
    expect(start).toHaveBeenCalledTimes(1);
    expect(start).toHaveBeenCalledWith(LINK);
    expect(stop).not.toHaveBeenCalled();
    globalThis.errorTrackerStopLoader?.();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('asks for the panels’ script only once the frame after the load is painted (GitLab’s first paint)', async () => {
    projectHome('group/app');
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    try {
      const { sent, start } = answer(LINK);
      loader.main();
      await vi.waitFor(() => expect(frames).toHaveLength(1));
      await settle();
      expect(typesSent(sent)).toEqual(['panelContext']);
      frames[0]!(0);
      await vi.waitFor(() => expect(start).toHaveBeenCalledWith(LINK));
      expect(typesSent(sent)).toEqual(['panelContext', 'loadPanels']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('asks nothing and watches nothing on a project page whose name has no panel’s place', async () => {
    projectPage('group/app', 'projects:issues:index', '/group/app/-/issues');
    const { sent } = answer(LINK);
    const interval = vi.spyOn(globalThis, 'setInterval');
    const navigation = (globalThis as { navigation?: EventTarget }).navigation;
    const listen = navigation ? vi.spyOn(navigation, 'addEventListener') : undefined;
    loader.main();
    await settle();
    expect(sent).not.toHaveBeenCalled();
    expect(interval).not.toHaveBeenCalled();
    expect(listen?.mock.calls ?? []).toEqual([]);
  });

  it('sends the project id the page states with the first question', async () => {
    projectHome('group/other');
    document.body.dataset.projectId = '42';
    const { sent } = answer(null);
    loader.main();
    delete document.body.dataset.projectId;
    expect(sent).toHaveBeenCalledWith({ type: 'panelContext', projectPath: 'group/other', projectId: 42 });
  });

  it('leaves a page that names no project (older GitLab) to the panels’ script, which reads the address', async () => {
    projectPage(undefined, 'projects:issues:show', '/group/app/-/issues/3');
    const { sent, start } = answer(LINK);
    loader.main();
    await vi.waitFor(() => expect(start).toHaveBeenCalled());
    expect(typesSent(sent)).toEqual(['loadPanels']);
    expect(start).toHaveBeenCalledWith(undefined);
  });

  it('starts nothing when stopped before the answer arrives', async () => {
    projectHome('group/app');
    let reply: (value: unknown) => void = () => undefined;
    const sent = vi
      .spyOn(fakeBrowser.runtime, 'sendMessage')
      .mockImplementation((() => new Promise((resolve) => (reply = resolve))) as never);
    const { start, api } = fakePanels();
    globalThis.errorTrackerPanels = api;
    loader.main();
    globalThis.errorTrackerStopLoader?.();
    reply({ ok: true, data: LINK });
    await settle();
    expect(sent).toHaveBeenCalledTimes(1);
    expect(start).not.toHaveBeenCalled();
  });
});
