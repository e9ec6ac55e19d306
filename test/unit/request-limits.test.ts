import { describe, expect, it } from 'vitest';
import { RequestSchema } from '@/lib/protocol/requests';

// The limits every request is held to, at their edges: each one just inside is accepted, just outside refused.
const accepts = (request: unknown) => RequestSchema.safeParse(request).success;

const listErrors = (query: Record<string, unknown>) => ({
  type: 'listErrors',
  linkId: 'link-1',
  query: { status: 'unresolved', sort: 'last_seen', search: '', ...query },
  source: 'cache',
});
const settings = (changes: Record<string, unknown>) => ({
  type: 'setNotificationSettings',
  settings: { newErrors: true, regressions: false, mutedLinks: [], quietFrom: '', quietUntil: '', ...changes },
});
const saveOptions = (pollMinutes: number) => ({ type: 'saveOptions', baseUrl: 'https://sentry.io', pollMinutes });

describe('request limits', () => {
  it('holds texts to their lengths', () => {
    expect(accepts(listErrors({ search: 'x'.repeat(500) }))).toBe(true);
    expect(accepts(listErrors({ search: 'x'.repeat(501) }))).toBe(false);
    expect(accepts({ type: 'removeLink', linkId: 'x'.repeat(2000) })).toBe(true);
    expect(accepts({ type: 'removeLink', linkId: 'x'.repeat(2001) })).toBe(false);
    expect(accepts(listErrors({ environment: 'x'.repeat(200) }))).toBe(true);
    expect(accepts(listErrors({ environment: 'x'.repeat(201) }))).toBe(false);
    expect(accepts(listErrors({ environment: '' }))).toBe(false);
  });

  it('holds lists to their lengths', () => {
    expect(accepts(settings({ mutedLinks: Array.from({ length: 500 }, () => 'link') }))).toBe(true);
    expect(accepts(settings({ mutedLinks: Array.from({ length: 501 }, () => 'link') }))).toBe(false);
    const issueErrors = (count: number) => ({ type: 'issueErrors', linkId: 'link-1', issueIid: 1, sentryUrls: Array(count).fill('u') });
    expect(accepts(issueErrors(20))).toBe(true);
    expect(accepts(issueErrors(21))).toBe(false);
  });

  it('holds numbers to their ranges', () => {
    expect([0, 1, 60, 61].map((minutes) => accepts(saveOptions(minutes)))).toEqual([false, true, true, false]);
    const mergeRequest = (iid: number) => ({ type: 'mergeRequestErrors', linkId: 'link-1', iid });
    expect([0, 1, 1.5, 2 ** 53].map((iid) => accepts(mergeRequest(iid)))).toEqual([false, true, false, false]);
  });

  it('holds texts to their patterns', () => {
    expect(['', '00:00', '23:59', '24:00', '9:30', '12:60'].map((time) => accepts(settings({ quietFrom: time })))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    const commit = (sha: string) => ({ type: 'commitErrors', linkId: 'link-1', sha });
    expect(['abc1234', 'ABC1234', 'abc123', 'abc123g'].map((sha) => accepts(commit(sha)))).toEqual([true, true, false, false]);
    const details = (errorId: string) => ({ type: 'getErrorDetails', linkId: 'link-1', errorId });
    expect(['1001', '../1', ''].map((errorId) => accepts(details(errorId)))).toEqual([true, false, false]);
  });
});
