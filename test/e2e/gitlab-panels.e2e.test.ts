// The content script's panels on GitLab pages, end to end: the production build in Chromium against the
// Sentry stand-in and the GitLab stand-in's GitLab 18.x-shaped pages (standins/gitlab-pages.ts).
//  - gitlab.com (one browser, set up once with the options flow): project home (region "Error tracking",
//    exactly once across full and in-page navigations, details in place, Resolve), issue pages (region
//    "Error"), file pages ("Errors in this file" with line links), commit pages ("Errors first seen in this
//    commit"), GitLab's Error Tracking page when its feature is off, an unlinked project (nothing at all, no
//    Sentry request), a hostile error title, the dark theme.
//  - a self-hosted GitLab (another browser): gitlab.example.test, allowed at run time, gets the panels; the
//    same path on gitlab.com (someone else's project there) gets none.
//  - page scripts: clicking the panel's buttons from the page changes nothing; the content script's world
//    cannot read the extension's storage.
// Each describe's tests run in order and build on the state the previous ones left.
import { exceptionEntry } from './standins/sentry-events';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  alertTexts,
  button,
  describeRequest,
  errorsList,
  extensionOriginRequests,
  heardMessages,
  link,
  ORG,
  PRIME_MOVER_ID,
  PRIME_MOVER_OPTION,
  projectIssues,
  recordPageMessages,
  region,
  rowButton,
  SENTRY_TOKEN,
  setUpSentryLink,
  statusTexts,
  waitUntil,
  type SetUpLinkOptions,
} from './flows';
import { grantHostPermission, launchExtension, type ExtensionHarness } from './harness';
import { startSentryStandIn, type SentryIssue, type SentryStandIn } from './standins/sentry';
import { exampleLatestEvent, type JsonObject } from './standins/sentry-data';
import { COMMITS, DEFAULT_ERROR_TRACKING, PROJECT_IDS, startGitlabStandIn, type GitlabStandIn } from './standins/gitlab';

// The chrome global inside the extension's pages and worker; evaluated callbacks run there, not in Node.
declare const chrome: any;

const PUMP_STATION_ID = '2';
const APP = 'group/app';
const OTHER = 'group/other';
const APP_ID = PROJECT_IDS.app;
const GITLAB_COM = 'https://gitlab.com';
const SELF_HOSTED = 'https://gitlab.example.test';
const PANEL_TAGS = ['error-tracker-project', 'error-tracker-list', 'error-tracker-issue', 'error-tracker-file', 'error-tracker-commit'];
const HOSTILE_TITLE = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;
/** How long a page is given after the content script's request was answered before "no panel" is believed. */
const SETTLE_MS = 1_200;

// --- the stand-ins' data and logs ---------------------------------------------------------------

const unresolvedNewestFirst = (sentry: SentryStandIn, projectId = PRIME_MOVER_ID): SentryIssue[] => projectIssues(sentry, projectId);

/** A Sentry event (the example's shape) whose only exception has these frames, oldest first like Sentry's. */
function eventWithFrames(
  type: string,
  value: string,
  frames: Array<{ file: string; line: number; inApp: boolean; fn?: string }>,
): JsonObject {
  const base = exampleLatestEvent();
  return {
    ...base,
    platform: 'ruby',
    entries: [exceptionEntry(type, value, frames)],
  };
}

// --- page helpers (roles and accessible names; custom elements only to count panels) ------------------

/** The row titles of a list "Errors", in order. */
async function rowTitles(scope: Page | Locator): Promise<string[]> {
  const list = errorsList(scope);
  return list.locator('button.error-title').allTextContents();
}

/** How many of the extension's panel elements the page holds, by tag. */
function panelCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate((tags) => {
    const counts: Record<string, number> = {};
    for (const el of document.querySelectorAll('*')) {
      if (el.localName.startsWith('error-tracker-')) counts[el.localName] = (counts[el.localName] ?? 0) + 1;
    }
    for (const tag of tags) counts[tag] ??= 0;
    return counts;
  }, PANEL_TAGS);
}

const anyPanel = async (page: Page) => Object.values(await panelCounts(page)).reduce((a, b) => a + b, 0);

