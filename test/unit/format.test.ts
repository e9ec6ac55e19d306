import { describe, expect, it } from 'vitest';
import { exactTime, formatCount, plural, relativeTime } from '@/lib/util/format';

const now = Date.parse('2026-11-21T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('format', () => {
  it.each([
    [10, 'just now'],
    [60, '1 minute ago'],
    [5 * 60, '5 minutes ago'],
    [59 * 60, '59 minutes ago'],
    [2 * 3600, '2 hours ago'],
    [26 * 3600, 'yesterday'],
    [3 * 86400, '3 days ago'],
    [14 * 86400, '2 weeks ago'],
    [90 * 86400, '3 months ago'],
    [800 * 86400, '2 years ago'],
    [-2 * 3600, 'in 2 hours'],
  ])('%i s before now reads %j', (seconds, text) => {
    expect(relativeTime(ago(seconds), now)).toBe(text);
  });

  it('says nothing for missing or broken dates', () => {
    expect(relativeTime(undefined, now)).toBe('');
    expect(relativeTime('not a date', now)).toBe('');
    expect(exactTime('nope')).toBe('');
  });

  it('gives exact local time', () => {
    expect(exactTime('2026-11-21T12:00:00Z')).toMatch(/^2026-11-2[01] \d\d:\d\d:00$/);
  });

  it('groups thousands and counts nouns', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(plural(1, 'event')).toBe('1 event');
    expect(plural(2000, 'user')).toBe('2,000 users');
  });
});
