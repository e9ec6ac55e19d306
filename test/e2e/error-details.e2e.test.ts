// The popup's error details end to end, against the production build and the HTTPS Sentry stand-in:
// facts and "View in Sentry", the stack trace of a real Ruby event (and how fast it appears), Resolve /
// Ignore and their undo as Sentry sees them, a regression brought back by Refresh, keyboard-only use,
// hostile strings everywhere in an issue and its event, and a token without event:write.
// Each describe block shares one stand-in and one browser, set up once; its tests run in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  button,
  errorsList,
  extensionOriginRequests,
  GITLAB_APP,
  openRowDetails,
  PRIME_MOVER_ID,
  PRIME_MOVER_OPTION,
  projectIssues,
  rowButton,
  rowTitles,
  selectedLabel,
  setUpSentryLink,
  statusTexts,
  waitForRow,
} from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { fixtureEvents, startSentryStandIn, type JsonObject, type SentryIssue, type SentryStandIn } from './standins/sentry';

const HOSTILE = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;
/** Frames of fixtureEvents.rubyWithStack(): 53 (PG::ConnectionBad) + 51 (ActiveRecord::NoDatabaseError), none in-app. */
const RUBY_FRAMES = 104;
const DETAILS_BUDGET_MS = 2_000;

// --- the stand-in's data -----------------------------------------------------------------------

function putsFor(sentry: SentryStandIn, issueId: string, since = 0) {
  return sentry.requests.slice(since).filter((r) => r.method === 'PUT' && r.path.includes(`/issues/${issueId}/`));
}

// --- page helpers (roles and accessible names only) ---------------------------------------------

const stackTrace = (page: Page) => page.getByRole('region', { name: 'Stack trace', exact: true });

/** Opens the details of `title` from the list and waits until they are loaded (stack trace shown). */
async function openDetails(page: Page, title: string): Promise<void> {
  await openRowDetails(page, title);
  await stackTrace(page).waitFor({ timeout: 10_000 });
}

/** The options flow: connect with `token`, link prime-mover to group/app, Active, Save; then the badge counts 130. */
const connectAndLink = (ext: ExtensionHarness, token: string) =>
  setUpSentryLink(ext, { token, project: PRIME_MOVER_OPTION, gitlabProject: GITLAB_APP, badge: '130' });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// --- a hostile issue + event ----------------------------------------------------------------------

function hostileEvent(): JsonObject {
  return {
    eventID: 'f00dfeedf00dfeedf00dfeedf00dfeed',
    id: 'f00dfeedf00dfeedf00dfeedf00dfeed',
    platform: 'javascript',
    title: HOSTILE,
    message: HOSTILE,
    dateCreated: new Date().toISOString(),
    tags: [
      { key: 'environment', value: HOSTILE },
      { key: 'level', value: 'error' },
    ],
    entries: [
      {
        type: 'exception',
        data: {
          values: [
            {
              type: HOSTILE,
              value: HOSTILE,
              module: null,
              stacktrace: {
                frames: [
                  {
                    filename: HOSTILE,
                    absPath: HOSTILE,
                    function: HOSTILE,
                    module: null,
                    lineNo: 3,
                    colNo: 7,
                    inApp: true,
                    context: [
                      [2, '// before'],
                      [3, HOSTILE],
                      [4, '// after'],
                    ],
                  },
                ],
                framesOmitted: null,
              },
            },
          ],
        },
      },
    ],
  };
}

// ==================================================================================================

