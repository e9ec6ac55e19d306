import { describe, expect, it } from 'vitest';
import { notificationOptions } from '@/lib/background/notifications/compose';
import { detectChanges, LATE_ARRIVAL_MS, sawResolved, userChangedStatus } from '@/lib/background/notifications/detect';
import { planNotifications, type PlanInput } from '@/lib/background/notifications/plan';
import type { ErrorPage, ErrorSummary } from '@/lib/domain/model';
import { hasQuietHours, isQuietAt } from '@/lib/domain/quiet-hours';
import { DEFAULT_NOTIFICATION_SETTINGS, type LinkWatch } from '@/lib/store/notifications';

const T0 = Date.UTC(2026, 11, 1, 12, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;

function error(id: string, firstSeen: number, more: Partial<ErrorSummary> = {}): ErrorSummary {
  return {
    id,
    shortId: `APP-${id}`,
    title: `Error ${id}`,
    culprit: '',
    permalink: `https://acme.sentry.io/issues/${id}/`,
    level: 'error',
    status: 'unresolved',
    count: 1,
    userCount: 1,
    firstSeen: iso(firstSeen),
    lastSeen: iso(Math.max(firstSeen, T0)),
    ...more,
  };
}
const page = (errors: ErrorSummary[], nextCursor?: string): ErrorPage => ({ errors, nextCursor });
const ids = (errors: ErrorSummary[]) => errors.map((e) => e.id);

/** Polls in turn, each page against what the previous ones recorded. */
function pollSeries(pages: ErrorPage[], start: LinkWatch | undefined = undefined) {
  let watch = start;
  return pages.map((p, i) => {
    const result = detectChanges(watch, p, T0 + i * 2 * MINUTE);
    watch = result.watch;
    return result;
  });
}

describe('new errors', () => {
  it('records what exists at the first poll and reports nothing, whatever is on the page', () => {
    const [first] = pollSeries([page([error('1', T0 - 5 * MINUTE, { regressed: true }), error('2', T0 - 86_400_000)])]);
    expect(first!.fresh).toEqual([]);
    expect(first!.regressed).toEqual([]);
    expect(first!.watch.since).toBeDefined();
  });

  it('reports an error first seen after the last poll once, and never again', () => {
    const old = error('1', T0 - 86_400_000);
    const fresh = error('2', T0 + MINUTE);
    const [, second, third, fourth] = pollSeries([page([old]), page([fresh, old]), page([fresh, old]), page([old, fresh])]);
    expect(ids(second!.fresh)).toEqual(['2']);
    expect(third!.fresh).toEqual([]);
    expect(fourth!.fresh).toEqual([]);
  });

  it('counts an old error that comes back to the top of the list as nothing new', () => {
    // Not on the first page (101st by last seen), first seen well before the first poll.
    const quietOld = error('9', T0 - 2 * 86_400_000, { lastSeen: iso(T0 + 3 * MINUTE) });
    const [, second] = pollSeries([page([error('1', T0 - 3 * 86_400_000)], 'next'), page([quietOld])]);
    expect(second!.fresh).toEqual([]);
  });

  it('still reports an error whose first event reached the server a little late', () => {
    const lastActivity = T0;
    const late = error('5', lastActivity - LATE_ARRIVAL_MS / 2);
    const [, second] = pollSeries([page([error('1', T0 - 86_400_000, { lastSeen: iso(lastActivity) })]), page([late])]);
    expect(ids(second!.fresh)).toEqual(['5']);
  });

  it('keeps what it records bounded', () => {
    const many = Array.from({ length: 100 }, (_, i) => error(String(i), T0 + MINUTE + i));
    const pages = [page([]), ...Array.from({ length: 5 }, (_, round) => page(many.map((e) => ({ ...e, id: `${round}-${e.id}` }))))];
    const results = pollSeries(pages);
    expect(Object.keys(results.at(-1)!.watch.recent).length).toBeLessThanOrEqual(200);
  });
});

describe('regressions', () => {
  it('reports an error the backend marks regressed once, not the ones regressed before the first poll', () => {
    const before = error('1', T0 - 86_400_000, { regressed: true });
    const later = error('2', T0 - 86_400_000, { regressed: true });
    const [, second, third] = pollSeries([page([before]), page([later, before]), page([later, before])]);
    expect(ids(second!.regressed)).toEqual(['2']);
    expect(third!.regressed).toEqual([]);
  });

  it('reports an error this extension saw resolved that is unresolved again, without the backend saying so', () => {
    const [first] = pollSeries([page([])]);
    const watch = sawResolved(first!.watch, [{ id: '7', status: 'resolved' }]);
    const [back] = pollSeries([page([error('7', T0 - 86_400_000)])], watch);
    expect(ids(back!.regressed)).toEqual(['7']);
    expect(back!.watch.resolved).toEqual([]);
  });

  it('takes the user’s own Undo of a Resolve for no regression', () => {
    const [first] = pollSeries([page([])]);
    let watch = userChangedStatus(first!.watch, { id: '7', status: 'resolved' });
    watch = userChangedStatus(watch, { id: '7', status: 'unresolved' });
    const [after] = pollSeries([page([error('7', T0 - 86_400_000)])], watch);
    expect(after!.regressed).toEqual([]);
  });

  it('tells a second regression after the first one ended', () => {
    const regressed = error('3', T0 - 86_400_000, { regressed: true });
    const ongoing = { ...regressed, regressed: false };
    const [, told, movedOn, again] = pollSeries([page([]), page([regressed]), page([ongoing]), page([regressed])]);
    expect(ids(told!.regressed)).toEqual(['3']);
    expect(movedOn!.regressed).toEqual([]);
    expect(ids(again!.regressed)).toEqual(['3']);
  });

  it('is never both new and regressed', () => {
    const [, second] = pollSeries([page([]), page([error('4', T0 + MINUTE, { regressed: true })])]);
    expect(ids(second!.fresh)).toEqual(['4']);
    expect(second!.regressed).toEqual([]);
  });
});

describe('quiet hours', () => {
  const at = (hours: number, minutes: number) => new Date(2026, 11, 1, hours, minutes);

  it('covers the window within a day', () => {
    expect(isQuietAt(at(12, 0), '09:00', '17:00')).toBe(true);
    expect(isQuietAt(at(9, 0), '09:00', '17:00')).toBe(true);
    expect(isQuietAt(at(17, 0), '09:00', '17:00')).toBe(false);
    expect(isQuietAt(at(8, 59), '09:00', '17:00')).toBe(false);
  });

  it('runs across midnight when the end is before the start', () => {
    expect(isQuietAt(at(23, 30), '22:00', '07:00')).toBe(true);
    expect(isQuietAt(at(0, 0), '22:00', '07:00')).toBe(true);
    expect(isQuietAt(at(6, 59), '22:00', '07:00')).toBe(true);
    expect(isQuietAt(at(7, 0), '22:00', '07:00')).toBe(false);
    expect(isQuietAt(at(12, 0), '22:00', '07:00')).toBe(false);
    expect(isQuietAt(at(21, 59), '22:00', '07:00')).toBe(false);
  });

  it('is no window with a time missing, or the same time twice', () => {
    expect(isQuietAt(at(12, 0), '', '17:00')).toBe(false);
    expect(isQuietAt(at(12, 0), '12:00', '12:00')).toBe(false);
    expect(hasQuietHours('22:00', '')).toBe(false);
    expect(hasQuietHours('22:00', '07:00')).toBe(true);
  });
});

describe('what is shown', () => {
  const on = { ...DEFAULT_NOTIFICATION_SETTINGS, newErrors: true, regressions: true };
  const input = (more: Partial<PlanInput>): PlanInput => ({
    linkId: 'l1',
    project: 'group/app',
    fresh: [],
    regressed: [],
    held: undefined,
    settings: on,
    at: new Date(2026, 11, 1, 12, 0),
    ...more,
  });
  const fresh = (n: number) => Array.from({ length: n }, (_, i) => error(String(i + 1), T0 + i));

  it('shows up to three errors one by one, with the error to open', () => {
    const { show } = planNotifications(input({ fresh: fresh(3), regressed: [error('9', T0)] }));
    expect(show.map((n) => [n.kind, n.title, n.message])).toEqual([
      ['new', 'New error in group/app', 'Error 1'],
      ['new', 'New error in group/app', 'Error 2'],
      ['new', 'New error in group/app', 'Error 3'],
      ['regressed', 'Regressed in group/app', 'Error 9'],
    ]);
    expect(show[0]!.error?.id).toBe('1');
  });

  it('sums up more than three of a kind in one notification', () => {
    const { show } = planNotifications(input({ fresh: fresh(5) }));
    expect(show).toHaveLength(1);
    expect(show[0]).toMatchObject({
      kind: 'summary',
      title: '5 new errors in group/app',
      message: 'Error 1\nError 2\nError 3\nand 2 more',
    });
    expect(show[0]!.error).toBeUndefined();
  });

  it('leaves out what the user turned off: a kind, or a link', () => {
    expect(planNotifications(input({ fresh: fresh(1), settings: { ...on, newErrors: false } })).show).toEqual([]);
    expect(planNotifications(input({ fresh: fresh(1), settings: { ...on, mutedLinks: ['l1'] } })).show).toEqual([]);
    expect(planNotifications(input({ fresh: fresh(1), settings: { ...on, mutedLinks: ['other'] } })).show).toHaveLength(1);
  });

  it('shows nothing during quiet hours across midnight, then one summary of what came meanwhile', () => {
    const settings = { ...on, quietFrom: '22:00', quietUntil: '07:00' };
    const night = planNotifications(input({ fresh: fresh(2), settings, at: new Date(2026, 11, 1, 23, 30) }));
    expect(night.show).toEqual([]);
    const later = planNotifications(input({ regressed: [error('9', T0)], held: night.held, settings, at: new Date(2026, 11, 2, 3, 0) }));
    expect(later.show).toEqual([]);
    expect(later.held).toEqual({ new: 2, regressed: 1 });
    const morning = planNotifications(input({ fresh: fresh(1), held: later.held, settings, at: new Date(2026, 11, 2, 7, 0) }));
    expect(morning.show.map((n) => [n.kind, n.title])).toEqual([['summary', '3 new errors and 1 regressed error in group/app']]);
    expect(morning.held).toBeUndefined();
  });
});

describe('notification options', () => {
  const planned = {
    id: 'regressed:l1:9',
    kind: 'regressed' as const,
    title: 'Regressed in group/app',
    message: 'Error 9',
    error: error('9', T0),
  };

  it('gives Chrome Resolve and Ignore buttons, and keeps a regression until the user acts', () => {
    expect(notificationOptions(planned, { iconUrl: 'icon.png', extras: true })).toEqual({
      type: 'basic',
      title: 'Regressed in group/app',
      message: 'Error 9',
      iconUrl: 'icon.png',
      buttons: [{ title: 'Resolve' }, { title: 'Ignore' }],
      requireInteraction: true,
    });
  });

  it('gives Firefox only what it shows: type, title, message and icon', () => {
    expect(notificationOptions(planned, { iconUrl: 'icon.png', extras: false })).toEqual({
      type: 'basic',
      title: 'Regressed in group/app',
      message: 'Error 9',
      iconUrl: 'icon.png',
    });
  });

  it('gives a summary no buttons: there is no one error to act on', () => {
    const summary = { id: 's', kind: 'summary' as const, title: '5 new errors in group/app', message: '…' };
    expect(notificationOptions(summary, { iconUrl: 'icon.png', extras: true })).not.toHaveProperty('buttons');
  });
});
