import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ErrorRowsPanel } from '@/components/panels/shared/ErrorRowsPanel';
import { ErrorRow } from '@/components/shared/ErrorRow';
import type { ErrorSummary } from '@/lib/domain/model';
import { hourlyEventsOf, isRising, risingFirst } from '@/lib/domain/trend';
import { toErrorSummary } from '@/lib/sentry/map';
import { SentryIssue } from '@/lib/sentry/schemas';
import { readJsonFixture } from '../support/fixtures';
import { makeIssues } from './support/fake-sentry';
import { renderPopup } from './support/popup';
import { linkSentryProject } from './support/setup';
import { summaryOf } from './support/summaries';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const HOUR = 3600;
const START = 1_796_000_400;
/** `[unix seconds, count]` points an hour apart, oldest first, as Sentry's stats['24h']. */
const points = (counts: number[]): Array<[number, number]> => counts.map((count, i) => [START + i * HOUR, count]);
/** 21 quiet hours of `base` events, then the last 3 hours. */
const day = (base: number, lastThree: [number, number, number]) => [...Array<number>(21).fill(base), ...lastThree];

/** The list example's first issue, parsed as the client parses it, with `stats` as given (undefined: none). */
function listIssue(stats: unknown): SentryIssue {
  const [example] = readJsonFixture<Array<Record<string, unknown>>>('sentry/organization-issues.list.json');
  const raw = { ...example };
  if (stats === undefined) delete raw.stats;
  else raw.stats = stats;
  return SentryIssue.parse(raw);
}

describe('a row’s 24 hours from the list’s stats', () => {
  it('reads Sentry’s hourly buckets, oldest first', () => {
    const [example] = readJsonFixture<Array<{ stats: { '24h': Array<[number, number]> } }>>('sentry/organization-issues.list.json');
    const summary = toErrorSummary(listIssue(example!.stats), 'https://sentry.io');
    expect(summary.hourlyEvents).toEqual(example!.stats['24h'].map(([, count]) => count));
    expect(summary.hourlyEvents).toHaveLength(24);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['without 24h', {}],
    ['empty', { '24h': [] }],
    ['only malformed points', { '24h': [['x', 1], [1], null, [START, -1], [START, 'many']] }],
  ])('leaves a row without a sparkline when the stats are %s', (_, stats) => {
    const summary = toErrorSummary(listIssue(stats), 'https://sentry.io');
    expect('hourlyEvents' in summary).toBe(false);
  });

  it('keeps all-zero hours: no events is something known', () => {
    expect(toErrorSummary(listIssue({ '24h': points(Array(24).fill(0)) }), 'https://sentry.io').hourlyEvents).toEqual(Array(24).fill(0));
  });

  it('drops malformed points only, and orders the rest by time', () => {
    const shuffled: unknown[] = [
      [START + 2 * HOUR, 3],
      ['x', 9],
      [START, 1],
      [START + HOUR, Number.NaN],
      [START + HOUR, 2],
    ];
    expect(toErrorSummary(listIssue({ '24h': shuffled }), 'https://sentry.io').hourlyEvents).toEqual([1, 2, 3]);
  });

  it('caps absurd counts so sums stay exact integers', () => {
    const hourly = hourlyEventsOf(points([1e300, 2 ** 60, 5]))!;
    expect(hourly).toEqual([2 ** 48, 2 ** 48, 5]);
    expect(Number.isSafeInteger(hourly.reduce((a, b) => a + b, 0))).toBe(true);
  });
});

