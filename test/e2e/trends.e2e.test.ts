// Trends end to end (issue 13), against the production build and the HTTPS Sentry stand-in: each row's
// 24-hour sparkline named by its events, the "Rising" mark, and Sort by "Trending" both where Sentry sorts by
// `trends` and where an older Sentry refuses it (the page is then sorted in the extension).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { errorsList, rowTitles, setUpSentryLink, statusTexts, waitForRow } from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { callSentry } from './standins/https-client';
import { startSentryStandIn, type IssueInput, type LoggedRequest, type SentryIssue, type SentryStandIn } from './standins/sentry';

const ORG = 'the-interstellar-jurisdiction';
const PRIME_MOVER_ID = '3';
const MINUTE = 60_000;
const HOUR_MS = 3_600_000;

/** `stats['24h']` ending at the current hour, as Sentry buckets it: 21 hours of `base`, then the last 3. */
function lastDay(base: number, lastThree: [number, number, number]): Array<[number, number]> {
  const currentHour = Math.floor(Date.now() / HOUR_MS) * 3600;
  const counts = [...Array<number>(21).fill(base), ...lastThree];
  return counts.map((count, i) => [currentHour - (23 - i) * 3600, count]);
}
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const sum = (stats: Array<[number, number]>) => stats.reduce((total, [, count]) => total + count, 0);

// Six unresolved errors whose orders differ by Last Seen, by Sentry's `trends` (the stand-in: events of the
// last 3 hours) and by the rising rule (last 3 hours at ≥ 3× the 24-hour hourly average, and ≥ 10 events).
const CHECKOUT = 'HTTPError: checkout answered 502'; // 1 an hour, then 8, 15, 30: rising sharply (5.7×)
const SLOW_QUERY = 'Warning: slow query on orders'; // a steady 20 an hour: busy, not rising
const TOKEN = 'AuthError: login token expired'; // 0, then 2, 3, 4: a jump, but only 9 events
const CACHE = 'CacheError: miss storm on /products'; // 5 an hour, then 20, 25, 30: rising (3.3×)
const MIGRATION = 'MigrationError: column already exists'; // last seen 3 days ago: 24 quiet hours
const LEGACY = 'LegacyError: sent without stats'; // the list sends no hours for it

const STATS = {
  [CHECKOUT]: lastDay(1, [8, 15, 30]),
  [SLOW_QUERY]: lastDay(20, [20, 20, 20]),
  [TOKEN]: lastDay(0, [2, 3, 4]),
  [CACHE]: lastDay(5, [20, 25, 30]),
  [MIGRATION]: lastDay(0, [0, 0, 0]),
};

const LISTED: IssueInput[] = [
  { title: SLOW_QUERY, lastSeen: ago(1 * MINUTE), count: '9120', stats: { '24h': STATS[SLOW_QUERY] } },
  { title: TOKEN, lastSeen: ago(5 * MINUTE), count: '9', stats: { '24h': STATS[TOKEN] } },
  { title: CHECKOUT, lastSeen: ago(10 * MINUTE), count: '1204', stats: { '24h': STATS[CHECKOUT] } },
  { title: CACHE, lastSeen: ago(20 * MINUTE), count: '180', stats: { '24h': STATS[CACHE] } },
  { title: LEGACY, lastSeen: ago(2 * 24 * HOUR_MS), count: '3', stats: {} },
  { title: MIGRATION, lastSeen: ago(3 * 24 * HOUR_MS), count: '42', stats: { '24h': STATS[MIGRATION] } },
];
const ISSUES = LISTED.map((issue) => ({ ...issue, project: { id: PRIME_MOVER_ID }, firstSeen: ago(30 * 24 * HOUR_MS) }));

const BY_LAST_SEEN = [SLOW_QUERY, TOKEN, CHECKOUT, CACHE, LEGACY, MIGRATION];
/** The stand-in's `trends`: most events in the last 3 hours first (75, 60, 53, 9), then by last seen. */
const BY_SENTRY_TRENDS = [CACHE, SLOW_QUERY, CHECKOUT, TOKEN, LEGACY, MIGRATION];
/** Sorted on the page: the rising ones, sharpest first, then the rest as Sentry listed them (last seen). */
const RISING_FIRST = [CHECKOUT, CACHE, SLOW_QUERY, TOKEN, LEGACY, MIGRATION];

