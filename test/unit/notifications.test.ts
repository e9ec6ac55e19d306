import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pollAll } from '@/lib/background/badge/poll';
import { listenToNotifications } from '@/lib/background/notifications/clicks';
import { gitlabBackend } from '@/lib/backends/gitlab';
import { GitlabClient } from '@/lib/gitlab/client';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '@/lib/store/notifications';
import { readPopupSnapshot } from '@/lib/store/popup-snapshot';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeGitlab, type FakeGitlabOptions } from './support/fake-gitlab';
import { installFakeSentry, makeIssues, type FakeIssue } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

beforeEach(() => {
  fakeBrowser.reset();
});

const ON: NotificationSettings = { ...DEFAULT_NOTIFICATION_SETTINGS, newErrors: true, regressions: true };
const turnOn = (settings: Partial<NotificationSettings> = {}) =>
  askBackground({ type: 'setNotificationSettings', settings: { ...ON, ...settings } });

/** What was shown, in order: [id, title, message]. */
function shown(create: ReturnType<typeof spyOnCreate>) {
  return create.mock.calls.map((call) => {
    const [id, options] = call as unknown as [string, { title: string; message: string }];
    return [id, options.title, options.message];
  });
}
const spyOnCreate = () => vi.spyOn(fakeBrowser.notifications, 'create');

let made = 0;
/** An error Sentry saw for the first time just now, put on top of the list (the last-seen order). */
function arrive(issues: FakeIssue[], title: string): FakeIssue {
  const now = new Date().toISOString();
  const [issue] = makeIssues(1, () => ({ id: String(9000 + ++made), title, firstSeen: now, lastSeen: now }));
  issues.unshift(issue!);
  return issue!;
}

/** Counted and recorded once: the state every test starts from (the first poll only records). */
async function linkedAndRecorded(settings: Partial<NotificationSettings> = {}) {
  const setup = await linkSentryProject({ sentry: { issues: makeIssues(3) } });
  await turnOn(settings);
  return setup;
}

describe('new errors', () => {
  it('tells nothing at a link’s first poll, whatever exists', async () => {
    const create = spyOnCreate();
    stubBrowserApis();
    installFakeSentry({ issues: makeIssues(5, (i) => ({ substatus: i === 0 ? 'regressed' : 'ongoing' })) });
    await turnOn();
    await askBackground({ type: 'connectSentry', baseUrl: 'https://sentry.io', token: 'good-token' });
    await askBackground({
      type: 'saveOptions',
      baseUrl: 'https://sentry.io',
      pollMinutes: 2,
      link: { gitlabProject: 'group/app', projectKey: 'the-interstellar-jurisdiction/3', active: true },
    });
    await pollAll({ force: true });
    await pollAll({ force: true });
    expect(create).not.toHaveBeenCalled();
  });

  it('tells a new error once, after the next poll, and never on the polls after', async () => {
    const { sentry } = await linkedAndRecorded();
    const create = spyOnCreate();
    const issue = arrive(sentry.issues, 'TypeError: brand new');
    await pollAll({ force: true });
    expect(shown(create)).toEqual([[`new:${(await links())[0]!.id}:${issue.id}`, 'New error in group/app', 'TypeError: brand new']]);
    await pollAll({ force: true });
    await pollAll({ force: true });
    expect(create).toHaveBeenCalledTimes(1);
    // The poll made its usual single request per link: nothing extra for notifications.
    expect(sentry.requests.slice(-1)[0]!.url.searchParams.get('query')).toBe('is:unresolved');
  });

  it('sums up more than three new errors in one notification', async () => {
    const { sentry } = await linkedAndRecorded();
    const create = spyOnCreate();
    for (const n of [1, 2, 3, 4, 5]) arrive(sentry.issues, `Error ${n}`);
    await pollAll({ force: true });
    expect(create).toHaveBeenCalledTimes(1);
    expect(shown(create)[0]!.slice(1)).toEqual(['5 new errors in group/app', 'Error 5\nError 4\nError 3\nand 2 more']);
  });

  it('keeps what it told across a restart of the worker or the browser', async () => {
    const { sentry } = await linkedAndRecorded();
    arrive(sentry.issues, 'Told before the restart');
    await pollAll({ force: true });
    // A restart: memory gone, storage kept.
    const stored = await fakeBrowser.storage.local.get(null);
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set(stored);
    stubBrowserApis();
    const create = spyOnCreate();
    await pollAll({ force: true });
    expect(create).not.toHaveBeenCalled();
    arrive(sentry.issues, 'After the restart');
    await pollAll({ force: true });
    expect(shown(create).map(([, , message]) => message)).toEqual(['After the restart']);
  });

  it('tells nothing of a kind turned off or a link opted out, and records it all the same', async () => {
    const { sentry, linkId } = await linkedAndRecorded({ newErrors: false });
    const create = spyOnCreate();
    arrive(sentry.issues, 'Not wanted');
    await pollAll({ force: true });
    await turnOn({ mutedLinks: [linkId] });
    arrive(sentry.issues, 'Link muted');
    await pollAll({ force: true });
    expect(create).not.toHaveBeenCalled();
    await turnOn();
    await pollAll({ force: true });
    expect(create).not.toHaveBeenCalled();
  });

  it('forgets what it recorded of a removed link', async () => {
    const { linkId } = await linkedAndRecorded();
    expect(await watchOf(linkId)).toBeDefined();
    await askBackground({ type: 'removeLink', linkId });
    expect(await watchOf(linkId)).toBeUndefined();
  });
});

