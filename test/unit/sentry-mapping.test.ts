import { describe, expect, it } from 'vitest';
import { SentryEventShape } from '@/lib/sentry/event';
import { toErrorDetails, toErrorEvent } from '@/lib/sentry/map';
import { SentryIssueDetails } from '@/lib/sentry/schemas';
import { statusBody } from '@/lib/sentry/client';
import { readJsonFixture } from '../support/fixtures';

const readEvent = (raw: unknown) => toErrorEvent(SentryEventShape.parse(raw));

describe('latest event parsing', () => {
  it('reads the big Ruby event: two chained exceptions, newest first, innermost frame first', () => {
    const event = readEvent(readJsonFixture('gitlab-sentry/issue_latest_event_sample_response.json'));
    expect(event.exceptions.map((e) => e.type)).toEqual(['ActiveRecord::NoDatabaseError', 'PG::ConnectionBad']);
    const [outer, cause] = event.exceptions;
    expect(outer!.frames).toHaveLength(51);
    expect(cause!.frames).toHaveLength(53);
    // The raising frame comes first: pg.rb's connect, line 56, with its context line.
    expect(cause!.frames[0]).toMatchObject({ file: 'pg.rb', function: 'initialize', line: 56, inApp: false });
    expect(cause!.frames[0]!.context.find((l) => l.line === 56)?.code).toBe('\t\treturn PG::Connection.new( *args )');
    expect(event.tags).toContainEqual({ key: 'environment', value: 'development' });
    expect(event.release).toBe('b56ae26');
  });

  it('reads Sentry’s example event', () => {
    const event = readEvent(readJsonFixture('sentry/issue.latest-event.json'));
    expect(event.exceptions.length).toBeGreaterThan(0);
    expect(event.exceptions[0]!.frames.every((frame) => frame.file.length > 0)).toBe(true);
    expect(event.tags).toContainEqual({ key: 'environment', value: 'prod' });
  });

  it('has no exceptions for the event without a stack', () => {
    const event = readEvent(readJsonFixture('gitlab-sentry/issue_latest_event_no_stack_sample_response.json'));
    expect(event.exceptions.every((e) => e.frames.length === 0)).toBe(true);
  });

  it('reads every event in the events list example', () => {
    const events = readJsonFixture<unknown[]>('sentry/issue.events.list.json');
    for (const raw of events) expect(readEvent(raw).id).not.toBe('');
  });

  it('survives nulls, unknown entries, odd frames and huge traces', () => {
    const frames = [
      null,
      { filename: null, function: 7, lineNo: 'x', context: [[1, 'a'], 'junk', [2, null]] },
      ...Array.from({ length: 400 }, (_, i) => ({ filename: `f${i}.js`, lineNo: i, inApp: i % 2 === 0 })),
    ];
    const event = readEvent({
      entries: [
        { type: 'spans', data: { anything: true } },
        { type: 'exception', data: { values: [{ type: null, value: null, stacktrace: { frames } }, 'bad'] } },
        { nope: 1 },
      ],
      tags: [{ key: 'os', value: 'Linux' }, { key: 1 }, null],
    });
    const [exception] = event.exceptions;
    expect(exception!.type).toBe('Error');
    expect(exception!.frames).toHaveLength(250);
    expect(exception!.framesOmitted).toBe(151);
    expect(exception!.frames[0]!.file).toBe('f399.js');
    expect(event.tags).toEqual([{ key: 'os', value: 'Linux' }]);
  });

  it('falls back to a thread’s stack trace', () => {
    const event = readEvent({
      entries: [
        { type: 'threads', data: { values: [{ name: 'main', crashed: true, stacktrace: { frames: [{ filename: 'a.c', lineNo: 3 }] } }] } },
      ],
    });
    expect(event.exceptions[0]).toMatchObject({ type: 'Thread', value: 'main', frames: [{ file: 'a.c', line: 3 }] });
  });
});

describe('issue details', () => {
  it.each([['sentry/issue.details.json'], ['gitlab-sentry/issue_sample_response.json']])('%s gives releases and 24h stats', (file) => {
    const issue = SentryIssueDetails.parse(readJsonFixture(file));
    expect(toErrorDetails(issue, 'https://sentry.io').frequency.length).toBeGreaterThan(0);
    expect(issue.firstRelease === null || typeof issue.firstRelease?.version === 'string').toBe(true);
  });
});

describe('status bodies', () => {
  it('ignores forever unless told otherwise, as Sentry’s UI does', () => {
    expect(statusBody({ action: 'ignore', duration: 'forever' })).toEqual({
      status: 'ignored',
      substatus: 'archived_forever',
      statusDetails: {},
    });
    expect(statusBody({ action: 'ignore', duration: '60' })).toMatchObject({ status: 'ignored', statusDetails: { ignoreDuration: 60 } });
    expect(statusBody({ action: 'resolve' })).toMatchObject({ status: 'resolved' });
    expect(statusBody({ action: 'unresolve' })).toMatchObject({ status: 'unresolved' });
  });
});
