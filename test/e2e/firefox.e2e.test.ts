// The production Firefox build (.output/firefox-mv2) in Debian's Firefox ESR, driven over WebDriver BiDi, against
// the Sentry and GitLab stand-ins: the user's path from Connect to a GitLab panel, as the Chromium files check
// it in more depth. One browser for the whole file (Firefox takes ~10 s to start here); tests run in order and
// build on each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  extensionOriginRequests,
  GITLAB_APP,
  GITLAB_TOKEN,
  PRIME_MOVER_ID,
  PRIME_MOVER_OPTION,
  projectIssues,
  SENTRY_TOKEN,
  waitUntil,
} from './flows';
import { byLabel, byRole, check, countByRole, fill, selectByLabel, textsByRole } from './firefox/dom';
import { launchFirefox, type FirefoxHarness } from './firefox/harness';
import { startGitlabStandIn, type GitlabStandIn } from './standins/gitlab';
import { exampleLatestEvent, type JsonObject } from './standins/sentry-data';
import { startSentryStandIn, type SentryIssue, type SentryStandIn } from './standins/sentry';

/** The file names of the stack frames in an event (Sentry's shape). */
function frameFiles(event: JsonObject): string[] {
  const entries = (event.entries ?? []) as Array<{
    type: string;
    data: { values?: Array<{ stacktrace?: { frames?: Array<{ filename?: string }> } }> };
  }>;
  return entries
    .filter((entry) => entry.type === 'exception')
    .flatMap((entry) => entry.data.values ?? [])
    .flatMap((value) => value.stacktrace?.frames ?? [])
    .flatMap((frame) => (frame.filename ? [frame.filename] : []));
}

const statusTexts = (page: Page) => textsByRole(page, 'status');

/**
 * The text of the region named `name` in one of the extension's panels, or null while there is none. Panels live
 * in open shadow roots, which puppeteer's ARIA selectors do not enter in Firefox; a panel's region is a section
 * named by its heading (aria-labelledby).
 */
function panelRegionText(page: Page, name: string): Promise<string | null> {
  return page.evaluate((wanted) => {
    for (const host of document.querySelectorAll('*')) {
      if (!host.localName.startsWith('error-tracker-') || !host.shadowRoot) continue;
      for (const region of host.shadowRoot.querySelectorAll('section[aria-labelledby]')) {
        const label = host.shadowRoot.getElementById(region.getAttribute('aria-labelledby') ?? '');
        if (label?.textContent?.trim() === wanted) return region.textContent ?? '';
      }
    }
    return null;
  }, name);
}

