import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { repositoryPathCandidates } from '@/lib/domain/frame-path';
import { MAX_FRAMES, MAX_TRIES, repositoryPaths } from '@/lib/gitlab/repository-paths';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeGitlab } from './support/fake-gitlab';
import { installFakeSentry, makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

beforeEach(() => fakeBrowser.reset());

const frame = (file: string, absPath = '') => ({ file, absPath });

describe('frame path → repository path candidates', () => {
  it.each([
    ['a relative filename', frame('app/models/user.rb'), ['app/models/user.rb', 'models/user.rb', 'user.rb']],
    [
      'an absolute path with its filename',
      frame('app/models/user.rb', '/srv/app/app/models/user.rb'),
      ['srv/app/app/models/user.rb', 'app/app/models/user.rb', 'app/models/user.rb', 'models/user.rb', 'user.rb'],
    ],
    ['a webpack URL', frame('webpack:///./src/components/App.tsx'), ['src/components/App.tsx', 'components/App.tsx', 'App.tsx']],
    ['an app:// URL with a query', frame('app:///src/index.js?v=3'), ['src/index.js', 'index.js']],
    ['a Windows path (no drive)', frame('C:\\work\\src\\main.py'), ['work/src/main.py', 'src/main.py', 'main.py']],
    ['a path climbing out (nothing before ..)', frame('../../lib/util.js'), ['lib/util.js', 'util.js']],
    ['Next.js route folders', frame('app/[slug]/page.tsx'), ['app/[slug]/page.tsx', '[slug]/page.tsx', 'page.tsx']],
    ['a dependency', frame('node_modules/react-dom/cjs/react-dom.js'), []],
    ['a gem', frame('active_record/base.rb', '/usr/local/bundle/gems/activerecord-7.1/lib/active_record/base.rb'), []],
    ['a Python package', frame('json/decoder.py', '/usr/lib/python3.12/site-packages/json/decoder.py'), []],
    ['an anonymous frame', frame('<anonymous>'), []],
    ['a frozen module', frame('<frozen importlib._bootstrap>'), []],
    ['native code', frame('[native code]'), []],
    ['nothing', frame(''), []],
  ])('%s', (_, input, expected) => {
    expect(repositoryPathCandidates(input).map((candidate) => candidate.path)).toEqual(expected);
  });

  it('says what precedes each path in the frame’s own path', () => {
    const candidates = repositoryPathCandidates(frame('app/models/user.rb', '/srv/app/app/models/user.rb'));
    expect(candidates.find((candidate) => candidate.path === 'app/models/user.rb')?.root).toBe('srv/app');
  });
});

/** A fake repository: which paths exist, and every path asked, in order. */
function fakeRepository(files: string[], name = `repo-${Math.random()}`) {
  const asked: string[] = [];
  return {
    asked,
    lookup: {
      repository: name,
      ref: 'main',
      exists: vi.fn(async (path: string) => {
        asked.push(path);
        return files.includes(path);
      }),
    },
  };
}

describe('repository paths of frames', () => {
  it('finds a file at the second try, longest path first', async () => {
    const { asked, lookup } = fakeRepository(['app/models/user.rb']);
    const found = await repositoryPaths([frame('app/models/user.rb', '/app/app/models/user.rb')], lookup);
    expect(asked).toEqual(['app/app/models/user.rb', 'app/models/user.rb']);
    expect([...found.values()]).toEqual(['app/models/user.rb']);
  });

  it('gives up on a file the repository does not have after a bounded number of tries', async () => {
    const { asked, lookup } = fakeRepository([]);
    const found = await repositoryPaths([frame('a/b/c/d/e/f/g/h/i.rb')], lookup);
    expect(found.size).toBe(0);
    expect(asked).toHaveLength(MAX_TRIES);
    expect(asked[0]).toBe('a/b/c/d/e/f/g/h/i.rb');
  });

  it('answers a frame path again from the cache, found or not', async () => {
    const { asked, lookup } = fakeRepository(['lib/a.rb']);
    const frames = [frame('lib/a.rb'), frame('lib/ghost.rb')];
    await repositoryPaths(frames, lookup);
    const first = asked.length;
    const again = await repositoryPaths(frames, lookup);
    expect(asked).toHaveLength(first);
    expect([...again.values()]).toEqual(['lib/a.rb']);
    // Another ref is another question.
    await repositoryPaths(frames, { ...lookup, ref: 'f00ba47' });
    expect(asked.length).toBeGreaterThan(first);
  });

  it('looks up at most 20 distinct frame paths; frames sharing a path share one look-up', async () => {
    const files = Array.from({ length: 30 }, (_, i) => `src/file${i}.ts`);
    const { asked, lookup } = fakeRepository(files);
    const frames = [...files, ...files].map((file) => frame(file));
    const found = await repositoryPaths(frames, lookup);
    expect(found.size).toBe(MAX_FRAMES);
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked).toHaveLength(MAX_FRAMES);
  });

  it('tries the root learnt from one frame first for the next ones', async () => {
    const { asked, lookup } = fakeRepository(['app/models/user.rb', 'app/controllers/users_controller.rb']);
    const found = await repositoryPaths(
      [frame('', '/usr/src/app/app/models/user.rb'), frame('', '/usr/src/app/app/controllers/users_controller.rb')],
      lookup,
    );
    expect(found.size).toBe(2);
    // The first frame takes four tries; the second one, tried after usr/src/app, one.
    expect(asked).toEqual([
      'usr/src/app/app/models/user.rb',
      'src/app/app/models/user.rb',
      'app/app/models/user.rb',
      'app/models/user.rb',
      'app/controllers/users_controller.rb',
    ]);
  });

  it('stops at a failure and keeps what it found; the failed look-up is asked again next time', async () => {
    const { lookup } = fakeRepository(['a/one.rb', 'a/two.rb']);
    let fail = true;
    const exists = lookup.exists;
    const flaky = {
      ...lookup,
      exists: async (path: string) => {
        if (path === 'a/two.rb' && fail) throw new Error('429');
        return exists(path);
      },
    };
    const first = await repositoryPaths([frame('a/one.rb'), frame('a/two.rb')], flaky);
    expect([...first.values()]).toEqual(['a/one.rb']);
    fail = false;
    const second = await repositoryPaths([frame('a/one.rb'), frame('a/two.rb')], flaky);
    expect([...second.values()].sort()).toEqual(['a/one.rb', 'a/two.rb']);
  });
});

