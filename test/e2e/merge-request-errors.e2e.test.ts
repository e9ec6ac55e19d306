// Errors where the code changes, end to end: the production build in Chromium against the Sentry stand-in and
// the GitLab stand-in serving merge request !1 of group/app (REST: the merge request, its /diffs and /commits;
// pages: Overview, the classic Changes tab and Rapid Diffs, their files arriving after load).
//  - region "Errors in this merge request" on every tab: the errors whose in-app frames hit the changed files
//    ("app/billing/refunds.py:57 — changed line"), and the one first seen in one of its commits (short SHA);
//    none for a library frame, a same-named file elsewhere or a deleted file; details open in place; one
//    request per kind of data for the page's life, tab switches included;
//  - line markers in both diff renderings: "N error(s) on line L" beside the right new-side numbers and only
//    there, for files added later, re-mounted and expanded, never twice; the popover opens details; only the
//    user's own input acts; and beside `#L<n>` on a file page for "Errors in this file";
//  - nothing at all on an unlinked project's merge request.
// Each test builds on the state the previous ones left.
import { exceptionEntry } from './standins/sentry-events';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  button,
  describeRequest,
  errorsList,
  heardMessages,
  PRIME_MOVER_ID,
  PRIME_MOVER_OPTION,
  projectIssues,
  recordPageMessages,
  region,
  rowButton,
  SENTRY_TOKEN,
  setUpSentryLink,
  waitUntil,
} from './flows';
import { axeViolations, describeViolations } from './axe';
import { launchExtension, type ExtensionHarness } from './harness';
import { startSentryStandIn, type SentryIssue, type SentryStandIn } from './standins/sentry';
import { exampleLatestEvent, type JsonObject } from './standins/sentry-data';
import { PROJECT_IDS, startGitlabStandIn, type GitlabStandIn, type MergeRequestInput } from './standins/gitlab';
import { REFUNDS_TWO_HUNKS_DIFF } from '../support/refunds-diff';

const APP = 'group/app';
const OTHER = 'group/other';
const GITLAB = 'https://gitlab.com';
const MR = `${GITLAB}/${APP}/-/merge_requests/1`;
const PANEL = 'Errors in this merge request';
/** How long a page is given after its content script was answered before "nothing there" is believed. */
const SETTLE_MS = 1_200;

const sha = (text: string) => createHash('sha1').update(text).digest('hex');
const NEWER_COMMIT = sha('group/app: Raise on a missing payment');
const OLDER_COMMIT = sha('group/app: Refund per item');

function mergeRequest(iid: number): MergeRequestInput {
  return {
    iid,
    title: 'Refunds per item',
    description: 'Refund by item instead of by order.',
    commits: [
      { id: NEWER_COMMIT, title: 'Raise on a missing payment', parent_ids: [OLDER_COMMIT] },
      { id: OLDER_COMMIT, title: 'Refund per item' },
    ],
    files: [
      { path: 'app/billing/refunds.py', diff: REFUNDS_TWO_HUNKS_DIFF },
      { path: 'docs/refunds.md', diff: '@@ -1,2 +1,3 @@\n # Refunds\n+Refunds are made per item.\n \n' },
      { path: 'app/legacy/report.rb', deletedFile: true, diff: '@@ -1,2 +0,0 @@\n-class Report\n-end\n' },
      { path: 'app/billing/credit_notes.py', newFile: true, diff: '@@ -0,0 +1,2 @@\n+class CreditNote:\n+    pass\n' },
      // Last: on the classic tab it comes in the third batch, in Rapid Diffs after the page's HTML.
      {
        path: 'app/models/user.rb',
        diff: '@@ -10,3 +10,4 @@ class User\n   has_many :orders\n+  has_many :refunds\n \n   def full_name\n',
      },
    ],
  };
}

/** A Sentry event (the example's shape) with one exception of these frames, oldest first like Sentry's. */
function eventWithFrames(frames: Array<{ file: string; line: number; inApp: boolean }>): JsonObject {
  return {
    ...exampleLatestEvent(),
    platform: 'python',
    entries: [exceptionEntry('ValueError', 'boom', frames)],
  };
}

// --- page helpers: roles and names; custom elements and GitLab's own markup only to say where a marker is ---