describe('the rising rule: last 3 hours ≥ 3× the 24-hour hourly average, and ≥ 10 events', () => {
  it.each([
    ['10 events, all in the last 3 hours', day(0, [3, 3, 4]), true],
    ['9 events, all in the last 3 hours', day(0, [3, 3, 3]), false],
    ['exactly 3× the average (5 an hour, then 63)', day(5, [21, 21, 21]), true],
    ['just under 3× the average (5 an hour, then 62)', day(5, [20, 21, 21]), false],
    ['13 over a quiet hour each (just over 3×)', day(1, [4, 4, 5]), true],
    ['12 over a quiet hour each (just under 3×)', day(1, [4, 4, 4]), false],
    ['a steady 100 an hour', day(100, [100, 100, 100]), false],
    ['a spike that has passed', [...day(0, [0, 0, 0]).slice(0, 20), 500, 0, 0, 0], false],
    ['all zero', day(0, [0, 0, 0]), false],
    ['huge and rising', day(2 ** 40, [2 ** 44, 2 ** 44, 2 ** 44]), true],
  ])('%s → %s', (_, hourly, rising) => {
    expect(isRising(hourly)).toBe(rising);
  });

  it('knows nothing without hours, or with no more than the last 3', () => {
    expect(isRising(undefined)).toBe(false);
    expect(isRising([])).toBe(false);
    expect(isRising([50, 50, 50])).toBe(false);
  });
});

/** Charts are drawn after the rows' frame is painted. */
const afterAFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 10)));

const row = (id: string, hourlyEvents?: number[]) =>
  summaryOf(id, { count: 500, userCount: 3, lastSeen: '2026-11-01T00:00:00Z', ...(hourlyEvents && { hourlyEvents }) });

describe('Trending over one page', () => {
  it('puts rising errors first, sharpest first, and keeps the server’s order for the rest', () => {
    const page = [
      row('steady', day(10, [10, 10, 10])),
      row('mild', day(1, [10, 10, 10])),
      row('none'),
      row('sharp', day(0, [10, 20, 30])),
      row('quiet', day(0, [0, 0, 0])),
    ];
    expect(risingFirst(page).map((e) => e.id)).toEqual(['sharp', 'mild', 'steady', 'none', 'quiet']);
  });

  it('leaves a page with nothing rising as it was', () => {
    const page = [row('a', day(3, [3, 3, 3])), row('b')];
    expect(risingFirst(page)).toBe(page);
  });
});

describe("a row's sparkline", () => {
  const renderSparkline = (hourly: number[]) =>
    render(
      <ul aria-label="Errors">
        <ErrorRow error={row('s', hourly)} now={Date.parse('2026-11-01T01:00:00Z')} onOpen={() => undefined} />
      </ul>,
    );

  it.each([
    [[0, 0, 1], '1 event in the last 24 hours'],
    [Array(24).fill(0), '0 events in the last 24 hours'],
    [day(50, [100, 200, 300]), '1,650 events in the last 24 hours'],
    [Array(24).fill(2 ** 48), '6,755,399,441,055,744 events in the last 24 hours'],
  ])('%j is named "%s"', async (hourly, name) => {
    renderSparkline(hourly);
    expect(await screen.findByRole('img', { name })).toBeTruthy();
  });

  it('draws one path for all bars, and none when every hour is zero', async () => {
    const { container, rerender } = renderSparkline(day(1, [4, 4, 5]));
    await screen.findByRole('img');
    expect(container.querySelectorAll('svg > *')).toHaveLength(1);
    expect(container.querySelector('path')?.getAttribute('d')?.match(/M/g)).toHaveLength(24);
    rerender(
      <ul aria-label="Errors">
        <ErrorRow error={row('s', Array(24).fill(0))} now={Date.parse('2026-11-01T01:00:00Z')} onOpen={() => undefined} />
      </ul>,
    );
    await screen.findByRole('img', { name: '0 events in the last 24 hours' });
    expect(container.querySelectorAll('svg')).toHaveLength(1);
    expect(container.querySelectorAll('svg > *')).toHaveLength(0);
  });

  it('follows the rows right after they are painted, and only for what the row shows by then', async () => {
    const { rerender } = renderSparkline(day(1, [4, 4, 5]));
    // The row first paints without its chart…
    expect(screen.getByRole('button', { name: 'Error s' })).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
    // …and a row redrawn before its chart came gets the chart of its new hours, once.
    rerender(
      <ul aria-label="Errors">
        <ErrorRow error={row('s', day(2, [2, 2, 2]))} now={Date.parse('2026-11-01T01:00:00Z')} onOpen={() => undefined} />
      </ul>,
    );
    expect(await screen.findByRole('img', { name: '48 events in the last 24 hours' })).toBeTruthy();
    await afterAFrame();
    expect(screen.getAllByRole('img')).toHaveLength(1);
  });
});