describe('Firefox ESR: the Firefox build end to end (WebDriver BiDi, stand-ins behind a proxy)', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ff: FirefoxHarness;
  /** prime-mover's unresolved issues at the start, newest first. */
  let initial: SentryIssue[];

  const badgeText = async () => (await ff.badge()).text;
  const rowTitles = async (page: Page) => {
    const list = await byRole(page, 'list', 'Errors');
    return list.evaluate((el) => [...el.querySelectorAll('li button.error-title')].map((b) => b.textContent?.trim() ?? ''));
  };

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn()]);
    ff = await launchFirefox({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    initial = projectIssues(sentry, PRIME_MOVER_ID);
    expect(initial).toHaveLength(130);
  });

  afterAll(async () => {
    await ff?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it('1. Connect Sentry in the options and link prime-mover to group/app', async () => {
    const options = await ff.openExtensionPage('options.html');
    try {
      const region = await byRole(options, 'region', 'Sentry');
      await fill(await byLabel(region, 'Auth Token'), SENTRY_TOKEN);
      await (await byRole(region, 'button', 'Connect')).click();
      await expect
        .poll(() => statusTexts(options), { timeout: 15_000 })
        .toEqual([expect.stringMatching(/^Connected: 2 projects in 1 organization/)]);
      expect(await countByRole(options, 'alert')).toBe(0);

      await selectByLabel(await byRole(region, 'combobox', 'Project'), PRIME_MOVER_OPTION);
      await fill(await byRole(region, 'textbox', 'GitLab project'), GITLAB_APP);
      await check(await byRole(region, 'checkbox', 'Active'));
      await (await byRole(region, 'button', 'Save changes')).click();
      await expect
        .poll(() => statusTexts(options), { timeout: 10_000 })
        .toContain(`Saved. ${GITLAB_APP} shows the errors of Sentry: ${PRIME_MOVER_OPTION}.`);
    } finally {
      await options.close();
    }
  });

  it('2. the toolbar badge counts the 130 unresolved errors', async () => {
    await expect.poll(badgeText, { timeout: 20_000, interval: 250 }).toBe('130');
  });

  it("3. the popup lists the newest 100 unresolved errors, newest first, at the theme's 14px; Environment filters them", async () => {
    const popup = await ff.openExtensionPage('popup.html');
    try {
      const firstRow = await byRole(popup, 'button', initial[0]!.title);
      await expect.poll(() => rowTitles(popup), { timeout: 15_000 }).toEqual(initial.slice(0, 100).map((issue) => issue.title));
      // The theme's 14px, as in Chromium (test/e2e/first-run): the body takes the theme's font in both.
      expect(await firstRow.evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');
      expect(await (await byRole(popup, 'button', 'Refresh')).evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');

      // Environment "staging" lists only staging's errors; back to all for the tests after this one.
      const environment = await byRole(popup, 'combobox', 'Environment');
      const optionLabels = () => environment.evaluate((el) => [...(el as HTMLSelectElement).options].map((o) => o.textContent?.trim()));
      await expect.poll(optionLabels, { timeout: 10_000 }).toEqual(['All environments', 'production', 'staging']);
      await selectByLabel(environment, 'staging');
      const staging = initial.filter((issue) => issue.environments?.includes('staging'));
      await expect.poll(() => rowTitles(popup), { timeout: 15_000 }).toEqual(staging.slice(0, 100).map((issue) => issue.title));
      await selectByLabel(environment, 'All environments');
      await expect.poll(() => rowTitles(popup), { timeout: 15_000 }).toEqual(initial.slice(0, 100).map((issue) => issue.title));
    } finally {
      await popup.close();
    }
  });

  it('4. details show the stack trace; Resolve reaches Sentry without an extension Origin and the badge drops', async () => {
    const issue = initial[1]!;
    const popup = await ff.openExtensionPage('popup.html');
    try {
      await (await byRole(popup, 'button', issue.title)).click();
      await byRole(popup, 'heading', issue.title);
      const stack = await byRole(popup, 'region', 'Stack trace');
      const files = frameFiles(exampleLatestEvent());
      expect(files.length).toBeGreaterThan(0);
      const stackText = await stack.evaluate((el) => el.textContent ?? '');
      expect(stackText).toContain(files.at(-1));

      const mark = sentry.requests.length;
      await (await byRole(popup, 'button', 'Resolve')).click();
      await byRole(popup, 'button', 'Unresolve');
      await expect.poll(() => sentry.getIssue(issue.id)?.status, { timeout: 10_000 }).toBe('resolved');
      const puts = sentry.requests.slice(mark).filter((r) => r.method === 'PUT' && r.path.includes(`/issues/${issue.id}/`));
      expect(puts).toHaveLength(1);
      // Firefox adds `Origin: moz-extension://<uuid>` to an extension's PUT, which Sentry refuses; the rule removes it.
      expect(puts[0]!.headers.origin).toBeUndefined();
      expect(puts[0]!.status).toBe(200);
      await expect.poll(badgeText, { timeout: 15_000, interval: 250 }).toBe('129');
    } finally {
      await popup.close();
    }
  });

  it('5. with GitLab connected, the project page on gitlab.com shows the "Error tracking" panel', async () => {
    const options = await ff.openExtensionPage('options.html');
    try {
      const region = await byRole(options, 'region', 'GitLab');
      await fill(await byLabel(region, 'Personal access token'), GITLAB_TOKEN);
      await (await byRole(region, 'button', 'Connect')).click();
      await expect.poll(() => textsByRole(region, 'status'), { timeout: 15_000 }).toContain('Connected as @alice');
    } finally {
      await options.close();
    }

    const page = await ff.openWebPage(
      `https://gitlab.com/${GITLAB_APP}`,
      `document.body?.dataset.projectFullPath === ${JSON.stringify(GITLAB_APP)}`,
    );
    try {
      const unresolved = projectIssues(sentry, PRIME_MOVER_ID);
      expect(unresolved).toHaveLength(129);
      await waitUntil(
        'the "Error tracking" panel to list the newest unresolved error',
        () => panelRegionText(page, 'Error tracking'),
        (text) => Boolean(text?.includes('129 unresolved') && text.includes(unresolved[0]!.title)),
        20_000,
      );
    } finally {
      await page.close();
    }
  });

  it('6. no request to Sentry or GitLab carried an extension Origin', () => {
    expect(extensionOriginRequests(sentry.requests)).toEqual([]);
    expect(extensionOriginRequests(gitlab.requests)).toEqual([]);
    expect(sentry.requests.filter((r) => r.status === 400)).toEqual([]);
  });
});
