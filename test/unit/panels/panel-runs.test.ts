import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startPanelRuns, type ShowPanels } from '@/components/panels/shared/panel-runs';

// The panels' runs in the panels' script (components/panels/shared/panel-runs.ts): which panels each page gets,
// what is asked, and that in-page navigations and the stop take the last page's panels away.

const LINK = { linkId: 'l1', gitlabProject: 'group/app', sourceLabel: 'Sentry: acme / app' };

function page(pageName: string, address: string, projectPath?: string): void {
  history.replaceState(null, '', address);
  document.body.dataset.page = pageName;
  if (projectPath) document.body.dataset.projectFullPath = projectPath;
  else delete document.body.dataset.projectFullPath;
}

/** The panels' UI: records what it is asked to show, each shown set with its own removal. */
function fakeShow() {
  const removals: Array<ReturnType<typeof vi.fn>> = [];
  const show = vi.fn<ShowPanels>(async () => {
    const remove = vi.fn();
    removals.push(remove);
    return [remove];
  });
  return { show, removals };
}

function answer(link: typeof LINK | null) {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async () => ({ ok: true, data: link })) as never);
}

let stop: (() => void) | undefined;
beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  stop?.();
  stop = undefined;
  vi.useRealTimers();
});

describe('panel runs', () => {
  it('shows the page’s panels with the loader’s answer, without asking again', async () => {
    page('projects:show', '/group/app', 'group/app');
    const sent = answer(null);
    const { show } = fakeShow();
    stop = startPanelRuns(show, LINK);
    await vi.waitFor(() => expect(show).toHaveBeenCalledTimes(1));
    expect(show.mock.calls[0]![0]).toMatchObject({ projectPath: 'group/app', pageName: 'projects:show' });
    expect(show.mock.calls[0]![1]).toEqual(LINK);
    expect(show.mock.calls[0]![2]).toEqual(['project-errors']);
    expect(sent).not.toHaveBeenCalled();
  });

  it('reads the project from the address where the page names none, and asks about it', async () => {
    page('projects:issues:show', '/group/sub/app/-/issues/3');
    const sent = answer(LINK);
    const { show } = fakeShow();
    stop = startPanelRuns(show, undefined);
    await vi.waitFor(() => expect(show).toHaveBeenCalledTimes(1));
    expect(sent).toHaveBeenCalledWith({ type: 'panelContext', projectPath: 'group/sub/app', projectId: undefined });
    expect(show.mock.calls[0]![2]).toEqual(['issue-error']);
  });

  it('shows nothing where no panel finds what it needs, or the project is not linked', async () => {
    page('projects:issues:show', '/group/app/-/issues/new', 'group/app');
    const { show } = fakeShow();
    stop = startPanelRuns(show, LINK);
    stop();
    page('projects:show', '/group/other');
    const sent = answer(null);
    stop = startPanelRuns(show, undefined);
    await vi.waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(show).not.toHaveBeenCalled();
  });

  it('follows in-page navigations: the last page’s panels go, the new page’s come, and the stop ends it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout'] });
    page('projects:show', '/group/app', 'group/app');
    const sent = answer(LINK);
    const { show, removals } = fakeShow();
    stop = startPanelRuns(show, LINK);
    await vi.waitFor(() => expect(show).toHaveBeenCalledTimes(1));
    history.pushState(null, '', '/group/app/-/issues/7');
    document.body.dataset.page = 'projects:issues:show';
    await vi.advanceTimersByTimeAsync(1100); // the look at the address once a second (happy-dom has no Navigation API)
    await vi.waitFor(() => expect(show).toHaveBeenCalledTimes(2));
    expect(removals[0]).toHaveBeenCalledTimes(1);
    expect(show.mock.calls[1]![2]).toEqual(['issue-error']);
    expect(sent).toHaveBeenCalledWith({ type: 'panelContext', projectPath: 'group/app', projectId: undefined });
    stop();
    stop = undefined;
    expect(removals[1]).toHaveBeenCalledTimes(1);
    history.pushState(null, '', '/group/app');
    document.body.dataset.page = 'projects:show';
    await vi.advanceTimersByTimeAsync(3000);
    expect(show).toHaveBeenCalledTimes(2);
  });

  it('takes away what was still mounting when the user navigated on', async () => {
    page('projects:show', '/group/app', 'group/app');
    let mounted: (removals: Array<() => void>) => void = () => undefined;
    const show = vi.fn<ShowPanels>(() => new Promise((resolve) => (mounted = resolve)));
    stop = startPanelRuns(show, LINK);
    await vi.waitFor(() => expect(show).toHaveBeenCalledTimes(1));
    stop();
    stop = undefined;
    const remove = vi.fn();
    mounted([remove]);
    await vi.waitFor(() => expect(remove).toHaveBeenCalledTimes(1));
  });
});
