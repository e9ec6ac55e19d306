import { describe, expect, it, vi } from 'vitest';
import { parseCursorLinks } from '@/lib/sentry/link-header';
import { searchQuery, sortParam } from '@/lib/sentry/query';
import { RateLimitGate } from '@/lib/sentry/rate-limit';
import { nextBackoff } from '@/lib/background/badge/poll';

describe('Link header', () => {
  it('keeps cursors that have results', () => {
    const header =
      '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
      '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"';
    expect(parseCursorLinks(header)).toEqual({ next: '0:100:0' });
  });

  it('reads both directions in the middle of a list', () => {
    const header = '<u>; rel="previous"; results="true"; cursor="0:0:1", <u>; rel="next"; results="true"; cursor="0:200:0"';
    expect(parseCursorLinks(header)).toEqual({ previous: '0:0:1', next: '0:200:0' });
  });

  it('has nothing to say about a missing header', () => {
    expect(parseCursorLinks(null)).toEqual({});
  });
});

describe('issue search query', () => {
  it('maps sorts to Sentry parameters', () => {
    expect([sortParam('last_seen'), sortParam('first_seen'), sortParam('frequency')]).toEqual(['date', 'new', 'freq']);
  });

  it('puts the status first and plain text after it', () => {
    expect(searchQuery({ status: 'ignored', search: '  TypeError   x ' })).toBe('is:ignored TypeError x');
    expect(searchQuery({ status: 'unresolved', search: '' })).toBe('is:unresolved');
  });

  it('quotes text that looks like search syntax', () => {
    expect(searchQuery({ status: 'unresolved', search: 'is:resolved' })).toBe('is:unresolved "is:resolved"');
    expect(searchQuery({ status: 'resolved', search: 'say "hi"' })).toBe('is:resolved "say \\"hi\\""');
  });
});

describe('rate-limit gate', () => {
  const headers = (values: Record<string, string>) => new Headers(values);

  it('closes until the reset time once nothing remains', async () => {
    let now = 1_000_000;
    const gate = new RateLimitGate(() => now);
    gate.observe('sentry.io', 200, headers({ 'x-sentry-rate-limit-remaining': '0', 'x-sentry-rate-limit-reset': String(now / 1000 + 60) }));
    await expect(gate.pass('sentry.io')).rejects.toMatchObject({ kind: 'rate-limited' });
    await expect(gate.pass('other.example')).resolves.toBeUndefined();
    now += 61_000;
    await expect(gate.pass('sentry.io')).resolves.toBeUndefined();
  });

  it('waits out a block of a moment instead of failing', async () => {
    const now = 1_000_000;
    const gate = new RateLimitGate(() => now);
    gate.observe('sentry.io', 429, headers({ 'x-sentry-rate-limit-reset': String(now / 1000 + 1) }));
    const sleep = vi.fn(async () => undefined);
    await gate.pass('sentry.io', sleep);
    expect(sleep).toHaveBeenCalledWith(1000);
  });

  it('backs off a minute on a 429 that says nothing about when', async () => {
    const now = 1_000_000;
    const gate = new RateLimitGate(() => now);
    expect(gate.observe('sentry.io', 429, headers({}))).toBe(now + 60_000);
  });

  describe('with a local clock hours off', () => {
    const SERVER_NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
    const HOURS = 3 * 3_600_000;
    const serverHeaders = (resetInSeconds: number, extra: Record<string, string> = {}) =>
      headers({
        date: new Date(SERVER_NOW).toUTCString(),
        'x-sentry-rate-limit-remaining': '0',
        'x-sentry-rate-limit-reset': String(SERVER_NOW / 1000 + resetInSeconds),
        ...extra,
      });

    it.each([
      ['behind', -HOURS],
      ['ahead', HOURS],
    ])('waits the server’s minute when the local clock is 3 hours %s', async (_label, offset) => {
      let now = SERVER_NOW + offset;
      const gate = new RateLimitGate(() => now);
      gate.observe('sentry.io', 200, serverHeaders(60));
      await expect(gate.pass('sentry.io')).rejects.toMatchObject({ kind: 'rate-limited', retryAt: now + 60_000 });
      now += 61_000;
      await expect(gate.pass('sentry.io')).resolves.toBeUndefined();
    });

    it('a 429 waits the server’s time too', () => {
      const now = SERVER_NOW - HOURS;
      const gate = new RateLimitGate(() => now);
      expect(gate.observe('sentry.io', 429, serverHeaders(30))).toBe(now + 30_000);
      const retryAt = new Date(SERVER_NOW + 45_000).toUTCString();
      expect(gate.observe('sentry.io', 429, headers({ date: new Date(SERVER_NOW).toUTCString(), 'retry-after': retryAt }))).toBe(
        now + 45_000,
      );
    });

    it('never closes for more than 10 minutes', () => {
      const now = SERVER_NOW;
      const gate = new RateLimitGate(() => now);
      expect(gate.observe('sentry.io', 429, serverHeaders(5 * 3600))).toBe(now + 10 * 60_000);
      expect(gate.observe('sentry.io', 429, headers({ 'retry-after': String(86_400) }))).toBe(now + 10 * 60_000);
    });
  });

  it('poll backoff honours a retry time only up to 30 minutes', () => {
    const now = 1_000_000;
    const failure = { kind: 'rate-limited' as const, message: '', retryAt: now + 5 * 3_600_000 };
    expect(nextBackoff(0, failure, 2, now).until).toBe(now + 30 * 60_000);
  });

  it('honours Retry-After', () => {
    const now = 1_000_000;
    const gate = new RateLimitGate(() => now);
    expect(gate.observe('sentry.io', 429, headers({ 'retry-after': '120' }))).toBe(now + 120_000);
  });
});