describe('Error details with a full-scope token (production build against the Sentry stand-in)', () => {
  let sentry: SentryStandIn;
  let ext: ExtensionHarness;
  let popup: Page | undefined;
  /** Unresolved issues of prime-mover at the start, newest first: each test uses its own. */
  let initial: SentryIssue[];

  const openPopup = async () => {
    await popup?.close();
    popup = await ext.openPopup();
    return popup;
  };
  const badgeText = async () => (await ext.badge()).text;
  const issueAt = (index: number) => initial[index] as SentryIssue;

  beforeAll(async () => {
    sentry = await startSentryStandIn();
    ext = await launchExtension({ sentryPort: sentry.port });
    initial = projectIssues(sentry, PRIME_MOVER_ID);
    expect(initial).toHaveLength(130);
    await connectAndLink(ext, 'good-token');
  });

  afterAll(async () => {
    await ext?.close();
    await sentry?.close();
  });

  it('1. the details of an unresolved error: heading, "View in Sentry" to its permalink, the stack trace', async () => {
    const issue = issueAt(0);
    const page = await openPopup();
    await waitForRow(page, issue.title);
    await openDetails(page, issue.title);

    const link = page.getByRole('link', { name: 'View in Sentry', exact: true });
    expect(await link.getAttribute('href')).toBe(issue.permalink);
    expect(await stackTrace(page).count()).toBe(1);
    expect(await button(page, 'Back').count()).toBe(1);
    expect(await button(page, 'Resolve').isEnabled()).toBe(true);
    expect(await button(page, 'Ignore').isEnabled()).toBe(true);
  });

  it('2. a real Ruby event: both exceptions, 104 frames, one open frame with its error line, within 2 s', async () => {
    const issue = issueAt(1);
    sentry.setLatestEvent(issue.id, fixtureEvents.rubyWithStack());
    const page = await openPopup();
    await waitForRow(page, issue.title);

    const region = stackTrace(page);
    const frames = region.locator('li');
    const started = performance.now();
    await rowButton(page, issue.title).click();
    await frames.nth(RUBY_FRAMES - 1).waitFor({ state: 'attached', timeout: 10_000 });
    const elapsed = Math.round(performance.now() - started);
    console.log(`[error-details] click on the title → stack trace with ${RUBY_FRAMES} frames: ${elapsed} ms`);

    await page.getByRole('heading', { level: 1, name: issue.title, exact: true }).waitFor();
    const text = (await region.textContent()) ?? '';
    expect(text).toContain('ActiveRecord::NoDatabaseError');
    expect(text).toContain('PG::ConnectionBad');
    expect(text).toContain('Caused by');
    expect(await frames.count()).toBe(RUBY_FRAMES);

    // No in-app frame in this event: the raising frame is the one open, with its error line marked.
    const open = region.locator('details[open]');
    expect(await open.count()).toBe(1);
    expect((await open.locator('summary').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'active_record/connection_adapters/postgresql_adapter.rb in rescue in connect at line 696',
    );
    const marked = open.locator('[aria-current="true"]');
    expect(await marked.count()).toBe(1);
    expect(await marked.textContent()).toContain('raise ActiveRecord::NoDatabaseError');
    // No in-app frames, so no in-app toggle.
    expect(await region.getByRole('checkbox', { name: 'Only in-app frames' }).count()).toBe(0);

    expect(elapsed).toBeLessThan(DETAILS_BUDGET_MS);
  });

  it('3. Resolve: Sentry gets a PUT without Origin, the row leaves Unresolved and the badge goes down by one', async () => {
    const issue = issueAt(2);
    expect(await badgeText()).toBe('130');
    const page = await openPopup();
    await waitForRow(page, issue.title);
    await openDetails(page, issue.title);

    const mark = sentry.requests.length;
    await button(page, 'Resolve').click();
    await button(page, 'Unresolve').waitFor({ timeout: 5_000 });
    await expect.poll(() => sentry.getIssue(issue.id)?.status, { timeout: 5_000 }).toBe('resolved');

    const puts = putsFor(sentry, issue.id, mark);
    expect(puts).toHaveLength(1);
    const put = puts[0] as (typeof puts)[number];
    expect(put.headers.origin ?? '').not.toMatch(/^chrome-extension/);
    expect(put.headers.authorization).toBe('Bearer good-token');
    expect(JSON.parse(put.body)).toMatchObject({ status: 'resolved' });
    expect(put.status).toBe(200);
    await expect.poll(() => button(page, 'Unresolve').isEnabled(), { timeout: 5_000 }).toBe(true);

    await button(page, 'Back').click();
    await errorsList(page).waitFor({ timeout: 5_000 });
    await expect.poll(() => rowButton(page, issue.title).count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(badgeText, { timeout: 10_000, interval: 200 }).toBe('129');
  });

  it('4. Ignore (Forever) then Undo ignore: Sentry sees ignored/archived_forever, then unresolved', async () => {
    const issue = issueAt(3);
    const page = await openPopup();
    await waitForRow(page, issue.title);
    await openDetails(page, issue.title);

    const duration = page.getByRole('combobox', { name: 'Ignore duration', exact: true });
    expect(await selectedLabel(duration)).toBe('Forever');

    const mark = sentry.requests.length;
    await button(page, 'Ignore').click();
    await button(page, 'Undo ignore').waitFor({ timeout: 5_000 });
    await expect.poll(() => sentry.getIssue(issue.id)?.status, { timeout: 5_000 }).toBe('ignored');
    expect(sentry.getIssue(issue.id)?.substatus).toBe('archived_forever');

    await expect.poll(() => button(page, 'Undo ignore').isEnabled(), { timeout: 5_000 }).toBe(true);
    await button(page, 'Undo ignore').click();
    await button(page, 'Ignore').waitFor({ timeout: 5_000 });
    await expect.poll(() => sentry.getIssue(issue.id)?.status, { timeout: 5_000 }).toBe('unresolved');

    const puts = putsFor(sentry, issue.id, mark);
    expect(puts).toHaveLength(2);
    expect(JSON.parse((puts[0] as (typeof puts)[number]).body)).toMatchObject({ status: 'ignored', substatus: 'archived_forever' });
    expect(JSON.parse((puts[1] as (typeof puts)[number]).body)).toMatchObject({ status: 'unresolved' });
    expect(puts.every((p) => p.status === 200 && !(p.headers.origin ?? '').startsWith('chrome-extension'))).toBe(true);
  });

  it('5. a new event on a resolved error brings it back to Unresolved after Refresh', async () => {
    const issue = issueAt(4);
    const page = await openPopup();
    await waitForRow(page, issue.title);
    await openDetails(page, issue.title);
    await button(page, 'Resolve').click();
    await button(page, 'Unresolve').waitFor({ timeout: 5_000 });
    await expect.poll(() => sentry.getIssue(issue.id)?.status, { timeout: 5_000 }).toBe('resolved');
    await expect.poll(() => button(page, 'Unresolve').isEnabled(), { timeout: 5_000 }).toBe(true);

    await button(page, 'Back').click();
    await errorsList(page).waitFor({ timeout: 5_000 });
    await expect.poll(() => rowButton(page, issue.title).count(), { timeout: 5_000 }).toBe(0);

    const reopened = sentry.newEvent(issue.id);
    expect(reopened.status).toBe('unresolved');
    await button(page, 'Refresh').click();
    await waitForRow(page, issue.title);
    expect((await rowTitles(page))[0]).toBe(issue.title); // its lastSeen is now: it comes first
  });

  it('8. keyboard only: ArrowDown + Enter opens the second row; Escape comes back with focus on it', async () => {
    const page = await openPopup();
    await errorsList(page).getByRole('listitem').first().waitFor({ timeout: 10_000 });
    await expect.poll(() => statusTexts(page), { timeout: 10_000, interval: 100 }).not.toContain('Refreshing…');
    const titles = await rowTitles(page);
    expect(titles.length).toBeGreaterThan(1);
    const second = titles[1] as string;

    await rowButton(page, titles[0] as string).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(second);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: second, exact: true }).waitFor({ timeout: 5_000 });
    await stackTrace(page).waitFor({ timeout: 10_000 });

    await page.keyboard.press('Escape');
    await errorsList(page).waitFor({ timeout: 5_000 });
    await expect
      .poll(() => page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent })), {
        timeout: 2_000,
      })
      .toEqual({ tag: 'BUTTON', text: second });
  });

  it('7. hostile strings in the title, culprit and event render as text, in the list and the details', async () => {
    const issue = sentry.addIssue({ project: { id: PRIME_MOVER_ID }, title: HOSTILE, culprit: HOSTILE });
    sentry.setLatestEvent(issue.id, hostileEvent());

    const page = await openPopup();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const pageTitle = await page.title();
    expect(pageTitle).not.toBe('pwned');

    // The list: the title is the button's whole name, the culprit is plain text.
    await waitForRow(page, HOSTILE);
    const row = errorsList(page)
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: HOSTILE, exact: true }) });
    expect(await row.getByText(HOSTILE, { exact: true }).count()).toBe(2); // title + culprit
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('body script').count()).toBe(0);

    // The details: heading, culprit, exception, frame, context line and tag, all as text.
    await openDetails(page, HOSTILE);
    const region = stackTrace(page);
    expect(await region.locator('.exception-type, .exception-value').allTextContents()).toEqual([HOSTILE, HOSTILE]);
    const open = region.locator('details[open]');
    expect(await open.count()).toBe(1);
    const summary = open.locator('summary');
    expect((await summary.textContent())?.trim()).toMatch(new RegExp(`^${escapeRegExp(`${HOSTILE} in ${HOSTILE} at line 3:7`)}`));
    expect(await summary.locator('.frame-file').textContent()).toBe(HOSTILE);
    expect(await summary.locator('.frame-function').textContent()).toBe(HOSTILE);
    const marked = open.locator('[aria-current="true"]');
    expect(await marked.count()).toBe(1);
    expect(await marked.locator('code').textContent()).toBe(HOSTILE);
    const tags = page.getByRole('list', { name: 'Tags', exact: true });
    expect(await tags.getByText(HOSTILE, { exact: true }).count()).toBe(1);
    expect(await page.getByText(HOSTILE, { exact: true }).count()).toBeGreaterThanOrEqual(2); // heading + culprit at least

    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('body script').count()).toBe(0);
    await page.waitForTimeout(300); // give a parsed onerror / script a chance to run
    expect(await page.title()).toBe(pageTitle);
    expect(dialogs).toEqual([]);
  });

  it('no request to Sentry carried an extension Origin', () => {
    expect(sentry.requests.length).toBeGreaterThan(0);
    expect(extensionOriginRequests(sentry.requests)).toEqual([]);
  });
});

