// axe-core on what a user sees, in light and dark: the options page (before and after connecting), the popup's
// list, the popup's details with a stack trace, and the "Error tracking" panel inside a GitLab project page
// (axe walks into its shadow root). Every rule, every impact: 0 violations.
// One browser and one pair of stand-ins; the tests run in order and build on the state the previous ones left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from './axe';
import {
  button,
  GITLAB_APP,
  PRIME_MOVER_ID,
  PRIME_MOVER_OPTION,
  projectIssues,
  region,
  rowButton,
  setUpSentryLink,
  statusTexts,
  waitForRow,
} from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { startGitlabStandIn, type GitlabStandIn } from './standins/gitlab';
import { fixtureEvents, startSentryStandIn, type SentryIssue, type SentryStandIn } from './standins/sentry';

type Scheme = 'light' | 'dark';
const SCHEMES: Scheme[] = ['light', 'dark'];

describe('axe-core finds nothing on the popup, the options and a GitLab panel, light and dark', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;
  let newest: SentryIssue;

  /** An extension page opened with the browser preferring `scheme`; the page must have followed it. */
  async function openExtensionPage(file: string, scheme: Scheme): Promise<Page> {
    const page = await ext.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`chrome-extension://${ext.extensionId}/${file}`);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
    return page;
  }

  /** Runs axe on `page` (inside `include` only, when given), logs what it found and expects nothing. */
  async function expectNoViolations(what: string, page: Page, include?: string): Promise<void> {
    const violations = await axeViolations(page, include);
    const nodes = violations.reduce((sum, v) => sum + v.nodes.length, 0);
    console.log(
      `[accessibility] ${what}: ${violations.length} violations (${nodes} nodes)${violations.length ? `\n${describeViolations(violations)}` : ''}`,
    );
    expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
  }

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn()]);
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    newest = projectIssues(sentry, PRIME_MOVER_ID)[0]!;
    sentry.setLatestEvent(newest.id, fixtureEvents.rubyWithStack());
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it.each(SCHEMES)('the options page before anything is connected (%s)', async (scheme) => {
    const page = await openExtensionPage('options.html', scheme);
    try {
      await region(page, 'Sentry').waitFor({ timeout: 10_000 });
      await page.waitForLoadState('networkidle');
      await expectNoViolations(`options, nothing connected, ${scheme}`, page);
    } finally {
      await page.close();
    }
  });

  it.each(SCHEMES)('the options page with Sentry and GitLab connected and a link (%s)', async (scheme) => {
    if (scheme === 'light') {
      await setUpSentryLink(ext, { project: PRIME_MOVER_OPTION, gitlabProject: GITLAB_APP, gitlab: { token: 'glpat-good' } });
    }
    const page = await openExtensionPage('options.html', scheme);
    try {
      await button(region(page, 'Linked projects'), `Edit ${GITLAB_APP}`).waitFor({ timeout: 10_000 });
      await expectNoViolations(`options, connected, ${scheme}`, page);
    } finally {
      await page.close();
    }
  });

  it.each(SCHEMES)('the popup list (%s)', async (scheme) => {
    const page = await openExtensionPage('popup.html', scheme);
    try {
      await waitForRow(page, newest.title);
      await expectNoViolations(`popup list, ${scheme}`, page);
    } finally {
      await page.close();
    }
  });

  it.each(SCHEMES)('the popup details with a stack trace (%s)', async (scheme) => {
    const page = await openExtensionPage('popup.html', scheme);
    try {
      await waitForRow(page, newest.title);
      await rowButton(page, newest.title).click();
      await region(page, 'Stack trace').getByRole('listitem').first().waitFor({ timeout: 10_000 });
      await button(page, 'Create issue').waitFor({ timeout: 10_000 });
      await expectNoViolations(`popup details, ${scheme}`, page);
    } finally {
      await page.close();
    }
  });

  it.each(SCHEMES)('the "Error tracking" panel on a GitLab project page, list and details (%s)', async (scheme) => {
    gitlab.setTheme(scheme);
    const page = await ext.context.newPage();
    try {
      await page.goto(`https://gitlab.com/${GITLAB_APP}`);
      expect(await page.evaluate(() => document.documentElement.classList.contains('gl-dark'))).toBe(scheme === 'dark');
      const panel = region(page, 'Error tracking');
      await rowButton(panel, newest.title).waitFor({ timeout: 15_000 });
      await expect.poll(() => statusTexts(panel), { timeout: 10_000, interval: 100 }).not.toContain('Refreshing…');
      expect(await page.locator('error-tracker-project').getAttribute('data-theme')).toBe(scheme);
      // Only the panel is the extension's: the stand-in's own page is not judged.
      await expectNoViolations(`GitLab project panel, ${scheme}`, page, 'error-tracker-project');

      await rowButton(panel, newest.title).click();
      await region(panel, 'Stack trace').getByRole('listitem').first().waitFor({ timeout: 10_000 });
      await expectNoViolations(`GitLab project panel, details, ${scheme}`, page, 'error-tracker-project');
    } finally {
      await page.close();
    }
  });
});