/** Installed before any page script: records the most panel elements the document ever held at once. */
async function trackMaxPanels(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __maxPanels: number; __panelCount(): number };
    w.__maxPanels = 0;
    w.__panelCount = () => [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('error-tracker-')).length;
    new MutationObserver(() => {
      w.__maxPanels = Math.max(w.__maxPanels, w.__panelCount());
    }).observe(document, { childList: true, subtree: true });
  });
}
const maxPanels = (page: Page) => page.evaluate(() => (window as unknown as { __maxPanels?: number }).__maxPanels ?? -1);

// --- what the background hears from pages (recordPageMessages), so "no panel" is believed only after asking ---

/** Waits until a page at `url` sent `type`; false when the worker lost the recorder (restarted) meanwhile. */
async function waitForPageMessage(ext: ExtensionHarness, type: string, url: string, since: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const heard = await heardMessages(ext);
    if (heard === null) {
      // The worker restarted and forgot what it heard; the caller falls back to waiting longer.
      console.warn(`gitlab-panels: the background's message recorder was gone while waiting for ${type} from ${url}`);
      await recordPageMessages(ext);
      return false;
    }
    if (heard.some((m) => m.type === type && m.url === url && m.at >= since)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No ${type} message from ${url} within ${timeoutMs} ms`);
}

/** Waits until no request to the stand-in is still unanswered. */
async function sentryIdle(sentry: SentryStandIn, timeoutMs = 15_000): Promise<void> {
  await waitUntil(
    'the Sentry stand-in to answer every request',
    async () => sentry.requests.filter((r) => r.status === undefined).length,
    (n) => n === 0,
    timeoutMs,
  );
}

// --- the options flow -----------------------------------------------------------------------------

/**
 * Connects Sentry, links group/app to prime-mover (Active), saves; then connects GitLab at `gitlab.url` as
 * @alice. The poller has counted and cached prime-mover's first page once the badge shows 130.
 */
function setUpLink(ext: ExtensionHarness, gitlab: NonNullable<SetUpLinkOptions['gitlab']> & { url: string }): Promise<void> {
  return setUpSentryLink(ext, {
    token: SENTRY_TOKEN,
    project: PRIME_MOVER_OPTION,
    gitlabProject: APP,
    blur: true,
    saved: `Saved. ${APP} shows the errors of Sentry: ${PRIME_MOVER_OPTION}.`,
    gitlab: { token: 'glpat-good', until: { status: 'Connected as @alice' }, ...gitlab },
    badge: '130',
    badgeTimeoutMs: 20_000,
  });
}

// ==================================================================================================

describe('GitLab page panels on gitlab.com (production build against the Sentry and GitLab stand-ins)', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;
  let page: Page;
  let popup: Page | undefined;
  /** prime-mover's unresolved issues at the start, newest first. */
  let initial: SentryIssue[];

  /** A fresh tab that tracks how many panels it ever held. */
  async function newTab(): Promise<Page> {
    const tab = await ext.context.newPage();
    await trackMaxPanels(tab);
    return tab;
  }

  /** Opens `url` and waits until the page asked the background for its project's link and was answered. */
  async function openAndSettle(tab: Page, url: string): Promise<void> {
    const since = Date.now();
    await tab.goto(url);
    const heard = await waitForPageMessage(ext, 'panelContext', url, since);
    await sentryIdle(sentry);
    await tab.waitForTimeout(heard ? SETTLE_MS : SETTLE_MS * 3);
  }

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn()]);
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    initial = unresolvedNewestFirst(sentry);
    expect(initial).toHaveLength(130);
    await setUpLink(ext, { url: GITLAB_COM });
    await recordPageMessages(ext);
    page = await newTab();
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it('a. project home: one region "Error tracking" with "130 unresolved" and the newest errors; stays single across navigations; details in place; Resolve', async () => {
    const home = `${GITLAB_COM}/${APP}`;
    await page.goto(home);
    const panel = region(page, 'Error tracking');
    await panel.waitFor({ timeout: 15_000 });
    await expect.poll(() => panel.getByText('130 unresolved', { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    // The first page: the stand-in's unresolved issues of prime-mover, newest lastSeen first.
    await rowButton(panel, initial[0]!.title).waitFor({ timeout: 10_000 });
    await expect.poll(() => statusTexts(panel), { timeout: 10_000, interval: 100 }).not.toContain('Refreshing…');
    const titles = await rowTitles(panel);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).toEqual(initial.slice(0, titles.length).map((i) => i.title));
    expect(titles.length).toBe(Math.min(100, initial.length));
    // The panel's own controls.
    expect(await panel.getByRole('heading', { name: 'Error tracking', exact: true }).count()).toBe(1);
    expect(await panel.getByRole('searchbox', { name: 'Filter by title' }).count()).toBe(1);
    expect(await panel.getByRole('combobox', { name: 'Status' }).count()).toBe(1);
    expect(await panel.getByRole('combobox', { name: 'Sort by' }).count()).toBe(1);
    // Exactly once: one custom element and one region; it sits inside GitLab's #content-body.
    expect((await panelCounts(page))['error-tracker-project']).toBe(1);
    expect(await region(page, 'Error tracking').count()).toBe(1);
    expect(await page.evaluate(() => Boolean(document.querySelector('#content-body error-tracker-project')))).toBe(true);

    const expectOnePanel = async (why: string) => {
      await region(page, 'Error tracking').waitFor({ timeout: 15_000 });
      await page.waitForTimeout(SETTLE_MS);
      expect((await panelCounts(page))['error-tracker-project'], why).toBe(1);
      expect(await region(page, 'Error tracking').count(), why).toBe(1);
      expect(await maxPanels(page), `${why}: most panels held at once`).toBe(1);
    };

    // Away and back: a full page load elsewhere, then Back, then a fresh load of the home page.
    await page.goto(`${GITLAB_COM}/${APP}/-/issues`);
    expect(await anyPanel(page)).toBe(0);
    await page.goBack();
    expect(page.url()).toBe(home);
    await expectOnePanel('after Back');
    await page.goto(`${GITLAB_COM}/${APP}/-/issues`);
    await page.goto(home);
    await expectOnePanel('after leaving and loading the home page again');

    // In-page navigation (GitLab's Vue routers): pushState + popstate to another path of the project and back.
    const inPage = async (path: string) =>
      page.evaluate((to) => {
        history.pushState({ to }, '', to);
        dispatchEvent(new PopStateEvent('popstate', { state: { to } }));
      }, path);
    await inPage(`/${APP}/-/tree/main`);
    await page.waitForTimeout(SETTLE_MS);
    expect(await maxPanels(page), 'after pushState to another path').toBeLessThanOrEqual(1);
    expect((await panelCounts(page))['error-tracker-project']).toBeLessThanOrEqual(1);
    await inPage(`/${APP}`);
    await expectOnePanel('after pushState back to the home page');
    await page.evaluate(() => history.back());
    await page.waitForTimeout(SETTLE_MS);
    expect(await maxPanels(page), 'after history.back()').toBeLessThanOrEqual(1);
    await page.evaluate(() => history.forward());
    await expectOnePanel('after history.forward()');

    // Choosing a title opens its details in place.
    const chosen = initial[0]!;
    const current = region(page, 'Error tracking');
    await rowButton(current, chosen.title).click();
    await current.getByRole('heading', { name: chosen.title, exact: true }).waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(home); // in place: no navigation
    await button(current, 'Back').waitFor({ timeout: 5_000 });
    expect(await button(current, 'Ignore').count()).toBe(1);
    expect(await button(current, 'Resolve').count()).toBe(1);
    expect(await link(current, 'View in Sentry').getAttribute('href')).toBe(chosen.permalink);
    await region(current, 'Stack trace').waitFor({ timeout: 10_000 });

    // Resolve there: the stand-in's issue is resolved; no Sentry request named the extension's origin.
    await button(current, 'Resolve').click();
    await expect.poll(() => sentry.getIssue(chosen.id)?.status, { timeout: 10_000 }).toBe('resolved');
    await button(current, 'Unresolve').waitFor({ timeout: 5_000 });
    expect(await alertTexts(current)).toEqual([]);
    expect(extensionOriginRequests(sentry.requests)).toEqual([]);
    expect(sentry.requests.filter((r) => r.method === 'PUT' && r.path.includes(`/issues/${chosen.id}/`)).map((r) => r.status)).toEqual([
      200,
    ]);
  });

  it('b. issue page: region "Error" for an issue made by "Create issue" and for one whose description links the Sentry issue; none otherwise', async () => {
    // Create issue from the popup for one error.
    const created = initial[1]!;
    popup = await ext.openPopup();
    await rowButton(popup, created.title).waitFor({ timeout: 15_000 });
    await rowButton(popup, created.title).click();
    await popup.getByRole('heading', { level: 1, name: created.title, exact: true }).waitFor({ timeout: 10_000 });
    const create = button(popup, 'Create issue');
    await create.waitFor({ timeout: 10_000 });
    await expect.poll(() => create.isEnabled(), { timeout: 5_000 }).toBe(true);
    await create.click();
    await link(popup, 'View issue').waitFor({ timeout: 10_000 });
    const made = gitlab.issues(APP_ID).find((i) => (i.description ?? '').includes(created.permalink));
    expect(made).toBeDefined();
    await popup.close();
    popup = undefined;

    const expectErrorRegion = async (iid: number, issue: SentryIssue) => {
      await page.goto(`${GITLAB_COM}/${APP}/-/issues/${iid}`);
      const panel = region(page, 'Error');
      await panel.waitFor({ timeout: 15_000 });
      await panel.getByRole('heading', { name: issue.title, exact: true }).waitFor({ timeout: 10_000 });
      expect(await button(panel, 'Ignore').count()).toBe(1);
      expect(await button(panel, 'Resolve').count()).toBe(1);
      expect(await button(panel, 'Back').count()).toBe(0);
      expect((await panelCounts(page))['error-tracker-issue']).toBe(1);
      expect(await page.evaluate(() => Boolean(document.querySelector('#content-body error-tracker-issue')))).toBe(true);
    };
    await expectErrorRegion(made!.iid, created);

    // An issue someone wrote by hand, linking the Sentry issue's permalink in its description.
    const linked = initial[2]!;
    const handWritten = gitlab.addIssue(APP_ID, {
      title: 'Checkout breaks for some users',
      description: `Customers report a blank page.\n\nSentry: ${linked.permalink}\n\nSee also [the dashboard](https://example.com/dash).`,
    });
    await expectErrorRegion(handWritten.iid, linked);

    // Descriptions that link no Sentry issue of prime-mover: no region "Error".
    const pumpIssue = unresolvedNewestFirst(sentry, PUMP_STATION_ID)[0]!;
    const nothing = gitlab.addIssue(APP_ID, {
      title: 'Plain issue',
      description: 'Nothing linked here. See https://example.com/issues/5/ for the spec.',
    });
    const otherProject = gitlab.addIssue(APP_ID, {
      title: 'Other project',
      description: `Another project's error: ${pumpIssue.permalink}`,
    });
    for (const issue of [nothing, otherProject]) {
      const url = `${GITLAB_COM}/${APP}/-/issues/${issue.iid}`;
      const since = Date.now();
      await page.goto(url);
      await waitForPageMessage(ext, 'issueErrors', url, since);
      await sentryIdle(sentry);
      await page.waitForTimeout(SETTLE_MS);
      expect(await region(page, 'Error').count(), `issue #${issue.iid} (${issue.title})`).toBe(0);
      expect((await panelCounts(page))['error-tracker-issue'], `issue #${issue.iid}`).toBe(0);
    }
  });

  it('c. file page: "Errors in this file" lists the two errors with in-app frames in app/models/user.rb, linking their lines', async () => {
    const now = unresolvedNewestFirst(sentry);
    const [at12, at40, elsewhere] = [now[3]!, now[4]!, now[5]!];
    sentry.setLatestEvent(
      at12.id,
      eventWithFrames('NoMethodError', "undefined method 'name' for nil", [
        { file: 'app/controllers/users_controller.rb', line: 8, inApp: true, fn: 'show' },
        { file: 'app/models/user.rb', line: 12, inApp: true, fn: 'full_name' },
      ]),
    );
    sentry.setLatestEvent(
      at40.id,
      eventWithFrames('ActiveRecord::RecordInvalid', 'Validation failed', [
        { file: 'gems/activerecord/lib/active_record/validations.rb', line: 80, inApp: false, fn: 'save!' },
        { file: 'app/models/user.rb', line: 40, inApp: true, fn: 'activate!' },
      ]),
    );
    // Same file name in another folder (one shared segment), and the right file only in a library frame.
    sentry.setLatestEvent(
      elsewhere.id,
      eventWithFrames('RuntimeError', 'boom', [
        { file: 'app/models/user.rb', line: 99, inApp: false, fn: 'callback' },
        { file: 'app/views/user.rb', line: 12, inApp: true, fn: 'render' },
      ]),
    );

    await page.goto(`${GITLAB_COM}/${APP}/-/blob/main/app/models/user.rb`);
    const panel = region(page, 'Errors in this file');
    await panel.waitFor({ timeout: 20_000 });
    const titles = await rowTitles(panel);
    expect([...titles].sort()).toEqual([at12.title, at40.title].sort());
    const rowOf = (title: string) => panel.getByRole('listitem').filter({ has: button(page, title) });
    expect(await link(rowOf(at12.title), '12').getAttribute('href')).toMatch(/#L12$/);
    expect(await link(rowOf(at40.title), '40').getAttribute('href')).toMatch(/#L40$/);
    expect(await rowOf(at12.title).getByRole('link').count()).toBe(1);
    expect(await rowOf(at40.title).getByRole('link').count()).toBe(1);
    expect((await panelCounts(page))['error-tracker-file']).toBe(1);
  });

  it('d. commit page: "Errors first seen in this commit" by release = SHA and release = web@SHA; a commit without errors shows none', async () => {
    const now = unresolvedNewestFirst(sentry);
    const [bySha, byVersion] = [now[6]!, now[7]!];
    sentry.setFirstRelease(bySha.id, COMMITS.appFix);
    const version = `web@${COMMITS.appInitial}`;
    sentry.setFirstRelease(byVersion.id, version);
    sentry.addRelease({ version, projects: [PRIME_MOVER_ID] });
    const quiet = createHash('sha1').update('group/app: Update README').digest('hex');
    gitlab.addCommit(APP_ID, {
      id: quiet,
      title: 'Update README',
      parent_ids: [COMMITS.appFix],
      created_at: '2025-02-10T09:00:00.000+00:00',
    });

    const expectCommitErrors = async (sha: string, issue: SentryIssue) => {
      await page.goto(`${GITLAB_COM}/${APP}/-/commit/${sha}`);
      const panel = region(page, 'Errors first seen in this commit');
      await panel.waitFor({ timeout: 15_000 });
      expect(await rowTitles(panel), `commit ${sha.slice(0, 8)}`).toEqual([issue.title]);
      expect((await panelCounts(page))['error-tracker-commit']).toBe(1);
    };
    await expectCommitErrors(COMMITS.appFix, bySha);
    await expectCommitErrors(COMMITS.appInitial, byVersion);
    // The releases list was asked with the commit's SHA prefix.
    const releaseLookups = sentry.requests.filter((r) => r.path === `/api/0/organizations/${ORG}/releases/`);
    expect(releaseLookups.some((r) => COMMITS.appInitial.startsWith(new URLSearchParams(r.query).get('query') ?? '-'))).toBe(true);

    const url = `${GITLAB_COM}/${APP}/-/commit/${quiet}`;
    const since = Date.now();
    await page.goto(url);
    await waitForPageMessage(ext, 'commitErrors', url, since);
    await sentryIdle(sentry);
    await page.waitForTimeout(SETTLE_MS);
    expect(await region(page, 'Errors first seen in this commit').count()).toBe(0);
    expect((await panelCounts(page))['error-tracker-commit']).toBe(0);
  });

  it('e. Error Tracking page with GitLab\'s feature off: region "Error tracking" before #js-error_tracking; left alone when on', async () => {
    gitlab.setErrorTrackingSettings(APP_ID, { ...DEFAULT_ERROR_TRACKING, active: false });
    try {
      await page.goto(`${GITLAB_COM}/${APP}/-/error_tracking`);
      expect(await page.locator('#js-error_tracking').getAttribute('data-error-tracking-enabled')).toBe('false');
      const panel = region(page, 'Error tracking');
      await panel.waitFor({ timeout: 15_000 });
      await errorsList(panel).getByRole('button').first().waitFor({ timeout: 10_000 });
      expect((await panelCounts(page))['error-tracker-list']).toBe(1);
      expect(await region(page, 'Error tracking').count()).toBe(1);
      const before = await page.evaluate(() => {
        const host = document.querySelector('error-tracker-list');
        const mount = document.getElementById('js-error_tracking');
        return Boolean(host && mount && host.compareDocumentPosition(mount) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      expect(before).toBe(true);
    } finally {
      gitlab.setErrorTrackingSettings(APP_ID, { ...DEFAULT_ERROR_TRACKING });
    }

    // GitLab's own list is in use: no panel there.
    await page.goto(`${GITLAB_COM}/${APP}/-/error_tracking`);
    expect(await page.locator('#js-error_tracking').getAttribute('data-error-tracking-enabled')).toBe('true');
    await page.waitForTimeout(SETTLE_MS * 2);
    expect(await anyPanel(page)).toBe(0);
  });

  it('f. unlinked project group/other: no panel on its home, issue and file pages, and no request to Sentry', async () => {
    const otherIssue = gitlab.addIssue(OTHER, { title: 'Mentions an error', description: `Same as ${initial[3]!.permalink}` });
    const urls = [
      `${GITLAB_COM}/${OTHER}`,
      `${GITLAB_COM}/${OTHER}/-/issues/${otherIssue.iid}`,
      `${GITLAB_COM}/${OTHER}/-/blob/main/app/models/user.rb`,
    ];
    await sentryIdle(sentry);
    const before = sentry.requests.length;
    for (const url of urls) {
      await openAndSettle(page, url);
      expect(await anyPanel(page), url).toBe(0);
      expect(await region(page, 'Error tracking').count(), url).toBe(0);
      expect(await region(page, 'Error').count(), url).toBe(0);
      expect(await region(page, 'Errors in this file').count(), url).toBe(0);
    }
    expect(sentry.requests.slice(before).map(describeRequest)).toEqual([]);
  });

  it('g. hostile error title: shown as text in the project panel, no <img> in the shadow root, document.title unchanged', async () => {
    const hostile = sentry.addIssue({ project: { id: PRIME_MOVER_ID }, title: HOSTILE_TITLE });
    await page.goto(`${GITLAB_COM}/${APP}`);
    const pageTitle = await page.title();
    expect(pageTitle).toBe('Group / App · GitLab');
    const panel = region(page, 'Error tracking');
    await rowButton(panel, hostile.title).waitFor({ timeout: 15_000 });
    expect(await rowButton(panel, HOSTILE_TITLE).count()).toBe(1);
    await page.waitForTimeout(500); // an injected <img src=x> would have failed and run its onerror by now
    const inShadow = await page.evaluate(() => {
      const root = document.querySelector('error-tracker-project')?.shadowRoot;
      return root ? { img: root.querySelectorAll('img').length, script: root.querySelectorAll('script').length } : null;
    });
    expect(inShadow).toEqual({ img: 0, script: 0 });
    expect(await page.title()).toBe(pageTitle);

    // Its details, too.
    await rowButton(panel, HOSTILE_TITLE).click();
    await panel.getByRole('heading', { name: HOSTILE_TITLE, exact: true }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    expect(
      await page.evaluate(() => document.querySelector('error-tracker-project')?.shadowRoot?.querySelectorAll('img, script').length),
    ).toBe(0);
    expect(await page.title()).toBe(pageTitle);
  });

  it('h. dark theme: the panel follows GitLab\'s gl-dark (data-theme="dark", a dark background)', async () => {
    gitlab.setTheme('dark');
    try {
      await page.goto(`${GITLAB_COM}/${APP}`);
      expect(await page.evaluate(() => document.documentElement.classList.contains('gl-dark'))).toBe(true);
      await region(page, 'Error tracking').waitFor({ timeout: 15_000 });
      expect(await page.locator('error-tracker-project').getAttribute('data-theme')).toBe('dark');
      const luminance = await page.evaluate(() => {
        const panel = document.querySelector('error-tracker-project')?.shadowRoot?.querySelector('.panel, section');
        if (!panel) return null;
        const rgb =
          getComputedStyle(panel)
            .backgroundColor.match(/[\d.]+/g)
            ?.map(Number) ?? [];
        const [r = 255, g = 255, b = 255, a = 1] = rgb;
        if (a === 0) return { transparent: true };
        const lin = (c: number) => {
          const s = c / 255;
          return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return { value: 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b), color: getComputedStyle(panel).backgroundColor };
      });
      expect(luminance, 'the panel paints its own background').not.toHaveProperty('transparent');
      expect(luminance?.value, `panel background ${JSON.stringify(luminance)}`).toBeLessThan(0.3);
      // Native controls (the selects' lists, scrollbars) go dark with it: the host's reset must not undo this.
      const schemeOf = () =>
        page.evaluate(() => {
          const select = document.querySelector('error-tracker-project')?.shadowRoot?.querySelector('select');
          return select ? getComputedStyle(select).colorScheme : null;
        });
      expect(await schemeOf()).toBe('dark');

      // And light again on a light page.
      gitlab.setTheme('light');
      await page.goto(`${GITLAB_COM}/${APP}`);
      await region(page, 'Error tracking').waitFor({ timeout: 15_000 });
      expect(await page.locator('error-tracker-project').getAttribute('data-theme')).toBe('light');
      expect(await schemeOf()).toBe('light');
    } finally {
      gitlab.setTheme('light');
    }
  });

  it("j. a page script that clicks Resolve, Ignore and Create issue in the open shadow root changes nothing; the user's click and Enter still work", async () => {
    await page.goto(`${GITLAB_COM}/${APP}`);
    const panel = region(page, 'Error tracking');
    const target = unresolvedNewestFirst(sentry).find(
      (issue, index) => index >= 10 && !gitlab.issues(APP_ID).some((i) => (i.description ?? '').includes(issue.permalink)),
    )!;
    await rowButton(panel, target.title).waitFor({ timeout: 15_000 });
    await rowButton(panel, target.title).click();
    await panel.getByRole('heading', { name: target.title, exact: true }).waitFor({ timeout: 10_000 });
    const create = button(panel, 'Create issue');
    await create.waitFor({ timeout: 10_000 });
    await expect.poll(() => create.isEnabled(), { timeout: 5_000 }).toBe(true);
    await sentryIdle(sentry);
    const before = { sentry: sentry.requests.length, gitlab: gitlab.requests.length };

    // The GitLab page's own script (main world): everything it can do to a button it can see.
    const pressed = await page.evaluate(() => {
      const root = document.querySelector('error-tracker-project')?.shadowRoot;
      const buttons = [...(root?.querySelectorAll('button') ?? [])];
      const found = ['Ignore', 'Resolve', 'Create issue'].map((name) => buttons.find((b) => b.textContent?.trim() === name));
      const duration = root?.querySelector('select[aria-label], .ignore-duration select') as HTMLSelectElement | null;
      if (duration) {
        duration.value = '60';
        duration.dispatchEvent(new Event('change', { bubbles: true }));
      }
      for (const b of found) {
        if (!b) continue;
        b.click();
        b.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
        b.focus();
        b.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        b.dispatchEvent(new KeyboardEvent('keyup', { key: ' ', bubbles: true }));
      }
      return found.map(Boolean);
    });
    expect(pressed).toEqual([true, true, true]);
    await page.waitForTimeout(SETTLE_MS);
    await sentryIdle(sentry);
    const writes = <R extends { method: string }>(requests: R[]) => requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
    expect(writes(sentry.requests.slice(before.sentry)).map(describeRequest)).toEqual([]);
    expect(writes(gitlab.requests.slice(before.gitlab)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(sentry.getIssue(target.id)?.status).toBe('unresolved');
    expect(await button(panel, 'Resolve').count()).toBe(1);
    expect(await button(panel, 'Ignore').count()).toBe(1);
    expect(await create.isEnabled()).toBe(true);

    // The user's own input: Enter on Create issue, a click on Resolve.
    await create.focus();
    await page.keyboard.press('Enter');
    await link(panel, 'View issue').waitFor({ timeout: 10_000 });
    expect(gitlab.issues(APP_ID).filter((i) => (i.description ?? '').includes(target.permalink))).toHaveLength(1);
    await button(panel, 'Resolve').click();
    await expect.poll(() => sentry.getIssue(target.id)?.status, { timeout: 10_000 }).toBe('resolved');
  });

  it("k. the content script's own world cannot read the extension's storage (TRUSTED_CONTEXTS)", async () => {
    await page.goto(`${GITLAB_COM}/${APP}`);
    await region(page, 'Error tracking').waitFor({ timeout: 15_000 });
    const cdp = await ext.context.newCDPSession(page);
    const contexts: Array<{ id: number; name: string; auxData?: { type?: string } }> = [];
    cdp.on('Runtime.executionContextCreated', (event: { context: { id: number; name: string; auxData?: { type?: string } } }) => {
      contexts.push(event.context);
    });
    await cdp.send('Runtime.enable');
    const isolated = contexts.find((c) => c.auxData?.type === 'isolated');
    expect(isolated, `execution contexts: ${JSON.stringify(contexts.map((c) => [c.name, c.auxData?.type]))}`).toBeDefined();
    const read = await cdp.send('Runtime.evaluate', {
      contextId: isolated!.id,
      awaitPromise: true,
      returnByValue: true,
      expression: `chrome.storage.local.get('sentryConnection').then((items) => 'read: ' + Object.keys(items).join(','), (error) => 'refused: ' + error.message)`,
    });
    expect((read as { result: { value: string } }).result.value).toMatch(/^refused: /);
    // The extension itself still reads it.
    expect(Object.keys(await ext.storage())).toContain('sentryConnection');
    await cdp.detach();
  });

  it('no request to either stand-in carried an extension Origin', () => {
    expect(extensionOriginRequests(sentry.requests)).toEqual([]);
    expect(extensionOriginRequests(gitlab.requests)).toEqual([]);
    // The pages were requested under gitlab.com, like a user's tab.
    expect(gitlab.requests.filter((r) => !r.path.startsWith('/api/')).every((r) => r.host === 'gitlab.com')).toBe(true);
  });
});

// ==================================================================================================

describe('GitLab page panels on a self-hosted GitLab (gitlab.example.test, allowed at run time)', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn({ hosts: ['gitlab.example.test'] })]);
    ext = await launchExtension({
      sentryPort: sentry.port,
      gitlabPort: gitlab.port,
      extraHostMaps: { 'gitlab.example.test': gitlab.port },
    });
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it('i. connecting https://gitlab.example.test registers the content script there: its project home shows region "Error tracking"; the same path on gitlab.com gets nothing', async () => {
    const pattern = `${SELF_HOSTED}/*`;
    await setUpLink(ext, {
      url: SELF_HOSTED,
      before: async (options) => {
        await grantHostPermission(ext.context, ext.extensionId, pattern);
        expect(await options.evaluate((origin) => chrome.permissions.request({ origins: [origin] }) as Promise<boolean>, pattern)).toBe(
          true,
        );
      },
    });
    const stored = (await ext.storage()).gitlabConnection as { baseUrl?: string; username?: string } | undefined;
    expect(stored).toMatchObject({ baseUrl: SELF_HOSTED, username: 'alice' });
    // GitLab's API was reached under the self-hosted name.
    expect(gitlab.requests.some((r) => r.host === 'gitlab.example.test' && r.path === '/api/v4/user' && r.status === 200)).toBe(true);

    await waitUntil(
      'the content script to be registered for gitlab.example.test',
      () =>
        ext.serviceWorker.evaluate(
          async () => (await chrome.scripting.getRegisteredContentScripts()) as Array<{ id: string; matches: string[] }>,
        ),
      (scripts) => scripts.some((s) => s.matches.includes(pattern)),
      10_000,
    );

    const page = await ext.context.newPage();
    await trackMaxPanels(page);
    await page.goto(`${SELF_HOSTED}/${APP}`);
    expect(await page.evaluate(() => location.origin)).toBe(SELF_HOSTED);
    expect(await page.evaluate(() => (window as unknown as { gon: { gitlab_url: string } }).gon.gitlab_url)).toBe(SELF_HOSTED);
    const panel = region(page, 'Error tracking');
    await panel.waitFor({ timeout: 15_000 });
    await expect.poll(() => panel.getByText('130 unresolved', { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    const newest = unresolvedNewestFirst(sentry)[0]!;
    await rowButton(panel, newest.title).waitFor({ timeout: 10_000 });
    expect((await panelCounts(page))['error-tracker-project']).toBe(1);
    expect(await maxPanels(page)).toBe(1);

    // The same path on gitlab.com is someone else's project: its content script asks, and gets nothing.
    await recordPageMessages(ext);
    await waitUntil(
      'the Sentry stand-in to answer every request',
      async () => sentry.requests.filter((r) => r.status === undefined).length,
      (n) => n === 0,
      15_000,
    );
    const sentryBefore = sentry.requests.length;
    const stranger = `${GITLAB_COM}/${APP}`;
    const since = Date.now();
    await page.goto(stranger);
    const heard = await waitForPageMessage(ext, 'panelContext', stranger, since);
    await page.waitForTimeout(heard ? SETTLE_MS : SETTLE_MS * 3);
    expect(await anyPanel(page)).toBe(0);
    expect(await region(page, 'Error tracking').count()).toBe(0);
    expect(sentry.requests.slice(sentryBefore).map(describeRequest)).toEqual([]);
    // Its own GitLab still shows it.
    await page.goto(`${SELF_HOSTED}/${APP}`);
    await region(page, 'Error tracking').waitFor({ timeout: 15_000 });
    expect((await panelCounts(page))['error-tracker-project']).toBe(1);

    expect(gitlab.requests.some((r) => r.host === 'gitlab.example.test' && r.path === `/${APP}`)).toBe(true);
    expect(extensionOriginRequests(sentry.requests)).toEqual([]);
    expect(extensionOriginRequests(gitlab.requests)).toEqual([]);
  });
});
