import { describe, expect, it } from 'vitest';
import * as z from '@/lib/util/schema';
import { parseRemote } from '@/lib/remote/parse';

// lib/util/schema.ts parses as zod/mini 4.6 did (it replaced it): what is kept, dropped, made, and reported.

const issueOf = (result: z.SafeParseResult<unknown>) => (result.success ? undefined : result.error.issues[0]);

describe('schemas', () => {
  it('keep only the keys an object names, in its order', () => {
    const schema = z.object({ b: z.number(), a: z.string() });
    const parsed = schema.safeParse({ a: 'x', extra: true, b: 1 });
    expect(parsed).toEqual({ success: true, data: { b: 1, a: 'x' } });
    expect(Object.keys(parsed.success ? parsed.data : {})).toEqual(['b', 'a']);
  });

  it('leave an absent optional key out, keep a present undefined, and fill a transform’s value in', () => {
    const schema = z.object({
      optional: z.optional(z.string()),
      text: z.pipe(
        z.optional(z.nullable(z.string())),
        z.transform((v) => v ?? ''),
      ),
      maybe: z.pipe(
        z.optional(z.unknown()),
        z.transform(() => undefined),
      ),
    });
    const absent = schema.safeParse({});
    expect(absent.success && Object.entries(absent.data)).toEqual([['text', '']]);
    const present = schema.safeParse({ optional: undefined, maybe: 1 });
    expect(present.success && Object.entries(present.data)).toEqual([
      ['optional', undefined],
      ['text', ''],
      ['maybe', undefined],
    ]);
  });

  it('refuse a required key that is absent, even where undefined would pass', () => {
    expect(issueOf(z.object({ data: z.unknown() }).safeParse({}))).toMatchObject({ path: ['data'], message: 'Invalid input' });
    expect(z.object({ data: z.unknown() }).safeParse({ data: undefined }).success).toBe(true);
  });

  it('take the first option of a union that matches', () => {
    const schema = z.union([z.pipe(z.number(), z.transform(String)), z.string()]);
    expect(schema.safeParse(7)).toEqual({ success: true, data: '7' });
    expect(issueOf(schema.safeParse(true))).toMatchObject({ path: [], message: 'Invalid input' });
  });

  it('report the first issue with the path to it', () => {
    const schema = z.object({ list: z.array(z.object({ id: z.string().check(z.minLength(1)) })), other: z.string() });
    expect(issueOf(schema.safeParse({ list: [{ id: 'a' }, { id: '' }], other: 1 }))).toMatchObject({
      path: ['list', 1, 'id'],
      message: 'Invalid input',
    });
    expect(() => parseRemote(schema, { list: [{}] }, 'Sentry', 'list the errors')).toThrow(
      'Sentry sent an unexpected answer when asked to list the errors at list.0.id: Invalid input.',
    );
  });

  it('read numbers as finite and ints as safe integers', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '1']) expect(z.number().safeParse(value).success).toBe(false);
    expect([1, 1.5, 2 ** 53].map((value) => z.int().safeParse(value).success)).toEqual([true, false, false]);
    expect([0, 1, 60, 61].map((value) => z.number().check(z.gte(1), z.lte(60)).safeParse(value).success)).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('check strings and lists by length and pattern', () => {
    const sha = z.string().check(z.regex(/^[0-9a-f]{7}$/g));
    expect([sha.safeParse('abcdef1').success, sha.safeParse('abcdef1').success, sha.safeParse('abcdefg').success]).toEqual([
      true,
      true,
      false,
    ]);
    expect(z.array(z.string()).check(z.maxLength(2)).safeParse(['a', 'b', 'c']).success).toBe(false);
  });

  it('pick a discriminated union’s option by its literal', () => {
    const schema = z.discriminatedUnion('action', [
      z.object({ action: z.literal('resolve') }),
      z.object({ action: z.literal('ignore'), duration: z.enum(['forever', '1h']) }),
    ]);
    expect(schema.safeParse({ action: 'ignore', duration: '1h', extra: 1 })).toEqual({
      success: true,
      data: { action: 'ignore', duration: '1h' },
    });
    expect(issueOf(schema.safeParse({ action: 'delete' }))).toMatchObject({ path: ['action'], message: 'Invalid input' });
    expect(schema.safeParse({ action: 'ignore', duration: 'week' }).success).toBe(false);
  });

  it('read tuples of their exact length, records of plain objects, and extended objects', () => {
    const point = z.tuple([z.number(), z.number()]);
    expect([[1, 2], [1], [1, 2, 3]].map((value) => point.safeParse(value).success)).toEqual([true, false, false]);
    const counts = z.record(z.string(), z.number());
    expect(counts.safeParse({ 'is:unresolved': 3 })).toEqual({ success: true, data: { 'is:unresolved': 3 } });
    expect([[], new Date(), { a: '1' }].map((value) => counts.safeParse(value).success)).toEqual([false, false, false]);
    const extended = z.extend(z.object({ id: z.string() }), { title: z.string() });
    expect(extended.safeParse({ id: '1', title: 't', more: 1 })).toEqual({ success: true, data: { id: '1', title: 't' } });
  });
});
