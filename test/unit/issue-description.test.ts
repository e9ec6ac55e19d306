import { describe, expect, it } from 'vitest';
import { issueIidFromUrl } from '@/lib/gitlab/issue-url';
import { cannotCreateReason } from '@/lib/gitlab/project-access';
import { normalizeGitlabUrl } from '@/lib/gitlab/hosts';
import { issueDescription, stackExcerpt } from '@/lib/gitlab/issue-description';
import { codeBlock, codeSpan, inertTitle, markdownUrl } from '@/lib/gitlab/markdown';
import { shaFromRelease } from '@/lib/gitlab/release-sha';
import type { ErrorDetails } from '@/lib/domain/model';
import { SentryEventShape } from '@/lib/sentry/event';
import { SentryIssueDetails } from '@/lib/sentry/schemas';
import { toErrorEvent, toErrorSummary } from '@/lib/sentry/map';
import { readJsonFixture } from '../support/fixtures';

const readEvent = (raw: unknown) => toErrorEvent(SentryEventShape.parse(raw));

function detailsFromFixture(): ErrorDetails {
  const issue = SentryIssueDetails.parse(readJsonFixture('gitlab-sentry/issue_sample_response.json'));
  return {
    ...toErrorSummary(issue, 'https://sentry.example.com'),
    permalink: 'https://sentry.example.com/sentry/internal/issues/11/',
    platform: 'python',
    firstRelease: issue.firstRelease?.version ?? '',
    lastRelease: issue.lastRelease?.version ?? '',
    frequency: [],
    externalIssueUrls: [],
  };
}

describe('issue description', () => {
  it('carries the permalink, facts and the top frames of the real Ruby event', () => {
    const event = readEvent(readJsonFixture('gitlab-sentry/issue_latest_event_sample_response.json'));
    const text = issueDescription(detailsFromFixture(), event);
    expect(text).toContain('- **Sentry issue:** https://sentry.example.com/sentry/internal/issues/11/');
    expect(text).toContain('- **Error:** `This is an example Python exception`');
    expect(text).toContain('- **First seen:** 2018-11-06T21:19:55.000Z');
    expect(text).toContain('- **Events:** 1');
    expect(text).toContain('- **First release:** `17642328ead24b51867165985996d04b29310337`');
    expect(text).toContain('```text\nActiveRecord::NoDatabaseError: FATAL:');
    const frames = text.split('\n').filter((line) => line.startsWith('  at '));
    expect(frames).toHaveLength(10);
    expect(frames[0]).toContain('postgresql_adapter.rb:696');
  });

  it('prefers in-app frames', () => {
    const excerpt = stackExcerpt({
      id: '1',
      platform: '',
      release: '',
      message: '',
      tags: [],
      exceptions: [
        {
          type: 'E',
          value: 'v',
          framesOmitted: 0,
          frames: [
            { file: 'lib.js', absPath: '', function: 'x', module: '', inApp: false, context: [] },
            { file: 'app.js', absPath: '', function: 'main', module: '', line: 3, column: 9, inApp: true, context: [] },
          ],
        },
      ],
    });
    expect(excerpt).toBe('E: v\n  at main (app.js:3:9)');
  });

  it('keeps hostile error text inert', () => {
    const details = { ...detailsFromFixture(), title: '`x` [click](https://evil.example) @everyone <img src=x>', level: 'error`' };
    const text = issueDescription(details, null);
    const errorLine = text.split('\n').find((line) => line.startsWith('- **Error:**'))!;
    expect(errorLine).toBe('- **Error:** `` `x` [click](https://evil.example) @everyone <img src=x> ``');
    expect(text).toContain('- **Level:** `` error` ``');
  });
});