/** The list item whose title button is `title` (the inner locator is matched inside each item). */
const rowOf = (page: Page, title: string) =>
  errorsList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: title, exact: true }) });
const sortSelect = (page: Page) => page.getByRole('combobox', { name: 'Sort by', exact: true });
/** The issue-list requests among `requests`: their query parameters and the status they got. */
const issueLists = (requests: LoggedRequest[]) =>
  requests
    .filter((r) => r.method === 'GET' && /\/issues\/$/.test(r.path))
    .map((r) => ({ params: new URLSearchParams(r.query), status: r.status }));

async function expectRows(page: Page, expected: string[]): Promise<void> {
  await expect.poll(() => rowTitles(page), { timeout: 15_000, interval: 100 }).toEqual(expected);
  await expect.poll(() => statusTexts(page), { timeout: 15_000, interval: 100 }).not.toContain('Refreshing…');
  await expect.poll(() => rowTitles(page), { timeout: 2_000, interval: 100 }).toEqual(expected);
}

describe('Sentry stand-in: the list’s stats (from Node)', () => {
  let sentry: SentryStandIn;
  beforeAll(async () => {
    sentry = await startSentryStandIn();
  });
  afterAll(() => sentry?.close());

  const list = (query: Record<string, string>) =>
    callSentry(sentry, 'GET', `/api/0/organizations/${ORG}/issues/?${new URLSearchParams({ project: PRIME_MOVER_ID, ...query })}`, {
      token: 'good-token',
    });

  it('gives the generated issues 24 hours that agree with their last seen and count', () => {
    const issues = sentry.issues.filter((i) => i.project.id === PRIME_MOVER_ID);
    const withEvents = issues.filter((i) => sum(i.stats['24h'] ?? []) > 0);
    expect(withEvents.length).toBeGreaterThan(0);
    for (const issue of issues) {
      const hours = issue.stats['24h'] ?? [];
      expect(hours).toHaveLength(24);
      expect(sum(hours)).toBeLessThanOrEqual(Number(issue.count));
      const lastSeenHour = Math.floor(Date.parse(issue.lastSeen) / HOUR_MS) * 3600;
      expect(hours.filter(([hour, count]) => hour > lastSeenHour && count > 0)).toEqual([]);
      const seenHour = hours.find(([hour]) => hour === lastSeenHour);
      if (seenHour) expect(seenHour[1]).toBeGreaterThan(0);
    }
  });

  it('sends stats unless collapsed or turned off, and refuses a period it does not know', async () => {
    const plain = await list({ limit: '5' });
    expect((plain.body as SentryIssue[]).every((i) => Array.isArray(i.stats['24h']))).toBe(true);
    const collapsed = await callSentry(
      sentry,
      'GET',
      `/api/0/organizations/${ORG}/issues/?project=${PRIME_MOVER_ID}&limit=5&collapse=stats&collapse=lifetime`,
      { token: 'good-token' },
    );
    expect((collapsed.body as SentryIssue[]).every((i) => i.stats === undefined)).toBe(true);
    expect(((await list({ limit: '5', groupStatsPeriod: '' })).body as SentryIssue[]).every((i) => i.stats === undefined)).toBe(true);
    expect(await list({ groupStatsPeriod: '7d' })).toMatchObject({ status: 400 });
  });

  it('refuses `trends` with 400 when told to play an older Sentry', async () => {
    sentry.refusedSorts.add('trends');
    try {
      expect(await list({ sort: 'trends' })).toMatchObject({ status: 400, body: { detail: 'Invalid sort: trends' } });
      expect(await list({ sort: 'date' })).toMatchObject({ status: 200 });
    } finally {
      sentry.refusedSorts.clear();
    }
  });
});

