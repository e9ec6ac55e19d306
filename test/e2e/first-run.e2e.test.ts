// A new user's first minutes, end to end in Chromium on the production build against the Sentry stand-in:
// the install opens the options on their welcome, text renders at the theme's 14px (not Chrome's 75% of it
// for extension pages), and the popup's list is one Tab stop, so Next page is a few Tabs away.
// The tests run in order and build on the state the previous ones left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  button,
  errorsList,
  waitUntil,
  GITLAB_APP,
  PRIME_MOVER_ID,
  PRIME_MOVER_OPTION,
  projectIssues,
  region,
  rowButton,
  setUpSentryLink,
  waitForRow,
} from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { startSentryStandIn, type SentryIssue, type SentryStandIn } from './standins/sentry';

const WELCOME = 'Welcome to Error Tracker for GitLab';

const fontSize = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).fontSize);
/** The focused element's role-ish description: its tag and text, for messages and comparisons. */
const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.localName}: ${document.activeElement?.textContent?.trim()}`);

describe('first run (production build against the Sentry stand-in)', () => {
  let sentry: SentryStandIn;
  let ext: ExtensionHarness;
  let popup: Page | undefined;
  let newest: SentryIssue[];

  beforeAll(async () => {
    sentry = await startSentryStandIn();
    ext = await launchExtension({ sentryPort: sentry.port });
    newest = projectIssues(sentry, PRIME_MOVER_ID);
  });

  afterAll(async () => {
    await ext?.close();
    await sentry?.close();
  });

  it('1. installing opens the options on the welcome, with the token pages linked', async () => {
    // The tab may already be there, its URL not yet committed: look until a page shows the options.
    const isOptions = (page: Page) => page.url().startsWith(`chrome-extension://${ext.extensionId}/options.html`);
    const options = (await waitUntil('the options tab', async () => ext.context.pages().find(isOptions), Boolean, 10_000))!;
    const welcome = region(options, WELCOME);
    await welcome.waitFor({ timeout: 10_000 });
    expect(await welcome.getByRole('link', { name: 'create a Sentry auth token' }).getAttribute('href')).toBe(
      'https://sentry.io/settings/account/api/auth-tokens/',
    );
    expect(await welcome.getByRole('link', { name: 'create a GitLab access token' }).getAttribute('href')).toBe(
      'https://gitlab.com/-/user_settings/personal_access_tokens?name=Error%20Tracker%20for%20GitLab&scopes=api',
    );
    await options.close();
  });

  it('2. the options render their labels at 14px', async () => {
    const options = await ext.openOptions();
    const sentry = region(options, 'Sentry');
    await sentry.waitFor({ timeout: 10_000 });
    expect(await fontSize(sentry.getByText('Sentry API URL', { exact: true }))).toBe('14px');
    expect(await fontSize(button(sentry, 'Connect'))).toBe('14px');
    await options.close();
  });

  it('3. after the options flow, the popup renders its rows and buttons at 14px', async () => {
    await setUpSentryLink(ext, { project: PRIME_MOVER_OPTION, gitlabProject: GITLAB_APP });
    popup = await ext.openPopup();
    await waitForRow(popup, newest[0]!.title);
    expect(await fontSize(rowButton(popup, newest[0]!.title))).toBe('14px');
    expect(await fontSize(button(popup, 'Refresh'))).toBe('14px');
  });

  it('4. the list is one Tab stop: from the filter, Next page is four Tabs away; arrows move within; Enter opens', async () => {
    const page = popup!;
    const rows = errorsList(page).locator('button.error-title');
    expect(await rows.count()).toBeGreaterThan(50);
    await page.getByRole('searchbox', { name: 'Filter by title' }).focus();
    const path: string[] = [];
    for (let tabs = 0; tabs < 6 && !(await button(page, 'Next page').evaluate((el) => el === document.activeElement)); tabs++) {
      await page.keyboard.press('Tab');
      path.push(await focused(page));
    }
    // Filter → Status → Sort by → Environment → the list's row → Next page (Previous page is disabled on page 1).
    expect(path, path.join(' | ')).toEqual([
      expect.stringMatching(/^select/),
      expect.stringMatching(/^select/),
      expect.stringMatching(/^select/),
      `button: ${newest[0]!.title}`,
      'button: Next page',
    ]);

    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe(`button: ${newest[0]!.title}`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe(`button: ${newest[2]!.title}`);
    // The row moved to keeps the Tab stop.
    expect(
      await rows.evaluateAll((buttons) => buttons.filter((b) => b.getAttribute('tabindex') === '0').map((b) => b.textContent)),
    ).toEqual([newest[2]!.title]);

    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 1, name: newest[2]!.title, exact: true });
    await heading.waitFor({ timeout: 5_000 });
    expect(await heading.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