describe('quick actions cannot be smuggled into a description', () => {
  const QUICK_ACTION_LINE = /^\s{0,3}\//;
  const breaks = ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\v', '\f'];
  const hostile = (field: string) => breaks.map((br) => `${field}${br}/close${br}/assign @mallory${br}   /label ~x`).join(' ');

  it.each(breaks.map((br) => [[...br].map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(' '), br]))(
    'no line starts a quick action, broken with %s',
    (_, br) => {
      const evil = `ok${br}/close${br}/assign @mallory${br}  /unlabel ~bug${br}\`\`\`${br}/close`;
      const details: ErrorDetails = {
        id: '11',
        status: 'unresolved',
        count: 1,
        userCount: 1,
        platform: 'python',
        frequency: [],
        externalIssueUrls: [],
        permalink: 'https://sentry.example.com/sentry/internal/issues/11/',
        title: evil,
        culprit: evil,
        level: evil,
        shortId: evil,
        firstRelease: evil,
        lastRelease: evil,
      };
      const frame = { file: evil, absPath: evil, function: evil, module: evil, line: 3, inApp: true, context: [{ line: 3, code: evil }] };
      const event = {
        id: '1',
        platform: '',
        release: evil,
        message: evil,
        tags: [{ key: 'server_name', value: evil }],
        exceptions: [{ type: evil, value: evil, framesOmitted: 0, frames: [frame, { ...frame, function: '' }] }],
      };
      const text = issueDescription(details, event);
      const lines = text.split(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/);
      expect(lines.filter((line) => QUICK_ACTION_LINE.test(line))).toEqual([]);
      // The text is still there to read, on one line where it belongs.
      expect(lines.some((line) => line.startsWith('  at ok /close /assign @mallory'))).toBe(true);
      expect(text).toContain('- **Error:** ');
    },
  );

  it('single-line helpers flatten every line separator', () => {
    for (const text of [codeSpan(hostile('t')), inertTitle(hostile('t'))]) {
      expect(text).not.toMatch(/[\r\n\v\f\u0085\u2028\u2029]/);
    }
    expect(
      codeBlock(hostile('b'))
        .split('\n')
        .filter((line) => /^\s*\//.test(line)),
    ).toEqual([]);
  });
});

describe('markdown helpers', () => {
  it('code spans survive backticks and newlines', () => {
    expect(codeSpan('a')).toBe('`a`');
    expect(codeSpan('a ``b`` c')).toBe('```a ``b`` c```');
    expect(codeSpan('line\nbreak')).toBe('`line break`');
  });

  it('URLs cannot open or close links', () => {
    expect(markdownUrl('https://sentry.io/issues/1/')).toBe('https://sentry.io/issues/1/');
    expect(markdownUrl('https://s.io/a)[x](https://e.io)')).toBe('https://s.io/a%29%5Bx%5D%28https://e.io%29');
  });

  it('code blocks cannot be closed from inside', () => {
    const block = codeBlock('```\n[x](y)\n````');
    expect(block.startsWith('`````text\n')).toBe(true);
    expect(block.endsWith('\n`````')).toBe(true);
  });

  it('titles lose their mentions and references but keep their words', () => {
    const title = inertTitle('Fail for @alice in #12 and !3 ~bug\nnext line');
    expect(title).toBe('Fail for @\u2060alice in #\u206012 and !\u20603 ~\u2060bug next line');
    expect(inertTitle('')).toBe('(no title)');
    expect(inertTitle('x'.repeat(300))).toHaveLength(255);
  });
});

describe('release SHAs', () => {
  it.each([
    ['b56ae26', 'b56ae26'],
    ['b65bc521378269d3eaefdc964f8ef56621414943', 'b65bc521378269d3eaefdc964f8ef56621414943'],
    ['web@3F2A9C1D', '3f2a9c1d'],
    ['1.4.0-3f2a9c1', '3f2a9c1'],
    ['frontend/abc1234', 'abc1234'],
  ])('%s names %s', (version, sha) => {
    expect(shaFromRelease(version)).toBe(sha);
  });

  it.each([['1.4.0'], ['deadbeef'], ['release'], ['abc12'], ['g1234567'], ['']])('%j names no commit', (version) => {
    expect(shaFromRelease(version)).toBeUndefined();
  });
});

describe('GitLab URLs and issue links', () => {
  it('keeps only the instance origin', () => {
    expect(normalizeGitlabUrl('gitlab.example.com/group/app')).toBe('https://gitlab.example.com');
    expect(normalizeGitlabUrl('https://gitlab.com/api/v4/')).toBe('https://gitlab.com');
    expect(() => normalizeGitlabUrl('ftp://x')).toThrow(/https/);
  });

  it('reads issue numbers of this project only', () => {
    const project = 'https://gitlab.com/group/app';
    expect(issueIidFromUrl('https://gitlab.com/group/app/-/issues/12', project)).toBe(12);
    expect(issueIidFromUrl('https://gitlab.com/group/app/issues/7#note_1', project)).toBe(7);
    expect(issueIidFromUrl('https://gitlab.com/group/app-other/-/issues/12', project)).toBeUndefined();
    expect(issueIidFromUrl('https://evil.example/group/app/-/issues/12', project)).toBeUndefined();
  });

  it('says why issues cannot be created', () => {
    const base = { id: 1, path_with_namespace: 'group/app', name_with_namespace: '', web_url: '' };
    expect(cannotCreateReason({ ...base, issues_enabled: false })).toBe('Issues are turned off in group/app.');
    expect(cannotCreateReason({ ...base, archived: true })).toBe('group/app is archived on GitLab.');
    expect(cannotCreateReason({ ...base, issues_enabled: true })).toBeUndefined();
  });
});