/** The markers on the page: their names, and the file, line and side of the number each stands beside. */
function markerPlaces(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('error-tracker-line')].map((marker) => {
      const anchor = marker.nextElementSibling as HTMLElement;
      const file = marker.closest('.diff-file, diff-file');
      const cell = file ? (anchor.closest('td, .diff-line-num') as HTMLElement | null) : null;
      const numbers = cell?.parentElement?.querySelectorAll(':scope > .diff-line-num') ?? [];
      const newSide = cell ? cell.matches('[data-position="new"], .new_line') || cell === numbers[numbers.length - 1] : true;
      const buttonBox = marker.shadowRoot!.querySelector('button')!.getBoundingClientRect();
      const anchorBox = (anchor.closest('tr, .diff-grid-row, .line-links') ?? anchor).getBoundingClientRect();
      const fileData = file?.getAttribute('data-file-data');
      return {
        name: marker.shadowRoot!.querySelector('button')!.getAttribute('aria-label'),
        file: file ? (file.getAttribute('data-path') ?? JSON.parse(fileData ?? '{}').new_path) : location.pathname.split('/blob/main/')[1],
        line: Number(anchor.getAttribute('data-linenumber') ?? anchor.getAttribute('data-line-number')),
        newSide,
        // Beside its line: the button's middle lies within the line's row.
        onItsRow:
          buttonBox.height > 0 &&
          buttonBox.top + buttonBox.height / 2 >= anchorBox.top &&
          buttonBox.top + buttonBox.height / 2 <= anchorBox.bottom,
      };
    }),
  );
}

const lineMarker = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** The list items saying where a row's error hits. */
const hitsOf = (panel: Locator, title: string) =>
  panel
    .getByRole('listitem')
    .filter({ has: button(panel.page(), title) })
    .getByRole('list', { name: 'Where it hits' })
    .getByRole('listitem');

