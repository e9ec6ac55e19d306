import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pollAll } from '@/lib/background/badge/poll';
import { askBackground, badge, stubBrowserApis } from './support/background';
import { installFakeGitlab, type FakeGitlabOptions } from './support/fake-gitlab';
import { installFakeSentry } from './support/fake-sentry';
import { renderPopup } from './support/popup';

const ERRORS: NonNullable<FakeGitlabOptions['errors']> = [
  { id: '11', title: 'NoMethodError: undefined method `name`', status: 'unresolved', count: '21' },
  { id: '12', title: 'ActiveRecord::RecordNotFound', status: 'unresolved', count: 7 },
  { id: '13', title: 'Timeout::Error', status: 'ignored', count: '3' },
];

async function linkThroughGitlab(options: FakeGitlabOptions = {}) {
  stubBrowserApis();
  installFakeSentry();
  const gitlab = installFakeGitlab({ errors: ERRORS.map((e) => ({ ...e })), ...options });
  await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' });
  const { savedLink } = await askBackground({
    type: 'saveOptions',
    baseUrl: 'https://sentry.io',
    pollMinutes: 2,
    link: { gitlabProject: 'group/app', backend: 'gitlab', active: true },
  });
  return { gitlab, linkId: savedLink!.id };
}

const unresolved = { status: 'unresolved' as const, sort: 'last_seen' as const, search: '' };

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('errors read through GitLab', () => {
  it('needs no Sentry token, counts unresolved errors (string or number counts) and badges them', async () => {
    const { linkId } = await linkThroughGitlab();
    await pollAll();
    expect((await badge()).text).toBe('2');
    const list = await askBackground({ type: 'listErrors', linkId, query: unresolved, source: 'network' });
    expect(list?.page.errors.map((e) => [e.id, e.count])).toEqual([
      ['11', 21],
      ['12', 7],
    ]);
  });

  it('waits while GitLab warms its cache instead of failing', async () => {
    const { linkId } = await linkThroughGitlab({ warmUpNulls: 2 });
    const list = await askBackground({ type: 'listErrors', linkId, query: unresolved, source: 'network' });
    expect(list?.page.errors).toHaveLength(2);
  });

  it('says "Waiting for GitLab" when the cache stays cold', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, advanceTimeDelta: 200 });
    try {
      const { linkId } = await linkThroughGitlab({ warmUpNulls: 100 });
      const pending = askBackground({ type: 'listErrors', linkId, query: unresolved, source: 'network' });
      const assertion = expect(pending).rejects.toMatchObject({ kind: 'warming', message: expect.stringMatching(/^Waiting for GitLab/) });
      await vi.advanceTimersByTimeAsync(10_000);
      await assertion;
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads ignored errors with the session, and asks to sign in without one', async () => {
    const { linkId } = await linkThroughGitlab();
    const ignored = await askBackground({ type: 'listErrors', linkId, query: { ...unresolved, status: 'ignored' }, source: 'network' });
    expect(ignored?.page.errors.map((e) => e.title)).toEqual(['Timeout::Error']);
  });

  it('details: stack trace from GitLab, highlighted code as text, innermost frame first', async () => {
    const { linkId } = await linkThroughGitlab();
    const details = await askBackground({ type: 'getErrorDetails', linkId, errorId: '11' });
    expect(details.details).toMatchObject({
      title: 'NoMethodError: undefined method `name`',
      level: 'error',
      count: 21,
      firstRelease: 'abc1234',
    });
    const frames = details.event!.exceptions[0]!.frames;
    expect(frames.map((f) => f.file)).toEqual(['app/controllers/users_controller.rb', 'app/models/user.rb']);
    expect(frames[1]!.context).toEqual([{ line: 12, code: 'raise "boom"' }]);
    expect(details.writeDenied).toBeUndefined();
  });

  it('resolves with the session and CSRF token; GitLab closes the linked issue and says which', async () => {
    const { gitlab, linkId } = await linkThroughGitlab();
    const created = await askBackground({ type: 'createGitlabIssue', linkId, errorId: '11' });
    expect(created).toMatchObject({ iid: 1, existed: false });
    expect(gitlab.issues[0]!.title).toBe('NoMethodError: undefined method `name`');
    const state = await askBackground({ type: 'getGitlabState', linkId, errorId: '11' });
    expect(state.issue).toMatchObject({ iid: 1, webUrl: 'https://gitlab.com/group/app/-/issues/1' });
    const result = await askBackground({
      type: 'updateErrorStatus',
      linkId,
      errorId: '11',
      fromStatus: 'unresolved',
      change: { action: 'resolve' },
    });
    expect(result.closedIssue).toMatchObject({ iid: 1 });
    expect(gitlab.issues[0]!.state).toBe('closed');
  });

  it('creates the issue with a description no line of which runs a quick action', async () => {
    const title = 'boom\n/close\r/assign @mallory\u2028/label ~x\u2029  /confidential';
    const { gitlab, linkId } = await linkThroughGitlab({ errors: [{ id: '14', title, status: 'unresolved', count: 1 }] });
    await askBackground({ type: 'createGitlabIssue', linkId, errorId: '14' });
    const form = gitlab.requests.find((r) => r.method === 'POST' && r.url.pathname === '/group/app/-/issues')!.body as Record<
      string,
      string
    >;
    const description = form['issue[description]']!;
    expect(description.split(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/).filter((line) => /^\s{0,3}\//.test(line))).toEqual([]);
    expect(description).toContain('boom /close /assign @mallory /label ~x   /confidential');
  });

  it('asks to sign in to GitLab for changes without a session, with a link', async () => {
    const { linkId } = await linkThroughGitlab({ signedIn: false });
    await expect(
      askBackground({
        type: 'updateErrorStatus',
        linkId,
        errorId: '11',
        fromStatus: 'unresolved',
        change: { action: 'ignore', duration: 'forever' },
      }),
    ).rejects.toMatchObject({
      kind: 'signed-out',
      message: 'Sign in to GitLab to change errors.',
      action: { href: 'https://gitlab.com/users/sign_in' },
    });
    // Reading still works with the token.
    expect((await askBackground({ type: 'listErrors', linkId, query: unresolved, source: 'network' }))?.page.errors).toHaveLength(2);
  });

  it('disables changes, with the reason, for Reporters', async () => {
    const { linkId } = await linkThroughGitlab({ accessLevel: 20 });
    const details = await askBackground({ type: 'getErrorDetails', linkId, errorId: '12' });
    expect(details.writeDenied).toBe('Changing errors needs at least the Developer role in group/app.');
  });

  it('popup: a sign-in link appears when a change needs the session', async () => {
    await linkThroughGitlab({ signedIn: false });
    await pollAll();
    renderPopup();
    fireEvent.click(await screen.findByRole('button', { name: 'ActiveRecord::RecordNotFound' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Resolve' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign in to GitLab to change errors.');
    expect(within(alert).getByRole('link', { name: 'Sign in to GitLab' }).getAttribute('href')).toBe('https://gitlab.com/users/sign_in');
    expect(screen.getByRole('button', { name: 'Resolve' })).toBeTruthy();
  });
});
