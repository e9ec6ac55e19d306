import { describe, expect, it } from 'vitest';
import { apiBaseFor, needsOptionalPermission, normalizeSentryUrl } from '@/lib/sentry/hosts';
import { normalizeGitlabProjectPath } from '@/lib/gitlab/project-path';

describe('Sentry URLs and hosts', () => {
  it.each([
    ['sentry.io', 'https://sentry.io'],
    ['https://sentry.io/', 'https://sentry.io'],
    ['https://sentry.example.com/api/0/', 'https://sentry.example.com'],
    ['https://example.com/sentry/', 'https://example.com/sentry'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizeSentryUrl(input)).toBe(expected);
  });

  it.each([[''], ['ftp://sentry.io'], ['https://user:pw@sentry.io'], ['https://exa mple.com']])('rejects %j', (input) => {
    expect(() => normalizeSentryUrl(input)).toThrow(/Sentry API URL|token|not a URL/);
  });

  it('follows sentry.io region URLs but never sends the token to another host', () => {
    expect(apiBaseFor('https://sentry.io', 'https://us.sentry.io')).toBe('https://us.sentry.io');
    expect(apiBaseFor('https://sentry.io', 'https://evil.example')).toBe('https://sentry.io');
    expect(apiBaseFor('https://sentry.example.com', 'https://us.sentry.io')).toBe('https://sentry.example.com');
    expect(apiBaseFor('https://sentry.example.com', '')).toBe('https://sentry.example.com');
    expect(apiBaseFor('https://sentry.example.com', 'http://sentry.example.com')).toBe('https://sentry.example.com');
  });

  it('asks for a host permission only off sentry.io', () => {
    expect(needsOptionalPermission('https://sentry.io')).toBe(false);
    expect(needsOptionalPermission('https://de.sentry.io')).toBe(false);
    expect(needsOptionalPermission('https://sentry.example.com')).toBe(true);
    expect(needsOptionalPermission('http://sentry.io')).toBe(true);
  });
});

describe('GitLab project paths', () => {
  it.each([
    ['group/app', 'group/app'],
    [' group/sub/app/ ', 'group/sub/app'],
    ['https://gitlab.com/group/app/-/issues/3', 'group/app'],
    ['https://gitlab.example.com/a.b/c-d.git', 'a.b/c-d'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeGitlabProjectPath(input)).toBe(expected);
  });

  it.each([['app'], ['group/<script>'], ['../etc'], ['']])('rejects %j', (input) => {
    expect(() => normalizeGitlabProjectPath(input)).toThrow(/full path/);
  });
});