describe('Trends in the popup (production build against the Sentry stand-in)', () => {
  let sentry: SentryStandIn;
  let ext: ExtensionHarness;
  let popup: Page | undefined;

  const openPopup = async () => {
    await popup?.close();
    popup = await ext.openPopup();
    return popup;
  };

  beforeAll(async () => {
    sentry = await startSentryStandIn({ issues: ISSUES });
    ext = await launchExtension({ sentryPort: sentry.port });
    await setUpSentryLink(ext, { badge: '6' });
  });

  afterAll(async () => {
    await ext?.close();
    await sentry?.close();
  });

  it('1. each row shows its last 24 hours as an image named by its events; rising rows say "Rising"', async () => {
    const page = await openPopup();
    await expectRows(page, BY_LAST_SEEN);

    // The list asked for 24-hour group stats and no longer collapses them: no extra request per row.
    const lists = issueLists(sentry.requests);
    expect(lists.length).toBeGreaterThan(0);
    for (const { params } of lists) {
      expect(params.get('groupStatsPeriod')).toBe('24h');
      expect(params.getAll('collapse')).not.toContain('stats');
    }
    expect(sentry.requests.filter((r) => /\/issues\/\d+\//.test(r.path))).toEqual([]);

    const sparkline = (title: string) => rowOf(page, title).getByRole('img', { name: /in the last 24 hours$/ });
    expect(await sparkline(CHECKOUT).getAttribute('aria-label')).toBe(`${sum(STATS[CHECKOUT])} events in the last 24 hours`);
    await rowOf(page, SLOW_QUERY).getByRole('img', { name: '480 events in the last 24 hours', exact: true }).waitFor();
    await rowOf(page, TOKEN).getByRole('img', { name: '9 events in the last 24 hours', exact: true }).waitFor();
    await rowOf(page, CACHE).getByRole('img', { name: '180 events in the last 24 hours', exact: true }).waitFor();
    await rowOf(page, MIGRATION).getByRole('img', { name: '0 events in the last 24 hours', exact: true }).waitFor();
    expect(await rowOf(page, LEGACY).getByRole('img').count()).toBe(0);

    const rising = async (title: string) => (await rowOf(page, title).getByText('Rising', { exact: true }).count()) === 1;
    expect(await Promise.all(BY_LAST_SEEN.map(async (title) => [title, await rising(title)]))).toEqual([
      [SLOW_QUERY, false],
      [TOKEN, false],
      [CHECKOUT, true],
      [CACHE, true],
      [LEGACY, false],
      [MIGRATION, false],
    ]);
  });

  it('2. Sort by "Trending" shows Sentry’s `trends` order as Sentry gives it', async () => {
    const page = await openPopup();
    await waitForRow(page, SLOW_QUERY);
    const mark = sentry.requests.length;
    await sortSelect(page).selectOption({ label: 'Trending' });
    await expectRows(page, BY_SENTRY_TRENDS);
    const asked = issueLists(sentry.requests.slice(mark));
    expect(asked.filter(({ params }) => params.get('sort') === 'trends').map(({ status }) => status)).toEqual([200]);
    expect(await page.getByText(/within this page/).count()).toBe(0);
  });

  it('3. on a Sentry without `trends` (400), Trending sorts the page itself: rising errors first, and says so', async () => {
    sentry.refusedSorts.add('trends');
    const mark = sentry.requests.length;
    // The popup opens where it was left: Trending.
    const page = await openPopup();
    await expectRows(page, RISING_FIRST);
    expect(await sortSelect(page).inputValue()).toBe('trending');
    await page.getByText('Trending within this page: rising errors first, then by last seen.', { exact: true }).waitFor();
    // Asked once with `trends` (refused), then by last seen (a poll may ask by last seen too, at any time).
    const asked = issueLists(sentry.requests.slice(mark)).map(({ params, status }) => [params.get('sort'), status]);
    expect(asked.filter(([sort]) => sort === 'trends')).toEqual([['trends', 400]]);
    expect(asked.slice(asked.findIndex(([sort]) => sort === 'trends'))).toContainEqual(['date', 200]);

    // The refusal is remembered: Trending again goes straight to the last-seen page.
    const again = sentry.requests.length;
    await sortSelect(page).selectOption({ label: 'Last Seen' });
    await expectRows(page, BY_LAST_SEEN);
    await sortSelect(page).selectOption({ label: 'Trending' });
    await expectRows(page, RISING_FIRST);
    expect(issueLists(sentry.requests.slice(again)).map(({ params }) => params.get('sort'))).not.toContain('trends');
  });
});