const COMMIT = '3f2a9c1d5e6f708192a3b4c5d6e7f8091a2b3c4d';

/** A Sentry event whose only exception has these frames (innermost last, as Sentry sends them). */
function sentryEvent(frames: Array<{ file: string; line?: number; inApp: boolean }>, release?: string) {
  return {
    ...(release ? { release: { version: release } } : {}),
    entries: [
      {
        type: 'exception',
        data: {
          values: [
            {
              type: 'NoMethodError',
              value: 'undefined method',
              stacktrace: {
                frames: frames.map((f) => ({ filename: f.file, absPath: `/srv/app/${f.file}`, lineNo: f.line ?? null, inApp: f.inApp })),
              },
            },
          ],
        },
      },
    ],
  };
}

const FRAMES = [
  { file: 'gems/activerecord/base.rb', line: 7, inApp: false },
  { file: 'lib/tasks/import.rb', line: 3, inApp: false },
  { file: 'app/controllers/users_controller.rb', inApp: true },
  { file: 'app/models/ghost.rb', line: 1, inApp: true },
  { file: 'app/models/user.rb', line: 42, inApp: true },
];

async function linkWithEvent(event: unknown, connect = true) {
  const setup = await linkSentryProject({
    sentry: { issues: makeIssues(1) },
    gitlab: {
      connect,
      commits: [COMMIT],
      files: ['app/models/user.rb', 'app/controllers/users_controller.rb', 'lib/tasks/import.rb'],
    },
    poll: false,
  });
  setup.sentry.events.set('1000', event);
  return setup;
}

const blobHead = (gitlab: { requests: Array<{ method: string; url: URL }> }) =>
  gitlab.requests.filter((r) => r.method === 'HEAD' && r.url.pathname.includes('/repository/files/'));

describe('frameLinks', () => {
  it('links the in-app frames whose files the repository has, at the commit the release names', async () => {
    const { linkId, gitlab } = await linkWithEvent(sentryEvent(FRAMES, `web@${COMMIT.slice(0, 7)}`));
    const view = await askBackground({ type: 'frameLinks', linkId, errorId: '1000' });
    expect(view.gitlabUrl).toBe('https://gitlab.com');
    expect(view.links.map((link) => [link.file, link.line, link.repoPath, link.href])).toEqual([
      ['app/models/user.rb', 42, 'app/models/user.rb', `https://gitlab.com/group/app/-/blob/${COMMIT}/app/models/user.rb#L42`],
      [
        'app/controllers/users_controller.rb',
        undefined,
        'app/controllers/users_controller.rb',
        `https://gitlab.com/group/app/-/blob/${COMMIT}/app/controllers/users_controller.rb`,
      ],
    ]);
    // Library frames are never looked up, even when the repository has their file.
    expect(blobHead(gitlab!).map((r) => r.url.pathname)).not.toContain('/api/v4/projects/101/repository/files/lib%2Ftasks%2Fimport.rb');
    expect(new Set(blobHead(gitlab!).map((r) => r.url.searchParams.get('ref')))).toEqual(new Set([COMMIT]));
  });

  it('uses the default branch when the release names no commit, or one the repository does not have', async () => {
    for (const release of ['2.4.1', 'web@deadbeef1234', undefined]) {
      fakeBrowser.reset();
      const { linkId } = await linkWithEvent(sentryEvent(FRAMES, release));
      const view = await askBackground({ type: 'frameLinks', linkId, errorId: '1000' });
      expect(view.links[0]?.href, String(release)).toBe('https://gitlab.com/group/app/-/blob/main/app/models/user.rb#L42');
    }
  });

  it('gives no links, and asks GitLab nothing, without GitLab connected', async () => {
    const { linkId, gitlab } = await linkWithEvent(sentryEvent(FRAMES), false);
    expect(await askBackground({ type: 'frameLinks', linkId, errorId: '1000' })).toEqual({ gitlabUrl: '', links: [] });
    expect(gitlab!.requests).toEqual([]);
  });

  it('counts every frame of a GitLab-backed link, which has no in-app flag', async () => {
    stubBrowserApis();
    installFakeSentry();
    installFakeGitlab({
      errors: [{ id: '11', title: 'NoMethodError', status: 'unresolved', count: 2 }],
      files: ['app/models/user.rb'],
    });
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' });
    const { savedLink } = await askBackground({
      type: 'saveOptions',
      baseUrl: 'https://sentry.io',
      pollMinutes: 2,
      link: { gitlabProject: 'group/app', backend: 'gitlab', active: true },
    });
    const view = await askBackground({ type: 'frameLinks', linkId: savedLink!.id, errorId: '11' });
    // The fake's trace: app/models/user.rb:12 (in the repository) and the controller (not).
    expect(view.links.map((link) => link.href)).toEqual(['https://gitlab.com/group/app/-/blob/main/app/models/user.rb#L12']);
  });
});
