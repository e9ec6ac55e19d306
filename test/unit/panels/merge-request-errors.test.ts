import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { frameHits, indexByFileName } from '@/components/panels/merge-request-errors/frame-hits';
import { route } from '@/lib/background/router';
import { changedNewLines } from '@/lib/domain/unified-diff';
import { GitlabMergeRequestCommitList, GitlabMergeRequestDiffList } from '@/lib/gitlab/schemas';
import { askBackground } from '../support/background';
import { makeIssues } from '../support/fake-sentry';
import { linkSentryProject } from '../support/setup';
import { REFUNDS_DIFF } from '../../support/refunds-diff';

beforeEach(() => fakeBrowser.reset());

const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json', ...headers } });

describe('unified diff: the new-side lines a merge request adds or changes', () => {
  it('numbers + lines from each hunk header, skipping removed lines', () => {
    expect([...changedNewLines(REFUNDS_DIFF)]).toEqual([55, 56, 57]);
  });

  it('reads every hunk, ignores "\\ No newline" and anything before the first hunk', () => {
    const diff = [
      'diff --git a/x.rb b/x.rb',
      '--- a/x.rb',
      '+++ b/x.rb',
      '@@ -1,3 +1,3 @@',
      ' a',
      '-b',
      '+B',
      ' c',
      '@@ -20 +20,2 @@ def tail',
      ' y',
      '+z',
      '\\ No newline at end of file',
    ].join('\n');
    expect([...changedNewLines(diff)]).toEqual([2, 21]);
  });

  it('gives a new file all its lines and a deleted or empty diff none', () => {
    expect([...changedNewLines('@@ -0,0 +1,3 @@\n+a\n+b\n+c\n')]).toEqual([1, 2, 3]);
    expect([...changedNewLines('@@ -1,2 +0,0 @@\n-a\n-b\n')]).toEqual([]);
    expect([...changedNewLines('')]).toEqual([]);
    expect([...changedNewLines('Binary files differ')]).toEqual([]);
  });
});

describe('frames into changed files (path-suffix matching, as the file panel matches)', () => {
  const files = indexByFileName([
    { path: 'app/billing/refunds.py', changedLines: new Set([55, 56, 57]) },
    { path: 'lib/billing/refunds.py', changedLines: new Set() },
    { path: 'app/models/user.rb', changedLines: new Set([11]) },
  ]);
  const frame = (file: string, line: number, absPath = '') => ({ file, absPath, line });

  it('names file and line, and whether the merge request changes that line', () => {
    expect(frameHits([frame('app/billing/refunds.py', 57), frame('/srv/app/app/billing/refunds.py', 59)], files)).toEqual([
      { path: 'app/billing/refunds.py', line: 57, changed: true },
      { path: 'app/billing/refunds.py', line: 59, changed: false },
    ]);
  });

  it('takes the file sharing the most trailing segments, and never a same-named file elsewhere', () => {
    expect(frameHits([frame('refunds.py', 3, '/srv/www/app/billing/refunds.py')], files)).toEqual([
      { path: 'app/billing/refunds.py', line: 3, changed: false },
    ]);
    expect(frameHits([frame('app/views/user.rb', 11), frame('user.rb', 11), frame('other/refunds.py', 56)], files)).toEqual([]);
  });

  it('gives one hit per file and line', () => {
    expect(frameHits([frame('app/models/user.rb', 11), frame('models/user.rb', 11)], files)).toEqual([
      { path: 'app/models/user.rb', line: 11, changed: true },
    ]);
  });
});

describe('merge request REST answers', () => {
  it('keeps what the lookup needs and refuses commits without a full SHA', () => {
    const [file] = GitlabMergeRequestDiffList.parse([
      { old_path: 'a.py', new_path: 'b.py', a_mode: '100644', renamed_file: true, deleted_file: false, diff: null, generated_file: null },
    ]);
    expect(file).toEqual({ old_path: 'a.py', new_path: 'b.py', deleted_file: false, diff: null });
    expect(GitlabMergeRequestCommitList.safeParse([{ id: 'deadbeef', short_id: 'deadbeef' }]).success).toBe(false);
  });
});

const SHA_NEW = 'f00dbabe0123456789abcdef0123456789abcdef';
const SHA_OLD = '0badc0de0123456789abcdef0123456789abcdef';

/** group/app's merge request !3 on the fake gitlab.com: two pages of `/diffs` (or only `/changes`), two commits. */
function mergeRequestThree({ withDiffsEndpoint = true } = {}) {
  const files = [
    { old_path: 'app/billing/refunds.py', new_path: 'app/billing/refunds.py', deleted_file: false, diff: REFUNDS_DIFF },
    { old_path: 'app/old.py', new_path: 'app/old.py', deleted_file: true, diff: '@@ -1 +0,0 @@\n-x\n' },
    {
      old_path: 'app/models/user.rb',
      new_path: 'app/models/user.rb',
      deleted_file: false,
      diff: '@@ -10,2 +10,3 @@\n class User\n+  validates :email\n end\n',
    },
  ];
  return (url: URL) => {
    const match = /^\/api\/v4\/projects\/(?:101|group%2Fapp)\/merge_requests\/3\/(diffs|changes|commits)$/.exec(url.pathname);
    if (!match) return undefined;
    if (match[1] === 'commits') {
      return json([
        { id: SHA_NEW, short_id: SHA_NEW.slice(0, 8), title: 'Raise on missing payments' },
        { id: SHA_OLD, short_id: SHA_OLD.slice(0, 8), title: 'Refund by item' },
      ]);
    }
    if (match[1] === 'changes') return json({ iid: 3, changes: files });
    // Grape's catch-all for a route an older GitLab does not have.
    if (!withDiffsEndpoint)
      return new Response('{"error":"404 Not Found"}', { status: 404, headers: { 'Content-Type': 'application/json' } });
    const page = url.searchParams.get('page');
    return page === '1'
      ? json(files.slice(0, 2), { 'X-Next-Page': '2', 'X-Page': '1' })
      : json(files.slice(2), { 'X-Next-Page': '', 'X-Page': '2' });
  };
}