describe('in each browser', () => {
  it('gives Chrome Resolve and Ignore buttons on an error’s own notification', async () => {
    const { sentry } = await linkedAndRecorded();
    const create = spyOnCreate();
    arrive(sentry.issues, 'With buttons');
    await pollAll({ force: true });
    expect(create.mock.calls[0]![1]).toMatchObject({ buttons: [{ title: 'Resolve' }, { title: 'Ignore' }] });
  });

  it('gives Firefox only type, title, message and icon', async () => {
    vi.stubEnv('FIREFOX', 'true');
    try {
      const { sentry } = await linkedAndRecorded();
      const create = spyOnCreate();
      arrive(sentry.issues, 'Plain');
      await pollAll({ force: true });
      expect(Object.keys(create.mock.calls[0]![1] as object).sort()).toEqual(['iconUrl', 'message', 'title', 'type']);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('regressions', () => {
  it('tells one "regressed" notification when Sentry reopens a resolved error', async () => {
    const { sentry } = await linkSentryProject({
      sentry: { issues: makeIssues(4, (i) => ({ status: i === 3 ? 'resolved' : 'unresolved' })) },
    });
    await turnOn();
    const create = spyOnCreate();
    const issue = sentry.issues[3]!;
    Object.assign(issue, { status: 'unresolved', substatus: 'regressed', lastSeen: new Date().toISOString() });
    await pollAll({ force: true });
    await pollAll({ force: true });
    expect(shown(create).map(([, title, message]) => [title, message])).toEqual([['Regressed in group/app', issue.title]]);
  });

  it('tells an error resolved here that is back, even where the backend does not say "regressed"', async () => {
    const { sentry, linkId } = await linkedAndRecorded();
    const create = spyOnCreate();
    const issue = sentry.issues[0]!;
    await askBackground({ type: 'updateErrorStatus', linkId, errorId: issue.id, fromStatus: 'unresolved', change: { action: 'resolve' } });
    await pollAll({ force: true });
    Object.assign(issue, { status: 'unresolved', substatus: undefined });
    await pollAll({ force: true });
    expect(shown(create).map(([, title]) => title)).toEqual(['Regressed in group/app']);
  });

  it('takes the user’s own Undo for no regression', async () => {
    const { sentry, linkId } = await linkedAndRecorded();
    const create = spyOnCreate();
    const errorId = sentry.issues[0]!.id;
    await askBackground({ type: 'updateErrorStatus', linkId, errorId, fromStatus: 'unresolved', change: { action: 'resolve' } });
    await askBackground({ type: 'updateErrorStatus', linkId, errorId, fromStatus: 'resolved', change: { action: 'unresolve' } });
    await pollAll({ force: true });
    expect(create).not.toHaveBeenCalled();
  });
});

describe('quiet hours', () => {
  const hhmm = (date: Date) => `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  const hoursFromNow = (hours: number) => hhmm(new Date(Date.now() + hours * 3_600_000));

  it('shows nothing in the window and one summary after it', async () => {
    // Around the present, so across midnight when the test runs near it.
    const { sentry } = await linkedAndRecorded({ quietFrom: hoursFromNow(-1), quietUntil: hoursFromNow(1) });
    const create = spyOnCreate();
    arrive(sentry.issues, 'In the night');
    await pollAll({ force: true });
    expect(create).not.toHaveBeenCalled();
    await turnOn({ quietFrom: hoursFromNow(1), quietUntil: hoursFromNow(2) });
    await pollAll({ force: true });
    expect(shown(create).map(([, title, message]) => [title, message])).toEqual([['1 new error in group/app', 'During quiet hours']]);
    await pollAll({ force: true });
    expect(create).toHaveBeenCalledTimes(1);
  });
});

describe('clicking a notification', () => {
  async function toldOne() {
    const { sentry, linkId } = await linkedAndRecorded();
    listenToNotifications(Promise.resolve());
    const issue = arrive(sentry.issues, 'TypeError: click me');
    await pollAll({ force: true });
    return { sentry, linkId, issue, id: `new:${linkId}:${issue.id}` };
  }

  it('opens the popup straight on the error’s details where the browser can open the popup', async () => {
    const { issue, id } = await toldOne();
    const openPopup = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.action, { openPopup });
    await fakeBrowser.notifications.onClicked.trigger(id);
    await vi.waitFor(() => expect(openPopup).toHaveBeenCalled());
    const popup = await readPopupSnapshot();
    expect(popup.openError).toMatchObject({ id: issue.id, title: 'TypeError: click me' });
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('opens the error’s Sentry page where the popup cannot be opened', async () => {
    const { issue, id } = await toldOne();
    Object.assign(fakeBrowser.action, { openPopup: vi.fn(async () => Promise.reject(new Error('No active browser window'))) });
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await fakeBrowser.notifications.onClicked.trigger(id);
    await vi.waitFor(() => expect(create).toHaveBeenCalledWith({ url: issue.permalink }));
    expect((await readPopupSnapshot()).openError).toBeUndefined();
  });

  it('resolves the error from Chrome’s Resolve button', async () => {
    const { issue, id } = await toldOne();
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 0);
    await vi.waitFor(() => expect(issue.status).toBe('resolved'));
    await vi.waitFor(async () => expect(await fakeBrowser.notifications.getAll()).toEqual({}));
  });
});

describe('links read through GitLab', () => {
  it('tells an error seen resolved here that is back, and a click opens GitLab’s page of it', async () => {
    stubBrowserApis();
    installFakeSentry();
    const errors: NonNullable<FakeGitlabOptions['errors']> = [
      { id: '11', title: 'NoMethodError: undefined method `name`', status: 'unresolved', count: 21 },
      { id: '13', title: 'Timeout::Error', status: 'resolved', count: 3 },
    ];
    installFakeGitlab({ errors });
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' });
    const { savedLink } = await askBackground({
      type: 'saveOptions',
      baseUrl: 'https://sentry.io',
      pollMinutes: 2,
      link: { gitlabProject: 'group/app', backend: 'gitlab', active: true },
    });
    await pollAll({ force: true });
    await turnOn();
    listenToNotifications(Promise.resolve());
    const create = spyOnCreate();
    // The popup's Resolved list shows it: GitLab says nothing of regressions, this extension remembers.
    const query = { status: 'resolved' as const, sort: 'last_seen' as const, search: '' };
    await askBackground({ type: 'listErrors', linkId: savedLink!.id, query, source: 'network' });
    errors[1]!.status = 'unresolved';
    await pollAll({ force: true });
    expect(shown(create).map(([, title, message]) => [title, message])).toEqual([['Regressed in group/app', 'Timeout::Error']]);
    Object.assign(fakeBrowser.action, { openPopup: vi.fn(async () => Promise.reject(new Error('No active browser window'))) });
    const tab = vi.spyOn(fakeBrowser.tabs, 'create');
    await fakeBrowser.notifications.onClicked.trigger(String(shown(create)[0]![0]));
    await vi.waitFor(() => expect(tab).toHaveBeenCalledWith({ url: 'https://gitlab.com/group/app/-/error_tracking/13/details' }));
  });
});

describe('the error’s page by backend', () => {
  it('is GitLab’s own error page for a link read through GitLab', () => {
    const client = new GitlabClient({ baseUrl: 'https://gitlab.example.com', token: 't' });
    const backend = gitlabBackend(
      { id: 'l', gitlabProject: 'group/app', gitlabOrigin: 'https://gitlab.example.com', active: true, backend: 'gitlab' },
      client,
    );
    const [issue] = makeIssues(1);
    expect(backend.errorPageUrl({ id: '1000', permalink: issue!.permalink } as never)).toBe(
      'https://gitlab.example.com/group/app/-/error_tracking/1000/details',
    );
  });
});

async function links() {
  return (await askBackground({ type: 'getOptions' })).links;
}

async function watchOf(linkId: string) {
  return ((await fakeBrowser.storage.local.get('notificationWatch')).notificationWatch as Record<string, unknown> | undefined)?.[linkId];
}