// ==================================================================================================

describe('Error details with a token without event:write', () => {
  let sentry: SentryStandIn;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    sentry = await startSentryStandIn();
    ext = await launchExtension({ sentryPort: sentry.port });
    await connectAndLink(ext, 'readonly-token');
  });

  afterAll(async () => {
    await ext?.close();
    await sentry?.close();
  });

  it('6. Resolve is refused: an alert names event:write, the change is rolled back and the buttons are disabled', async () => {
    const [issue, other] = projectIssues(sentry, PRIME_MOVER_ID) as [SentryIssue, SentryIssue];
    const page = await ext.openPopup();
    try {
      await waitForRow(page, issue.title);
      await openDetails(page, issue.title);

      const mark = sentry.requests.length;
      await button(page, 'Resolve').click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 10_000 });
      expect(await alert.textContent()).toContain('event:write');

      // Rolled back, and both buttons disabled with a reason that names the missing scope.
      const resolve = button(page, 'Resolve');
      await resolve.waitFor({ timeout: 5_000 });
      expect(await button(page, 'Unresolve').count()).toBe(0);
      await expect.poll(() => resolve.isDisabled(), { timeout: 5_000 }).toBe(true);
      expect(await button(page, 'Ignore').isDisabled()).toBe(true);
      const reasonId = await resolve.getAttribute('aria-describedby');
      expect(reasonId).toBeTruthy();
      expect(await page.locator(`[id="${reasonId}"]`).textContent()).toContain('event:write');

      // Sentry refused it, so nothing changed there.
      const puts = putsFor(sentry, issue.id, mark);
      expect(puts.map((p) => p.status)).toEqual([403]);
      expect(puts[0]?.headers.authorization).toBe('Bearer readonly-token');
      expect(sentry.getIssue(issue.id)?.status).toBe('unresolved');

      // Another error's details come with the buttons already disabled.
      await button(page, 'Back').click();
      await waitForRow(page, other.title);
      await openDetails(page, other.title);
      await expect.poll(() => button(page, 'Resolve').isDisabled(), { timeout: 5_000 }).toBe(true);
      expect(await button(page, 'Ignore').isDisabled()).toBe(true);
      expect(await page.getByText(/event:write/).count()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('no request to Sentry carried an extension Origin', () => {
    expect(sentry.requests.length).toBeGreaterThan(0);
    expect(extensionOriginRequests(sentry.requests)).toEqual([]);
  });
});
