// The Sentry connection end to end, against the production build and the HTTPS Sentry stand-in:
// options flow (bad and good token), the badge, the popup list (status, sort, filter, pages), rendering
// from cache, refusals (401, 500) and a hostile issue title. Tests in the describe block share one
// stand-in and one browser and run in order; each builds on the state the previous one left.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  byLastSeen,
  errorsList,
  GITLAB_APP,
  PRIME_MOVER_ID,
  PRIME_MOVER_OPTION,
  projectIssues as issuesOfProject,
  rowTitles,
  selectedLabel,
  sentryRegion,
  statusTexts,
  submitSentryToken,
} from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { DEFAULT_TOKENS, startSentryStandIn, type SentryIssue, type SentryStandIn } from './standins/sentry';

const PAGE_SIZE = 100;
const SENTRY_HOSTS = new Set(['sentry.io', 'us.sentry.io']);
const HOSTILE_TITLE = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;

// --- the stand-in's data, ordered as Sentry orders it -----------------------------------------

const byFrequency = (a: SentryIssue, b: SentryIssue) => Number(b.count) - Number(a.count) || Number(b.id) - Number(a.id);

const projectIssues = (sentry: SentryStandIn, status: string, order = byLastSeen) => issuesOfProject(sentry, PRIME_MOVER_ID, status, order);

/** A word of `issue`'s title (letters + digits only, so no search syntax) that no other issue's title contains. */
function distinctiveWord(issue: SentryIssue, all: SentryIssue[]): string | undefined {
  const words = issue.title.match(/[A-Za-z]+\d+/g) ?? [];
  return words.find((word) => all.filter((other) => other.title.toLowerCase().includes(word.toLowerCase())).length === 1);
}

// --- page helpers (roles and accessible names only) -------------------------------------------

/** Waits until the rows are exactly `expected` and no load is in flight. */
async function expectRows(page: Page, expected: string[], timeout = 15_000): Promise<void> {
  await expect.poll(() => rowTitles(page), { timeout, interval: 100 }).toEqual(expected);
  await expect.poll(() => statusTexts(page), { timeout, interval: 100 }).not.toContain('Refreshing…');
  await expect.poll(() => rowTitles(page), { timeout: 2_000, interval: 100 }).toEqual(expected);
}

const formatCount = (n: number) => new Intl.NumberFormat('en-US').format(n);