describe('an error row', () => {
  const renderRow = (error: ErrorSummary) => {
    render(
      <ul aria-label="Errors">
        <ErrorRow error={error} now={Date.parse('2026-11-01T01:00:00Z')} onOpen={() => undefined} />
      </ul>,
    );
    return screen.getByRole('listitem');
  };

  it('shows its 24 hours and says "Rising" in words when the rule holds', async () => {
    const item = renderRow(row('1', day(0, [10, 20, 30])));
    expect(await within(item).findByRole('img', { name: '60 events in the last 24 hours' })).toBeTruthy();
    expect(within(item).getByText('Rising')).toBeTruthy();
    // The title stays the button's whole name.
    expect(within(item).getByRole('button').textContent).toBe('Error 1');
  });

  it('says nothing of rising for a steady error', async () => {
    const item = renderRow(row('2', day(5, [5, 5, 5])));
    expect(await within(item).findByRole('img', { name: '120 events in the last 24 hours' })).toBeTruthy();
    expect(within(item).queryByText('Rising')).toBeNull();
  });

  it('has no chart when the list sent no hours', async () => {
    const item = renderRow(row('3'));
    await afterAFrame();
    expect(within(item).queryByRole('img')).toBeNull();
    expect(within(item).queryByText('Rising')).toBeNull();
  });
});

describe('the popup', () => {
  const sentryStats = (hourly: number[]) => ({ '24h': points(hourly) });

  it('shows each row’s 24 hours and marks the rising one', async () => {
    await linkSentryProject({
      sentry: {
        issues: makeIssues(2, (i) => ({
          title: i ? 'Spiking error' : 'Steady error',
          stats: sentryStats(i ? day(0, [5, 10, 20]) : day(2, [2, 2, 2])),
        })),
      },
    });
    renderPopup();
    const rising = (await screen.findByRole('button', { name: 'Spiking error' })).closest('li')!;
    const steady = screen.getByRole('button', { name: 'Steady error' }).closest('li')!;
    expect(await within(rising).findByRole('img', { name: '35 events in the last 24 hours' })).toBeTruthy();
    expect(within(rising).getByText('Rising')).toBeTruthy();
    expect(await within(steady).findByRole('img', { name: '48 events in the last 24 hours' })).toBeTruthy();
    expect(within(steady).queryByText('Rising')).toBeNull();
  });

  it('offers Trending in "Sort by" and asks Sentry for its trend order', async () => {
    const { sentry } = await linkSentryProject({ sentry: { issues: makeIssues(2) } });
    renderPopup();
    await screen.findByRole('button', { name: 'Error number 1' });
    const sort = screen.getByRole('combobox', { name: 'Sort by' });
    expect(
      within(sort)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Last Seen', 'First Seen', 'Frequency', 'Trending']);
    fireEvent.change(sort, { target: { value: 'trending' } });
    await expect.poll(() => sentry.requests.at(-1)?.url.searchParams.get('sort')).toBe('trends');
    expect(await screen.findByRole('button', { name: 'Error number 1' })).toBeTruthy();
    // Sentry ordered it: nothing says the order is only the page's.
    expect(screen.queryByText(/within this page/)).toBeNull();
  });
});

describe('a panel’s rows', () => {
  it('carry the same sparkline and mark', async () => {
    const link = { linkId: 'l1', gitlabProject: 'group/app', sourceLabel: 'Sentry: acme / app' };
    render(
      <ErrorRowsPanel
        link={link}
        id="file-errors"
        title="Errors in this file"
        rows={[{ error: row('9', day(0, [4, 4, 4])), lines: [3] }]}
      />,
    );
    const region = screen.getByRole('region', { name: 'Errors in this file' });
    expect(await within(region).findByRole('img', { name: '12 events in the last 24 hours' })).toBeTruthy();
    expect(within(region).getByText('Rising')).toBeTruthy();
  });
});