function eventWith(frames: Array<{ file: string; line: number; inApp: boolean }>) {
  const values = [
    {
      type: 'E',
      value: 'v',
      stacktrace: { frames: frames.map((f) => ({ filename: f.file, absPath: `/srv/app/${f.file}`, lineNo: f.line, inApp: f.inApp })) },
    },
  ];
  return { entries: [{ type: 'exception', data: { values } }] };
}

async function linkedWithMergeRequest(options: { withDiffsEndpoint?: boolean } = {}) {
  const firstSeen = makeIssues(5)[4]!;
  const setup = await linkSentryProject({
    sentry: {
      issues: makeIssues(4),
      override: (url) =>
        url.pathname.endsWith('/issues/') && url.searchParams.get('query') === `firstRelease:"${SHA_OLD}"` ? json([firstSeen]) : undefined,
    },
    gitlab: { connect: true, override: mergeRequestThree(options) },
    poll: false,
  });
  setup.sentry.events.set(
    '1000',
    eventWith([
      { file: 'app/billing/refunds.py', line: 57, inApp: true },
      { file: 'app/models/user.rb', line: 12, inApp: true },
    ]),
  );
  setup.sentry.events.set('1001', eventWith([{ file: 'app/billing/refunds.py', line: 56, inApp: false }]));
  setup.sentry.events.set(
    '1002',
    eventWith([
      { file: 'lib/refunds.py', line: 57, inApp: true },
      { file: 'app/old.py', line: 1, inApp: true },
    ]),
  );
  setup.sentry.events.set('1003', eventWith([{ file: 'app/controllers/refunds_controller.rb', line: 8, inApp: true }]));
  return { ...setup, firstSeen };
}

describe('merge request errors lookup', () => {
  it('lists errors whose own frames hit the changed files, and errors first seen in its commits', async () => {
    const { linkId, gitlab, firstSeen } = await linkedWithMergeRequest();
    const rows = await askBackground({ type: 'mergeRequestErrors', linkId, iid: 3 });
    expect(rows.map(({ error, hits, firstSeenIn }) => ({ id: error.id, hits, firstSeenIn }))).toEqual([
      {
        id: '1000',
        hits: [
          { path: 'app/billing/refunds.py', line: 57, changed: true },
          { path: 'app/models/user.rb', line: 12, changed: false },
        ],
        firstSeenIn: undefined,
      },
      { id: firstSeen.id, hits: [], firstSeenIn: { sha: SHA_OLD, shortSha: SHA_OLD.slice(0, 8) } },
    ]);
    // Every page of the diffs, and the commits once.
    const asked = gitlab!.requests.filter((r) => r.url.pathname.includes('/merge_requests/'));
    expect(
      asked
        .map((r) => `${r.url.pathname.split('/').at(-1)}${r.url.searchParams.has('page') ? `?page=${r.url.searchParams.get('page')}` : ''}`)
        .sort(),
    ).toEqual(['commits', 'diffs?page=1', 'diffs?page=2']);
  });

  it('reads `/changes` where GitLab has no `/diffs` (before 15.7)', async () => {
    const { linkId } = await linkedWithMergeRequest({ withDiffsEndpoint: false });
    const rows = await askBackground({ type: 'mergeRequestErrors', linkId, iid: 3 });
    expect(rows[0]?.hits).toEqual([
      { path: 'app/billing/refunds.py', line: 57, changed: true },
      { path: 'app/models/user.rb', line: 12, changed: false },
    ]);
  });

  it('answers only a page of the link’s own project, and only for a merge request number', async () => {
    const { linkId } = await linkedWithMergeRequest();
    const pageOf = (url: string) => ({ kind: 'gitlab-page' as const, url: new URL(url), tabId: 3, frameId: 0 });
    const other = await route({ type: 'mergeRequestErrors', linkId, iid: 3 }, pageOf('https://gitlab.com/group/other/-/merge_requests/3'));
    expect(other).toMatchObject({ ok: false, failure: { kind: 'bad-request' } });
    for (const iid of [0, -1, 1.5, '3']) {
      expect(
        await route({ type: 'mergeRequestErrors', linkId, iid }, pageOf('https://gitlab.com/group/app/-/merge_requests/3')),
      ).toMatchObject({
        ok: false,
        failure: { kind: 'bad-request' },
      });
    }
  });

  it('needs GitLab connected', async () => {
    const { linkId } = await linkSentryProject({ sentry: { issues: makeIssues(2) }, poll: false });
    await expect(askBackground({ type: 'mergeRequestErrors', linkId, iid: 3 })).rejects.toMatchObject({ kind: 'not-configured' });
  });
});