describe('errors where the code changes (production build against the stand-ins)', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;
  let page: Page;
  /** prime-mover's unresolved errors, newest first: the ones the panels read frames of. */
  let recent: SentryIssue[];
  let atChangedLine: SentryIssue;
  let atContextLine: [SentryIssue, SentryIssue];
  let outsideTheDiff: SentryIssue;
  let aboveTheHunk: SentryIssue;
  let firstSeen: SentryIssue;
  let notListed: SentryIssue[];

  const mergeRequestRequests = () =>
    gitlab.requests
      .filter((r) => r.path.startsWith('/api/') && r.path.includes('/merge_requests/'))
      .map((r) => r.path.replace(/^.*\/merge_requests\//, ''));

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([
      startSentryStandIn(),
      startGitlabStandIn({ mergeRequests: { [PROJECT_IDS.app]: [mergeRequest(1)], [PROJECT_IDS.other]: [mergeRequest(1)] } }),
    ]);
    recent = projectIssues(sentry, PRIME_MOVER_ID);
    [atChangedLine, atContextLine, outsideTheDiff, aboveTheHunk, firstSeen] = [
      recent[0]!,
      [recent[1]!, recent[2]!],
      recent[3]!,
      recent[4]!,
      recent[12]!,
    ];
    notListed = [recent[5]!, recent[6]!, recent[7]!];
    sentry.setLatestEvent(
      atChangedLine.id,
      eventWithFrames([
        { file: 'app/controllers/refunds_controller.py', line: 8, inApp: true },
        { file: 'app/billing/refunds.py', line: 57, inApp: true },
        { file: 'app/models/user.rb', line: 11, inApp: true },
      ]),
    );
    for (const issue of atContextLine)
      sentry.setLatestEvent(issue.id, eventWithFrames([{ file: 'app/billing/refunds.py', line: 58, inApp: true }]));
    sentry.setLatestEvent(outsideTheDiff.id, eventWithFrames([{ file: 'app/billing/refunds.py', line: 200, inApp: true }]));
    sentry.setLatestEvent(aboveTheHunk.id, eventWithFrames([{ file: 'app/billing/refunds.py', line: 49, inApp: true }]));
    // A library frame in a changed file, a same-named file in another folder, a file the merge request deletes.
    sentry.setLatestEvent(notListed[0]!.id, eventWithFrames([{ file: 'app/billing/refunds.py', line: 56, inApp: false }]));
    sentry.setLatestEvent(notListed[1]!.id, eventWithFrames([{ file: 'app/views/refunds.py', line: 57, inApp: true }]));
    sentry.setLatestEvent(notListed[2]!.id, eventWithFrames([{ file: 'app/legacy/report.rb', line: 1, inApp: true }]));
    // Every other recent error has frames in none of the merge request's files.
    for (const issue of recent.slice(8, 25)) {
      if (issue !== firstSeen) sentry.setLatestEvent(issue.id, eventWithFrames([{ file: 'app/jobs/nightly.py', line: 3, inApp: true }]));
    }
    sentry.setFirstRelease(firstSeen.id, OLDER_COMMIT);

    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    await setUpSentryLink(ext, {
      token: SENTRY_TOKEN,
      project: PRIME_MOVER_OPTION,
      gitlabProject: APP,
      blur: true,
      gitlab: { token: 'glpat-good', until: { status: 'Connected as @alice' } },
      badgeTimeoutMs: 20_000,
    });
    await recordPageMessages(ext);
    page = await ext.context.newPage();
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  const LISTED = () => [atChangedLine, ...atContextLine, outsideTheDiff, aboveTheHunk, firstSeen].map((issue) => issue.title).sort();
  /** The markers every rendering of the Changes tab shows once all its files are in. */
  const CHANGES_MARKERS = [
    { name: '1 error on line 57', file: 'app/billing/refunds.py', line: 57, newSide: true, onItsRow: true },
    { name: '2 errors on line 58', file: 'app/billing/refunds.py', line: 58, newSide: true, onItsRow: true },
    { name: '1 error on line 11', file: 'app/models/user.rb', line: 11, newSide: true, onItsRow: true },
  ];
  const sortPlaces = <T extends { file: string; line: number }>(places: T[]) =>
    [...places].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);

  it('a. Overview: the errors hitting its changed files and the one first seen in its commits, each saying where', async () => {
    gitlab.clearLog();
    await page.goto(MR);
    const panel = region(page, PANEL);
    await panel.waitFor({ timeout: 30_000 });
    const titles = await errorsList(panel).locator('button.error-title').allTextContents();
    expect([...titles].sort()).toEqual(LISTED());

    expect(await hitsOf(panel, atChangedLine.title).allTextContents()).toEqual([
      'app/billing/refunds.py:57 — changed line',
      'app/models/user.rb:11 — changed line',
    ]);
    for (const issue of atContextLine) expect(await hitsOf(panel, issue.title).allTextContents()).toEqual(['app/billing/refunds.py:58']);
    expect(await hitsOf(panel, outsideTheDiff.title).allTextContents()).toEqual(['app/billing/refunds.py:200']);
    const seenRow = panel.getByRole('listitem').filter({ has: button(page, firstSeen.title) });
    const commitLink = seenRow.getByRole('link', { name: OLDER_COMMIT.slice(0, 8), exact: true });
    expect(await commitLink.getAttribute('href')).toBe(`/${APP}/-/commit/${OLDER_COMMIT}`);
    expect(await seenRow.getByText('First seen in commit').count()).toBe(1);

    // No markers off the Changes tab.
    expect(await page.locator('error-tracker-line').count()).toBe(0);
    const panelViolations = await axeViolations(page, 'error-tracker-merge-request');
    expect(panelViolations, describeViolations(panelViolations)).toEqual([]);
    // One request per kind of data: every page of /diffs (one here) and /commits.
    expect(mergeRequestRequests().sort()).toEqual(['1/commits', '1/diffs']);

    // The title opens the details in place, with the usual actions.
    await rowButton(panel, atChangedLine.title).click();
    await panel.getByRole('heading', { name: atChangedLine.title, exact: true }).waitFor({ timeout: 10_000 });
    expect(await button(panel, 'Resolve').count()).toBe(1);
    expect(await button(panel, 'Ignore').count()).toBe(1);
    expect(page.url()).toBe(MR);
    await button(panel, 'Back').click();
    await rowButton(panel, firstSeen.title).waitFor();
  });

  it('b. switching to Changes in place: markers beside the right new-side numbers as files arrive, and nothing asked again', async () => {
    await page.getByRole('link', { name: 'Changes', exact: true }).click();
    await page.waitForURL(`${MR}/diffs`);
    expect(await page.evaluate(() => document.body.dataset.page)).toBe('projects:merge_requests:show');
    await expect.poll(async () => sortPlaces(await markerPlaces(page)), { timeout: 20_000 }).toEqual(CHANGES_MARKERS);
    await expect.poll(() => page.evaluate(() => (window as any).standInDiffs.pending()), { timeout: 10_000 }).toBe(0);
    await page.waitForTimeout(SETTLE_MS);
    expect(sortPlaces(await markerPlaces(page))).toEqual(CHANGES_MARKERS);
    expect(await region(page, PANEL).count()).toBe(1);
    expect(mergeRequestRequests().sort()).toEqual(['1/commits', '1/diffs']);

    // The virtual scroller drops a file and mounts a fresh copy: its markers come back, once.
    expect(await page.evaluate(() => (window as any).standInDiffs.remount('app/billing/refunds.py'))).toBe(true);
    await expect.poll(async () => sortPlaces(await markerPlaces(page)), { timeout: 10_000 }).toEqual(CHANGES_MARKERS);
    await page.waitForTimeout(SETTLE_MS);
    expect(sortPlaces(await markerPlaces(page))).toEqual(CHANGES_MARKERS);
  });

  it('c. a marker works from the keyboard: its popover lists the errors, one opens its details; Escape goes back', async () => {
    const marker = lineMarker(page, '2 errors on line 58');
    await marker.focus();
    await page.keyboard.press('Enter');
    const popover = page.getByRole('dialog', { name: 'Errors on line 58' });
    await popover.waitFor({ timeout: 5_000 });
    expect(await marker.getAttribute('aria-expanded')).toBe('true');
    expect((await popover.getByRole('button').allTextContents()).sort()).toEqual(atContextLine.map((i) => i.title).sort());
    const markerViolations = await axeViolations(page, 'error-tracker-line');
    expect(markerViolations, describeViolations(markerViolations)).toEqual([]);
    // Focus is in the list; Escape closes it and returns to the marker.
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await marker.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);

    await page.keyboard.press('Space');
    await popover.waitFor({ timeout: 5_000 });
    const [, second] = atContextLine;
    await popover.getByRole('button', { name: second.title, exact: true }).focus();
    await page.keyboard.press('Enter');
    const panel = region(page, PANEL);
    await panel.getByRole('heading', { name: second.title, exact: true }).waitFor({ timeout: 10_000 });
    await popover.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await button(panel, 'Resolve').count()).toBe(1);
    await button(panel, 'Back').click();
  });

  it('d. the page’s own scripts cannot open a marker or an error', async () => {
    // Locator.evaluate runs in the page's own world: its click() and events are the page's, not the user's.
    const marker = lineMarker(page, '1 error on line 57');
    const scripted = await marker.evaluate((button) => {
      (button as HTMLButtonElement).click();
      button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      return {
        expanded: button.getAttribute('aria-expanded'),
        list: (button.getRootNode() as ShadowRoot).querySelector('[role="dialog"]') !== null,
      };
    });
    expect(scripted).toEqual({ expanded: 'false', list: false });

    // Opened by the user, the list's buttons still ignore the page's clicks.
    await marker.click();
    const popover = page.getByRole('dialog', { name: 'Errors on line 57' });
    await popover.waitFor({ timeout: 5_000 });
    await popover.getByRole('button', { name: atChangedLine.title, exact: true }).evaluate((item) => (item as HTMLButtonElement).click());
    await page.waitForTimeout(300);
    expect(await popover.isVisible()).toBe(true);
    expect(await region(page, PANEL).getByRole('heading', { name: atChangedLine.title, exact: true }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'hidden', timeout: 5_000 });
  });

  it('e. the classic Changes tab loaded directly: the same markers once its batches are in; a click opens the details', async () => {
    gitlab.clearLog();
    await page.goto(`${MR}/diffs`);
    await region(page, PANEL).waitFor({ timeout: 20_000 });
    await expect.poll(async () => sortPlaces(await markerPlaces(page)), { timeout: 20_000 }).toEqual(CHANGES_MARKERS);
    // A new page: asked again, once.
    expect(mergeRequestRequests().sort()).toEqual(['1/commits', '1/diffs']);

    await lineMarker(page, '1 error on line 57').click();
    const popover = page.getByRole('dialog', { name: 'Errors on line 57' });
    await popover.getByRole('button', { name: atChangedLine.title, exact: true }).click();
    await region(page, PANEL).getByRole('heading', { name: atChangedLine.title, exact: true }).waitFor({ timeout: 10_000 });
  });

  it('f. Rapid Diffs: markers in files streamed after load, and beside lines expanded later', async () => {
    await page.goto(`${MR}/diffs?rapid_diffs=true`);
    expect(await page.evaluate(() => document.body.dataset.page)).toBe('projects:merge_requests:rapid_diffs');
    await region(page, PANEL).waitFor({ timeout: 20_000 });
    await expect.poll(async () => sortPlaces(await markerPlaces(page)), { timeout: 20_000 }).toEqual(CHANGES_MARKERS);
    expect(await lineMarker(page, '1 error on line 49').count()).toBe(0);

    // GitLab's "expand up" adds lines 47–51 above the first hunk: line 49 gets its marker.
    await page
      .locator('diff-file', { hasText: 'app/billing/refunds.py' })
      .getByRole('button', { name: 'Show lines before' })
      .first()
      .click();
    const expected = sortPlaces([
      ...CHANGES_MARKERS,
      { name: '1 error on line 49', file: 'app/billing/refunds.py', line: 49, newSide: true, onItsRow: true },
    ]);
    await expect.poll(async () => sortPlaces(await markerPlaces(page)), { timeout: 10_000 }).toEqual(expected);

    await lineMarker(page, '1 error on line 49').click();
    await page.getByRole('dialog', { name: 'Errors on line 49' }).getByRole('button', { name: aboveTheHunk.title, exact: true }).click();
    await region(page, PANEL).getByRole('heading', { name: aboveTheHunk.title, exact: true }).waitFor({ timeout: 10_000 });
  });

  it('g. leaving the merge request removes its markers and its panel', async () => {
    await page.evaluate((to) => {
      history.pushState({}, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/${APP}/-/issues`);
    await expect.poll(() => page.locator('error-tracker-line').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => region(page, PANEL).count(), { timeout: 10_000 }).toBe(0);
  });

  it('h. a file page: markers beside #L<n> for the errors "Errors in this file" lists', async () => {
    await page.goto(`${GITLAB}/${APP}/-/blob/main/app/models/user.rb`);
    const panel = region(page, 'Errors in this file');
    await panel.waitFor({ timeout: 20_000 });
    expect(await errorsList(panel).locator('button.error-title').allTextContents()).toEqual([atChangedLine.title]);
    await expect
      .poll(() => markerPlaces(page), { timeout: 10_000 })
      .toEqual([{ name: '1 error on line 11', file: 'app/models/user.rb', line: 11, newSide: true, onItsRow: true }]);
    expect(await page.evaluate(() => document.querySelector('error-tracker-line')!.nextElementSibling!.id)).toBe('L11');

    await lineMarker(page, '1 error on line 11').click();
    await page.getByRole('dialog', { name: 'Errors on line 11' }).getByRole('button', { name: atChangedLine.title, exact: true }).click();
    await panel.getByRole('heading', { name: atChangedLine.title, exact: true }).waitFor({ timeout: 10_000 });
  });

  it('i. an unlinked project’s merge request: no panel, no markers, nothing asked of Sentry or of GitLab’s API', async () => {
    // What the last page's details were still reading is answered first.
    await page.goto('about:blank');
    const unanswered = () => [...sentry.requests, ...gitlab.requests].filter((r) => r.status === undefined).length;
    await waitUntil(
      'the stand-ins to answer what was asked before',
      async () => unanswered(),
      (n) => n === 0,
      15_000,
    );
    gitlab.clearLog();
    const sentryBefore = sentry.requests.length;
    for (const url of [`${GITLAB}/${OTHER}/-/merge_requests/1`, `${GITLAB}/${OTHER}/-/merge_requests/1/diffs?rapid_diffs=true`]) {
      const since = Date.now();
      await page.goto(url);
      await waitUntil(
        `the loader of ${url} to ask for its link`,
        async () => (await heardMessages(ext))?.some((m) => m.type === 'panelContext' && m.url === url && m.at >= since) ?? true,
        (asked) => asked,
        10_000,
      );
      await page.waitForTimeout(SETTLE_MS);
      expect(await page.getByRole('heading', { name: 'Refunds per item', exact: true }).count()).toBe(1);
      expect(await region(page, PANEL).count()).toBe(0);
      expect(await page.locator('error-tracker-line').count()).toBe(0);
      expect(await heardMessages(ext).then((heard) => heard?.filter((m) => m.url === url).map((m) => m.type))).toEqual(['panelContext']);
    }
    // (The linked project's GitLab state, which the last details view asked for, may still be on its way.)
    const aboutTheUnlinked = gitlab.requests.filter(
      (r) => r.path.startsWith('/api/') && (/\/projects\/(102|group%2Fother)\b/.test(r.path) || r.path.includes('/merge_requests/')),
    );
    expect(aboutTheUnlinked.map(describeRequest)).toEqual([]);
    expect(sentry.requests.slice(sentryBefore).map(describeRequest)).toEqual([]);
  });
});
