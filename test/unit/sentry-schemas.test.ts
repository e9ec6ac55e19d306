import { describe, expect, it } from 'vitest';
import { SentryIssue, SentryIssueList, SentryOrganizationList, SentryProjectList } from '@/lib/sentry/schemas';
import { toErrorSummary } from '@/lib/sentry/map';
import { readJsonFixture } from '../support/fixtures';

describe('Sentry payloads from the fixtures parse', () => {
  it.each([
    ['sentry/organization-issues.list.json'],
    ['sentry/project-issues.list.json'],
    ['gitlab-sentry/issues_sample_response.json'],
    ['gitlab-sentry/error_list_search_response.json'],
  ])('%s as an issue list', (file) => {
    const raw = readJsonFixture<unknown[]>(file);
    const parsed = SentryIssueList.parse(raw);
    expect(parsed).toHaveLength(raw.length);
    for (const issue of parsed.map((each) => toErrorSummary(each, 'https://sentry.io'))) {
      expect(issue.title).not.toBe('');
      expect(typeof issue.count).toBe('number');
      expect(Number.isInteger(issue.userCount)).toBe(true);
    }
  });

  it.each([['sentry/issue.details.json'], ['gitlab-sentry/issue_sample_response.json']])('%s as one issue', (file) => {
    const issue = toErrorSummary(SentryIssue.parse(readJsonFixture(file)), 'https://sentry.io');
    expect(issue.id).toMatch(/^\d+$/);
    expect(issue.count).toBeGreaterThanOrEqual(0);
  });

  it('the short-id lookup carries a parseable issue', () => {
    const lookup = readJsonFixture<{ group: unknown }>('sentry/shortid.lookup.json');
    expect(SentryIssue.parse(lookup.group).shortId).not.toBe('');
  });

  it.each([['sentry/projects.list.json'], ['gitlab-sentry/list_projects_sample_response.json']])('%s as a project list', (file) => {
    const projects = SentryProjectList.parse(readJsonFixture(file));
    expect(projects.length).toBeGreaterThan(0);
    expect(projects.every((project) => project.slug.length > 0)).toBe(true);
  });

  it('organizations keep their region URL', () => {
    const [org] = SentryOrganizationList.parse(readJsonFixture('sentry/organizations.list.json'));
    expect(org?.links?.regionUrl).toBe('https://us.sentry.io');
  });
});

describe('lenient where Sentry varies, strict where it matters', () => {
  const base = { id: '1', title: 'Boom' };

  it('reads count as a string or a number, and missing counts as 0', () => {
    const count = (value: unknown) => toErrorSummary(SentryIssue.parse({ ...base, count: value }), 'https://sentry.io').count;
    expect(count('150')).toBe(150);
    expect(count(7)).toBe(7);
    expect(count(null)).toBe(0);
    expect(count('many')).toBe(0);
  });

  it('turns null culprits and dates into empty values', () => {
    const summary = toErrorSummary(SentryIssue.parse({ ...base, culprit: null, lastSeen: null }), 'https://sentry.io');
    expect(summary.culprit).toBe('');
    expect(summary.lastSeen).toBeUndefined();
  });

  it('rejects an issue without a title', () => {
    expect(SentryIssue.safeParse({ id: '1' }).success).toBe(false);
  });

  it('keeps only http(s) permalinks', () => {
    const summary = (permalink: unknown) => toErrorSummary(SentryIssue.parse({ ...base, permalink }), 'https://sentry.io').permalink;
    expect(summary('https://sentry.io/issues/1/')).toBe('https://sentry.io/issues/1/');
    expect(summary('javascript:alert(1)')).toBe('');
    expect(summary('35.228.54.90/sentry/internal/issues/11/')).toBe('');
  });

  it('keeps only permalinks to the configured Sentry', () => {
    const summary = (permalink: string, sentry: string) => toErrorSummary(SentryIssue.parse({ ...base, permalink }), sentry).permalink;
    expect(summary('https://acme.sentry.io/issues/1/', 'https://sentry.io')).toBe('https://acme.sentry.io/issues/1/');
    expect(summary('https://evil.example/issues/1/', 'https://sentry.io')).toBe('');
    expect(summary('https://sentry.io.evil.example/issues/1/', 'https://sentry.io')).toBe('');
    expect(summary('http://acme.sentry.io/issues/1/', 'https://sentry.io')).toBe('');
    expect(summary('https://sentry.example.com/org/issues/1/', 'https://sentry.example.com')).toBe(
      'https://sentry.example.com/org/issues/1/',
    );
    expect(summary('https://acme.sentry.io/issues/1/', 'https://sentry.example.com')).toBe('');
  });
});
