import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { askBackground } from './support/background';
import { linkedIssuesItem } from '@/lib/store/storage';
import { FAKE_GITLAB_USER, type FakeGitlabOptions } from './support/fake-gitlab';
import { makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

const SHA = 'b56ae26f0c1d2e3f4a5b6c7d8e9f00112233aabb';
const BOB = { id: 2, username: 'bob' };
const GUEST = { id: 3, username: 'gus' };
const MALLORY = { id: 666, username: 'mallory' };

const issueBy = (author: { id: number; username: string }, iid: number, description: string) => ({
  id: 9000 + iid,
  iid,
  title: `by ${author.username}`,
  description,
  state: 'opened' as const,
  web_url: `https://gitlab.com/group/app/-/issues/${iid}`,
  author,
});

async function setUp(gitlab: FakeGitlabOptions = {}, { connect = true } = {}) {
  const setup = await linkSentryProject({ sentry: { issues: makeIssues(2) }, gitlab: { commits: [SHA], ...gitlab, connect } });
  return { ...setup, gitlab: setup.gitlab! };
}

beforeEach(() => fakeBrowser.reset());

describe('issues for errors', () => {
  it('creates exactly one issue, even for a double click, then finds it again', async () => {
    const { gitlab, linkId } = await setUp();
    const request = { type: 'createGitlabIssue' as const, linkId, errorId: '1000' };
    const [first, second] = await Promise.all([askBackground(request), askBackground(request)]);
    expect(first).toMatchObject({ iid: 1, webUrl: 'https://gitlab.com/group/app/-/issues/1' });
    expect(second.iid).toBe(1);
    expect(gitlab.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const post = gitlab.requests.find((r) => r.method === 'POST')!.body as { title: string; description: string };
    expect(post.title).toBe('Error number 1');
    expect(post.description).toContain('https://acme.sentry.io/issues/1000/');
    expect(await askBackground({ type: 'getGitlabState', linkId, errorId: '1000' })).toMatchObject({ issue: { iid: 1 } });
    expect(await askBackground(request)).toMatchObject({ iid: 1, existed: true });
    expect(gitlab.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it.each([
    ['the token’s user', FAKE_GITLAB_USER],
    ['a teammate (Developer)', BOB],
  ])('finds an issue %s created on another machine, by the permalink in its description', async (_, author) => {
    const { gitlab, linkId } = await setUp({ members: { [BOB.id]: 30 } });
    gitlab.issues.push(issueBy(author, 9, 'See https://acme.sentry.io/issues/1001/ for details'));
    expect(await askBackground({ type: 'getGitlabState', linkId, errorId: '1001' })).toMatchObject({ issue: { iid: 9, state: 'opened' } });
    expect(await askBackground({ type: 'createGitlabIssue', linkId, errorId: '1001' })).toMatchObject({ iid: 9, existed: true });
    expect(gitlab.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('ignores a stranger’s issue quoting the permalink (marker and all): creates its own and never closes theirs', async () => {
    const { gitlab, linkId } = await setUp({ members: { [BOB.id]: 30, [GUEST.id]: 10 } });
    const bait = `https://acme.sentry.io/issues/1000/\n<!-- error-tracker-for-gitlab:1000 -->`;
    gitlab.issues.push(issueBy(MALLORY, 7, bait), issueBy(GUEST, 8, bait));
    expect((await askBackground({ type: 'getGitlabState', linkId, errorId: '1000' })).issue).toBeUndefined();
    const created = await askBackground({ type: 'createGitlabIssue', linkId, errorId: '1000' });
    expect(created).toMatchObject({ existed: false });
    expect(created.iid).not.toBe(7);
    expect(created.iid).not.toBe(8);
    const result = await askBackground({
      type: 'updateErrorStatus',
      linkId,
      errorId: '1000',
      fromStatus: 'unresolved',
      change: { action: 'resolve' },
    });
    expect(result.closedIssue?.iid).toBe(created.iid);
    expect(gitlab.issues.filter((issue) => issue.author !== FAKE_GITLAB_USER).map((issue) => issue.state)).toEqual(['opened', 'opened']);
    expect(gitlab.requests.filter((r) => r.method === 'PUT').map((r) => r.url.pathname)).toEqual([
      `/api/v4/projects/101/issues/${created.iid}`,
    ]);
  });

  it('does not trust a stranger’s issue remembered by an older version', async () => {
    const { gitlab, linkId } = await setUp();
    gitlab.issues.push(issueBy(MALLORY, 7, 'https://acme.sentry.io/issues/1000/'));
    await linkedIssuesItem.setValue({ '101:1000': { iid: 7, webUrl: 'https://gitlab.com/group/app/-/issues/7' } });
    expect((await askBackground({ type: 'getGitlabState', linkId, errorId: '1000' })).issue).toBeUndefined();
  });

  it('prefers the issue made for the error (its marker) over an older one that only mentions it', async () => {
    const { gitlab, linkId } = await setUp();
    gitlab.issues.push(
      issueBy(FAKE_GITLAB_USER, 3, 'Maybe related to https://acme.sentry.io/issues/1000/ ?'),
      issueBy(FAKE_GITLAB_USER, 5, 'https://acme.sentry.io/issues/1000/\n<!-- error-tracker-for-gitlab:1000 -->'),
    );
    expect((await askBackground({ type: 'getGitlabState', linkId, errorId: '1000' })).issue).toMatchObject({ iid: 5 });
  });

  it('marks the issues it creates for their error', async () => {
    const { gitlab, linkId } = await setUp();
    await askBackground({ type: 'createGitlabIssue', linkId, errorId: '1000' });
    expect(gitlab.issues[0]!.description).toContain('<!-- error-tracker-for-gitlab:1000 -->');
  });

  it('closes the linked issue with a note when the error is resolved', async () => {
    const { gitlab, linkId } = await setUp();
    await askBackground({ type: 'createGitlabIssue', linkId, errorId: '1000' });
    const result = await askBackground({
      type: 'updateErrorStatus',
      linkId,
      errorId: '1000',
      fromStatus: 'unresolved',
      change: { action: 'resolve' },
    });
    expect(result.closedIssue).toMatchObject({ iid: 1, state: 'closed' });
    expect(gitlab.issues[0]!.state).toBe('closed');
    expect(gitlab.notes[0]?.body).toMatch(/resolved in Sentry/);
  });

  it('disables Create issue, with the reason, where issues are turned off', async () => {
    const { linkId } = await setUp({ project: { issues_enabled: false } });
    expect(await askBackground({ type: 'getGitlabState', linkId, errorId: '1000' })).toMatchObject({
      connected: true,
      cannotCreate: 'Issues are turned off in group/app.',
    });
  });

  it('links the first release’s commit when the repository has it', async () => {
    const { sentry, linkId } = await setUp();
    sentry.issues[0]!.firstRelease = { version: `web@${SHA.slice(0, 12)}` };
    sentry.issues[1]!.firstRelease = { version: '1.2.3' };
    expect(await askBackground({ type: 'getGitlabState', linkId, errorId: '1000' })).toMatchObject({
      commit: { shortId: SHA.slice(0, 8), webUrl: `https://gitlab.com/group/app/-/commit/${SHA}` },
    });
    expect((await askBackground({ type: 'getGitlabState', linkId, errorId: '1001' })).commit).toBeUndefined();
  });

  it('says GitLab is not connected instead of failing', async () => {
    const { linkId } = await setUp({}, { connect: false });
    expect(await askBackground({ type: 'getGitlabState', linkId, errorId: '1000' })).toEqual({ connected: false });
  });
});
