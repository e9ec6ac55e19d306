import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { frameMatchesFile } from '@/lib/domain/frame-path';
import { askBackground } from '../support/background';
import { makeIssues } from '../support/fake-sentry';
import { linkSentryProject } from '../support/setup';

beforeEach(() => fakeBrowser.reset());

describe('file errors lookup', () => {
  it('finds errors whose in-app frames point at a file, with the lines', async () => {
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues: makeIssues(3) }, gitlab: {}, poll: false });
    const event = (file: string, line: number, inApp = true) => {
      const frame = { filename: file, absPath: `/srv/app/${file}`, lineNo: line, inApp };
      return { entries: [{ type: 'exception', data: { values: [{ type: 'E', value: 'v', stacktrace: { frames: [frame] } }] } }] };
    };
    sentry.events.set('1000', event('app/models/user.rb', 12));
    sentry.events.set('1001', event('app/models/user.rb', 40, false));
    sentry.events.set('1002', event('lib/user.rb', 7));
    const rows = await askBackground({ type: 'fileErrors', linkId, path: 'app/models/user.rb' });
    expect(rows.map((row) => [row.error.id, row.lines])).toEqual([['1000', [12]]]);
  });
});

describe('frame paths', () => {
  const frame = (file: string, absPath = '') => ({ file, absPath });
  it.each([
    [frame('app/models/user.rb'), 'app/models/user.rb', true],
    [frame('user.rb', '/srv/www/app/models/user.rb'), 'app/models/user.rb', true],
    [frame('webpack:///./src/components/App.tsx'), 'src/components/App.tsx', true],
    [frame('app:///src/index.js?v=3'), 'src/index.js', true],
    [frame('C:\\work\\src\\main.py'), 'src/main.py', true],
    [frame('main.py'), 'main.py', true],
    [frame('index.js'), 'src/index.js', false],
    [frame('/srv/lib/other/user.rb'), 'app/models/user.rb', false],
    [frame(''), 'src/index.js', false],
  ])('%j vs %s → %s', (f, path, expected) => {
    expect(frameMatchesFile(f, path)).toBe(expected);
  });
});