describe('Sentry connection (production build against the Sentry stand-in)', () => {
  let sentry: SentryStandIn;
  let ext: ExtensionHarness;
  let popup: Page | undefined;

  const openPopup = async () => {
    await popup?.close();
    popup = await ext.openPopup();
    return popup;
  };

  const badgeText = async () => (await ext.badge()).text;

  beforeAll(async () => {
    sentry = await startSentryStandIn();
    ext = await launchExtension({ sentryPort: sentry.port });
  });

  afterAll(async () => {
    await ext?.close();
    await sentry?.close();
  });

  // f. After every test: the Origin header never reached Sentry, and the token only ever went to Sentry.
  afterEach(() => {
    if (!sentry) return; // beforeAll failed; that failure is the report
    expect(leaks(sentry)).toEqual({ extensionOrigins: [], tokenToOtherHosts: [] });
  });

  it('a. Connect with a rejected token shows an alert naming the Auth Token; Sentry answered 401', async () => {
    const options = await ext.openOptions();
    try {
      expect(await sentryRegion(options).getByRole('textbox', { name: 'Sentry API URL' }).inputValue()).toBe('https://sentry.io');
      await submitSentryToken(options, 'not-a-real-token');

      const alert = options.getByRole('alert');
      await alert.waitFor({ state: 'visible', timeout: 10_000 });
      expect(await alert.textContent()).toContain('Auth Token');

      const refused = sentry.requests.filter((r) => r.headers.authorization === 'Bearer not-a-real-token');
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.map((r) => r.status)).toContain(401);
      expect(await badgeText()).toBe('');
    } finally {
      await options.close();
    }
  });

  it('b. Connect with a good token, link prime-mover to group/app, and the badge counts 130', async () => {
    const options = await ext.openOptions();
    try {
      const sentry = await submitSentryToken(options, 'good-token');
      await expect
        .poll(() => statusTexts(options), { timeout: 10_000 })
        .toEqual([expect.stringMatching(/^Connected: 2 projects in 1 organization/)]);
      expect(await options.getByRole('alert').count()).toBe(0);

      const project = sentry.getByRole('combobox', { name: 'Project' });
      expect(await project.getByRole('option', { name: PRIME_MOVER_OPTION, exact: true }).count()).toBe(1);
      await project.selectOption({ label: PRIME_MOVER_OPTION });
      await sentry.getByRole('textbox', { name: 'GitLab project' }).fill(GITLAB_APP);
      const active = sentry.getByRole('checkbox', { name: 'Active' });
      // A new link is Active unless the user unticks it.
      expect(await active.isChecked()).toBe(true);
      await sentry.getByRole('button', { name: 'Save changes' }).click();

      await expect
        .poll(() => statusTexts(options), { timeout: 10_000 })
        .toEqual([`Saved. ${GITLAB_APP} shows the errors of Sentry: ${PRIME_MOVER_OPTION}.`]);
      // The form keeps what was saved.
      expect(await sentry.getByRole('textbox', { name: 'GitLab project' }).inputValue()).toBe(GITLAB_APP);
      expect(await selectedLabel(project)).toBe(PRIME_MOVER_OPTION);
      expect(await active.isChecked()).toBe(true);
      const links = options.getByRole('region', { name: 'Linked projects' });
      await links.getByRole('button', { name: `Edit ${GITLAB_APP}` }).waitFor({ timeout: 5_000 });

      await expect.poll(badgeText, { timeout: 10_000, interval: 200 }).toBe('130');
    } finally {
      await options.close();
    }
  });

  it('c. the popup lists, filters, re-sorts and pages through the errors as Sentry orders them', async () => {
    const page = await openPopup();
    const unresolved = projectIssues(sentry, 'unresolved');
    expect(unresolved).toHaveLength(130);
    const lastSeenTitles = unresolved.map((i) => i.title);

    // Defaults: the one link selected, Unresolved, Last Seen.
    await page
      .getByRole('list', { name: 'Linked projects' })
      .getByRole('button', { name: `${GITLAB_APP} 130 unresolved` })
      .waitFor();
    expect(await page.getByRole('button', { name: `${GITLAB_APP} 130 unresolved` }).getAttribute('aria-pressed')).toBe('true');
    const status = page.getByRole('combobox', { name: 'Status', exact: true });
    const sort = page.getByRole('combobox', { name: 'Sort by', exact: true });
    expect(await selectedLabel(status)).toBe('Unresolved');
    expect(await selectedLabel(sort)).toBe('Last Seen');
    expect((await status.getByRole('option').allTextContents()).map((t) => t.trim())).toEqual(['Unresolved', 'Ignored', 'Resolved']);
    expect((await sort.getByRole('option').allTextContents()).map((t) => t.trim())).toEqual([
      'Last Seen',
      'First Seen',
      'Frequency',
      'Trending',
    ]);

    await expectRows(page, lastSeenTitles.slice(0, PAGE_SIZE));
    await page.getByText('Page 1 · 130 errors').waitFor();

    // A row carries the title (as the button's whole name), the culprit and the facts.
    const top = unresolved[0] as SentryIssue;
    const topRow = errorsList(page).getByRole('listitem').first();
    expect(await topRow.getByRole('button').count()).toBe(1);
    await topRow.getByRole('button', { name: top.title, exact: true }).waitFor();
    const rowText = (await topRow.textContent()) ?? '';
    expect(rowText).toContain(top.culprit ?? '');
    expect(rowText).toContain(`${formatCount(Number(top.count))} event${Number(top.count) === 1 ? '' : 's'}`);
    expect(rowText).toContain(`${formatCount(top.userCount)} user${top.userCount === 1 ? '' : 's'}`);
    expect(rowText).toMatch(/last seen \S/);

    // Filter by title: a word only one issue has, on the second page, so only Sentry's search can find it.
    const target = unresolved.slice(PAGE_SIZE).find((i) => distinctiveWord(i, sentry.issues) !== undefined) as SentryIssue;
    const word = distinctiveWord(target, sentry.issues) as string;
    const filter = page.getByRole('searchbox', { name: 'Filter by title' });
    await filter.fill(word);
    await expectRows(page, [target.title]);
    expect(sentry.requests.some((r) => new URLSearchParams(r.query).get('query')?.includes(word))).toBe(true);
    await filter.fill('');
    await expectRows(page, lastSeenTitles.slice(0, PAGE_SIZE));

    // Status = Ignored: the 12 ignored errors.
    await status.selectOption({ label: 'Ignored' });
    const ignoredTitles = projectIssues(sentry, 'ignored').map((i) => i.title);
    expect(ignoredTitles).toHaveLength(12);
    await expectRows(page, ignoredTitles);

    // Back to Unresolved, sorted by Frequency: the most frequent first.
    await status.selectOption({ label: 'Unresolved' });
    await expectRows(page, lastSeenTitles.slice(0, PAGE_SIZE));
    await sort.selectOption({ label: 'Frequency' });
    const byFreq = projectIssues(sentry, 'unresolved', byFrequency);
    await expectRows(
      page,
      byFreq.slice(0, PAGE_SIZE).map((i) => i.title),
    );
    expect((await rowTitles(page))[0]).toBe(byFreq[0]?.title);

    // Back to Last Seen, then through the pages.
    await sort.selectOption({ label: 'Last Seen' });
    await expectRows(page, lastSeenTitles.slice(0, PAGE_SIZE));
    const seen = new Set(await rowTitles(page));

    await page.getByRole('button', { name: 'Next page' }).click();
    await expectRows(page, lastSeenTitles.slice(PAGE_SIZE));
    expect(await rowTitles(page)).toHaveLength(30);
    await page.getByText('Page 2 · 130 errors').waitFor();
    for (const title of await rowTitles(page)) seen.add(title);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Previous page' }).click();
    await expectRows(page, lastSeenTitles.slice(0, PAGE_SIZE));
    await page.getByText('Page 1 · 130 errors').waitFor();
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);

    expect([...seen].sort()).toEqual([...lastSeenTitles].sort());
  });

  it('d. a reopened popup renders from cache before Sentry answers, and says it is refreshing', async () => {
    await popup?.close();
    popup = undefined;
    const expected = projectIssues(sentry, 'unresolved')
      .slice(0, PAGE_SIZE)
      .map((i) => i.title);
    // Sentry answers long after the rows must be there; speed itself is measured in npm run bench, not here.
    sentry.setLatencyMs(12_000);
    try {
      const page = await openPopup();
      await errorsList(page).getByRole('listitem').first().waitFor({ timeout: 8_000 });
      expect(await rowTitles(page)).toEqual(expected);
      // Still refreshing: the rows came from the cache, not from Sentry's (pending) answer.
      expect(await statusTexts(page)).toContain('Refreshing…');

      // The network answer arrives later and replaces the cached page.
      await expectRows(page, expected, 20_000);
    } finally {
      sentry.setLatencyMs(0);
    }
  });

  it('g. a hostile title is shown as text, not markup', async () => {
    const top = projectIssues(sentry, 'unresolved')[0] as SentryIssue;
    const original = top.title;
    top.title = HOSTILE_TITLE;
    try {
      const dialogs: string[] = [];
      const page = await openPopup();
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const pageTitle = await page.title();
      expect(pageTitle).not.toBe('pwned');

      const list = errorsList(page);
      await list.getByRole('button', { name: HOSTILE_TITLE, exact: true }).waitFor({ timeout: 10_000 });
      expect((await rowTitles(page))[0]).toBe(HOSTILE_TITLE);
      expect(await list.locator('img').count()).toBe(0);
      expect(await list.locator('script').count()).toBe(0);
      await page.waitForTimeout(300); // give a parsed onerror a chance to run
      expect(await page.title()).toBe(pageTitle);
      expect(dialogs).toEqual([]);
    } finally {
      top.title = original;
    }
  });

  it('e1. a token Sentry no longer accepts: badge "!" and an alert in the popup; Retry works once it is valid again', async () => {
    const page = await openPopup();
    await errorsList(page).getByRole('listitem').first().waitFor({ timeout: 10_000 });
    await expect.poll(() => statusTexts(page), { timeout: 10_000 }).not.toContain('Refreshing…');

    delete sentry.tokens['good-token'];
    try {
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await expect.poll(badgeText, { timeout: 10_000, interval: 200 }).toBe('!');
      expect((await ext.badge()).title).toContain('rejected the Auth Token');

      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 10_000 });
      expect(await alert.textContent()).toContain('Auth Token');
      expect(sentry.requests.some((r) => r.headers.authorization === 'Bearer good-token' && r.status === 401)).toBe(true);
    } finally {
      sentry.tokens['good-token'] = [...(DEFAULT_TOKENS['good-token'] ?? [])];
    }

    await page.getByRole('alert').getByRole('button', { name: 'Retry' }).click();
    await expectRows(
      page,
      projectIssues(sentry, 'unresolved')
        .slice(0, PAGE_SIZE)
        .map((i) => i.title),
    );
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect.poll(badgeText, { timeout: 10_000, interval: 200 }).toBe('130');
  });

  it('e2. a 500 from Sentry: the popup shows an alert with Retry, and Retry works once Sentry recovers', async () => {
    await popup?.close();
    popup = undefined;
    const expected = projectIssues(sentry, 'unresolved')
      .slice(0, PAGE_SIZE)
      .map((i) => i.title);
    sentry.failNext(1, 500);
    const page = await openPopup();

    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toMatch(/server error|500/i);
    expect(sentry.requests.some((r) => r.status === 500)).toBe(true);

    await alert.getByRole('button', { name: 'Retry' }).click();
    await expectRows(page, expected);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('f. no request carried an extension Origin, and the token only went to sentry.io / us.sentry.io', () => {
    expect(sentry.requests.length).toBeGreaterThan(0);
    // Both hosts were used: sentry.io for the organization list, the org's region (us.sentry.io) for the rest.
    const hosts = [...new Set(sentry.requests.map((r) => r.host))].sort();
    expect(hosts).toEqual(['sentry.io', 'us.sentry.io']);
    expect(leaks(sentry)).toEqual({ extensionOrigins: [], tokenToOtherHosts: [] });
  });
});

function leaks(sentry: SentryStandIn) {
  const describe = (r: SentryStandIn['requests'][number]) => `${r.method} https://${r.host}${r.path} (origin: ${r.headers.origin ?? '-'})`;
  return {
    extensionOrigins: sentry.requests.filter((r) => (r.headers.origin ?? '').startsWith('chrome-extension://')).map(describe),
    tokenToOtherHosts: sentry.requests.filter((r) => r.headers.authorization !== undefined && !SENTRY_HOSTS.has(r.host)).map(describe),
  };
}
