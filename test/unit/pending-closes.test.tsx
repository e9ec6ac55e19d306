import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ErrorDetailsView } from '@/components/shared/ErrorDetailsView';
import type { ask as realAsk } from '@/lib/protocol/ask';
import { RemoteError } from '@/lib/domain/errors';
import { pendingIssueClosesItem } from '@/lib/store/storage';
import { askBackground } from './support/background';
import { makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

const ISSUE_API = '/api/v4/projects/101/issues/1';
const resolve = (linkId: string) =>
  askBackground({ type: 'updateErrorStatus', linkId, errorId: '1000', fromStatus: 'unresolved', change: { action: 'resolve' } });

/** Sentry and GitLab connected, group/app linked, an issue made for error 1000. */
async function withIssue(sentryOverride?: (url: URL, init: RequestInit) => Response | undefined) {
  const setup = await linkSentryProject({
    sentry: { issues: makeIssues(2), override: sentryOverride },
    gitlab: { connect: true },
    poll: false,
  });
  await askBackground({ type: 'createGitlabIssue', linkId: setup.linkId, errorId: '1000' });
  return { ...setup, gitlab: setup.gitlab! };
}

/** Puts `answer` in front of the installed fetch for requests `matches` picks. */
function intercept(matches: (url: URL, init: RequestInit) => boolean, answer: () => Promise<Response>) {
  const next = globalThis.fetch;
  const wrapper = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) =>
    matches(new URL(String(input)), init) ? answer() : next(input, init),
  );
  vi.stubGlobal('fetch', wrapper);
  return () => vi.stubGlobal('fetch', next);
}

const isClose = (url: URL, init: RequestInit) => url.pathname === ISSUE_API && init.method === 'PUT';
const closes = (gitlab: Awaited<ReturnType<typeof withIssue>>['gitlab']) =>
  gitlab.requests.filter((r) => r.method === 'PUT' && r.url.pathname === ISSUE_API);

/** A worker that starts afresh: no module state of the old one, only what storage kept. */
async function restartWorker() {
  vi.resetModules();
  const { finishPendingCloses } = await import('@/lib/background/errors/status');
  await finishPendingCloses();
}

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('a stopped worker finishes the close it started', () => {
  it('the worker stops between Resolve and the close: the next start closes the issue, once', async () => {
    const { gitlab, sentry, linkId } = await withIssue();
    const restore = intercept(isClose, () => new Promise<Response>(() => {})); // the worker dies mid-request
    void resolve(linkId);
    await vi.waitFor(() => expect(sentry.issues[0]!.status).toBe('resolved'));
    await vi.waitFor(async () => expect(await pendingIssueClosesItem.getValue()).toMatchObject([{ linkId, errorId: '1000' }]));
    restore();
    expect(gitlab.issues[0]!.state).toBe('opened');

    await restartWorker();
    expect(gitlab.issues[0]!.state).toBe('closed');
    expect(closes(gitlab)).toHaveLength(1);
    expect(gitlab.notes.map((note) => note.iid)).toEqual([1]);
    expect(await pendingIssueClosesItem.getValue()).toEqual([]);

    await restartWorker(); // and no second time
    expect(closes(gitlab)).toHaveLength(1);
    expect(gitlab.notes).toHaveLength(1);
  });

  it('GitLab unreachable for the close: the reply says it will be closed later, and it is', async () => {
    const { gitlab, linkId } = await withIssue();
    const restore = intercept(isClose, () => Promise.reject(new TypeError('Failed to fetch')));
    const result = await resolve(linkId);
    restore();
    expect(result.error.status).toBe('resolved');
    expect(result.closedIssue).toBeUndefined();
    expect(result.closeFailure?.message).toMatch(/will be closed later\.$/);
    expect(gitlab.issues[0]!.state).toBe('opened');

    await restartWorker();
    expect(gitlab.issues[0]!.state).toBe('closed');
    expect(closes(gitlab)).toHaveLength(1);
  });

  it('a refused Resolve closes nothing, then or later', async () => {
    const { gitlab, linkId } = await withIssue((_, init) =>
      init.method === 'PUT'
        ? new Response(JSON.stringify({ detail: 'You do not have permission to perform this action.' }), { status: 403 })
        : undefined,
    );
    await expect(resolve(linkId)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await pendingIssueClosesItem.getValue()).toEqual([]);
    await restartWorker();
    expect(closes(gitlab)).toEqual([]);
    expect(gitlab.issues[0]!.state).toBe('opened');
  });

  it('a Resolve Sentry never answered closes the issue only if Sentry then has it resolved', async () => {
    const { gitlab, sentry, linkId } = await withIssue();
    const restore = intercept(
      (url, init) => url.hostname.endsWith('sentry.io') && init.method === 'PUT',
      () => Promise.reject(new TypeError('Failed to fetch')),
    );
    await expect(resolve(linkId)).rejects.toMatchObject({ kind: 'unreachable' });
    restore();
    expect(await pendingIssueClosesItem.getValue()).toHaveLength(1);
    await restartWorker();
    expect(closes(gitlab)).toEqual([]);
    expect(await pendingIssueClosesItem.getValue()).toEqual([]);

    // The same, where the Resolve did reach Sentry before the answer was lost.
    const lose = intercept(
      (url, init) => url.hostname.endsWith('sentry.io') && init.method === 'PUT',
      async () => {
        sentry.issues[0]!.status = 'resolved';
        throw new TypeError('Failed to fetch');
      },
    );
    await expect(resolve(linkId)).rejects.toMatchObject({ kind: 'unreachable' });
    lose();
    await restartWorker();
    expect(closes(gitlab)).toHaveLength(1);
    expect(gitlab.issues[0]!.state).toBe('closed');
  });

  it('gives up after three failed closes, and on entries older than a week', async () => {
    const { gitlab, linkId } = await withIssue();
    const restore = intercept(isClose, () => Promise.reject(new TypeError('Failed to fetch')));
    await resolve(linkId);
    await restartWorker();
    expect(await pendingIssueClosesItem.getValue()).toMatchObject([{ failures: 2 }]);
    await restartWorker();
    expect(await pendingIssueClosesItem.getValue()).toEqual([]);
    restore();
    expect(gitlab.issues[0]!.state).toBe('opened');

    await pendingIssueClosesItem.setValue([{ linkId, errorId: '1000', at: Date.now() - 8 * 24 * 60 * 60_000, failures: 0 }]);
    await restartWorker();
    expect(await pendingIssueClosesItem.getValue()).toEqual([]);
    expect(closes(gitlab)).toEqual([]);
  });
});

describe('the details view after a lost answer', () => {
  it('shows what Sentry has, not a rolled-back guess', async () => {
    const { linkId, sentry } = await linkSentryProject({ sentry: { issues: makeIssues(1) }, poll: false });
    // The background resolves, then stops before it can answer.
    const ask = (async (request) => {
      const answer = await askBackground(request as never);
      if (request.type === 'updateErrorStatus') throw new RemoteError('unreachable', 'The extension’s background did not answer.');
      return answer;
    }) as typeof realAsk;
    const summary = (await askBackground({ type: 'getErrorDetails', linkId, errorId: '1000' })).details;
    render(<ErrorDetailsView linkId={linkId} summary={summary} ask={ask} headingLevel={1} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Resolve' }));
    await screen.findByRole('alert');
    expect(sentry.issues[0]!.status).toBe('resolved');
    expect(await screen.findByRole('button', { name: 'Unresolve' })).toBeTruthy();
  });
});
