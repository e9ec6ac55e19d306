// Links whose Backend is "GitLab", end to end against the production build and the GitLab stand-in in session
// mode (docs/gitlab-integrated.md): connecting GitLab with no Sentry token at all, linking group/app, the badge
// and the popup list from GraphQL (string counts), GitLab's warm-up nulls ("Waiting for GitLab…"), the
// Ignored list through the session-only web endpoint (a 204 first), the details with the highlighted stack
// trace shown as text, Create issue through GitLab's form (linked by sentry_issue_identifier), Resolve
// closing the linked issue, the signed-out state, a Reporter's disabled buttons, and the options' region
// "Integrated error tracking" (client keys: create, copy, remove; a never-set-up project explained).
// No request may reach the Sentry stand-in, and none to GitLab may carry the extension's Origin. A last block
// pages through more errors than GitLab returns at once (20: ListIssuesService ignores GraphQL's `first`,
// and SentryErrorsResolver passes only `after` on as Sentry's cursor, never `before`).
// Each describe block shares one browser and stand-ins; its tests run in order, building on each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  alertTexts,
  button,
  connectGitlab,
  describeRequest,
  errorsList,
  extensionOriginRequests,
  link,
  openRowDetails,
  region,
  statusTexts,
  texts,
  waitForRow as waitForListRow,
  waitUntil,
} from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { startSentryStandIn, type SentryStandIn } from './standins/sentry';
import {
  ACCESS_LEVEL,
  COMMITS,
  DEFAULT_RAISING_CONTEXT,
  PROJECT_IDS,
  startGitlabStandIn,
  type GitlabStandIn,
  type TrackedError,
} from './standins/gitlab';
import { callGitlab } from './standins/https-client';

const APP = 'group/app';
const OTHER = 'group/other';
const APP_ID = PROJECT_IDS.app; // 101: alice is a Developer
const OTHER_ID = PROJECT_IDS.other; // 102: alice is a Maintainer, no error tracking settings
const SESSION_COOKIE = '_gitlab_session';

// --- the stand-ins' data and logs ---------------------------------------------------------------

const byLastSeen = (a: TrackedError, b: TrackedError) =>
  Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || Number(b.sentryId) - Number(a.sentryId);
const errorsWith = (gitlab: GitlabStandIn, status: TrackedError['status']) =>
  gitlab
    .trackedErrors(APP_ID)
    .filter((e) => e.status === status)
    .sort(byLastSeen);

const webListCalls = (gitlab: GitlabStandIn, since: number, status: string) =>
  gitlab.requests
    .slice(since)
    .filter((r) => r.path === `/${APP}/-/error_tracking.json` && new URLSearchParams(r.query).get('issue_status') === status);
const issueFormPosts = (gitlab: GitlabStandIn, since = 0) =>
  gitlab.requests.slice(since).filter((r) => r.method === 'POST' && r.path === `/${APP}/-/issues`);
const statusPuts = (gitlab: GitlabStandIn, since = 0) =>
  gitlab.requests.slice(since).filter((r) => r.method === 'PUT' && r.path.startsWith(`/${APP}/-/error_tracking/`));
const graphqlCalls = (gitlab: GitlabStandIn, since = 0) => gitlab.requests.slice(since).filter((r) => r.path === '/api/graphql');

/** A REST call from Node to the stand-in, as a GitLab user setting things up in GitLab itself would. */
const gitlabApi = (gitlab: GitlabStandIn, method: string, path: string, token = 'glpat-good') =>
  callGitlab(gitlab, method, path, { token });

// --- page helpers (roles and accessible names only) -----------------------------------------------

const row = (page: Page, title: string) =>
  errorsList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: title, exact: true }) });

async function rowTitles(page: Page): Promise<string[]> {
  return texts(errorsList(page).getByRole('button'));
}

/** Waits until the list shows `title` and no load is in flight (GitLab's answers take longer). */
const waitForRow = (page: Page, title: string) => waitForListRow(page, title, 20_000);

/** Opens the details of `title` and waits until they and the GitLab part have loaded. */
async function openDetails(page: Page, title: string): Promise<void> {
  await openRowDetails(page, title);
  await expect.poll(() => page.getByText('Loading details…', { exact: true }).count(), { timeout: 20_000 }).toBe(0);
  await expect.poll(() => page.getByText('Checking GitLab…', { exact: true }).count(), { timeout: 20_000 }).toBe(0);
}

const statusSelect = (page: Page) => page.getByRole('combobox', { name: 'Status', exact: true });
const sortSelect = (page: Page) => page.getByRole('combobox', { name: 'Sort by', exact: true });

/** Connects GitLab with glpat-good from the options page. */
async function connectGitlabAsAlice(page: Page): Promise<void> {
  expect(await region(page, 'GitLab').getByRole('textbox', { name: 'GitLab URL' }).inputValue()).toBe('https://gitlab.com');
  const gitlabRegion = await connectGitlab(page, { token: 'glpat-good', until: { status: 'Connected as @alice' } });
  expect(await alertTexts(gitlabRegion)).toEqual([]);
}

/** Saves a GitLab-backend link from the options page's Sentry region and waits for its confirmation. */
async function saveGitlabLink(page: Page, path: string, active: boolean): Promise<void> {
  const sentryRegion = region(page, 'Sentry');
  const backend = sentryRegion.getByRole('combobox', { name: 'Backend', exact: true });
  expect(await backend.getByRole('option').allTextContents()).toEqual(['Sentry', 'GitLab']);
  await backend.selectOption({ label: 'GitLab' });
  const project = sentryRegion.getByRole('textbox', { name: 'GitLab project', exact: true });
  await project.fill(path);
  await project.blur();
  const checkbox = sentryRegion.getByRole('checkbox', { name: 'Active', exact: true });
  if (active) await checkbox.check();
  else await checkbox.uncheck();
  await button(sentryRegion, 'Save changes').click();
  const want = active
    ? `Saved. ${path} shows the errors of GitLab error tracking.`
    : `Saved. ${path} is not active: check Active to show its errors.`;
  await waitUntil(
    `"${want}"`,
    () => statusTexts(sentryRegion),
    (s) => s.includes(want),
    15_000,
  );
  expect(await alertTexts(sentryRegion)).toEqual([]);
}

/** What the clipboard holds, read the way a user would: Ctrl+V into a scratch text field of the page. */
async function pastedText(page: Page): Promise<string> {
  const scratch = await page.evaluateHandle(() => {
    const field = document.createElement('textarea');
    field.setAttribute('aria-label', 'Clipboard check');
    document.body.append(field);
    field.focus();
    return field;
  });
  try {
    await page.keyboard.press('Control+V');
    return await scratch.evaluate((field) => (field as HTMLTextAreaElement).value);
  } finally {
    await scratch.evaluate((field) => (field as HTMLElement).remove());
    await scratch.dispose();
  }
}

async function signIn(ext: ExtensionHarness, gitlab: GitlabStandIn, username: string): Promise<string> {
  const cookie = gitlab.signIn(username);
  await ext.context.addCookies([
    { name: SESSION_COOKIE, value: cookie, domain: 'gitlab.com', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' },
  ]);
  return cookie;
}

// ==================================================================================================

describe('GitLab backend (production build against the GitLab stand-in with web sessions)', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;
  let options: Page | undefined;
  let popup: Page | undefined;
  /** group/app's errors at the start, newest first. */
  let unresolved: TrackedError[];
  let ignored: TrackedError[];
  const NO_METHOD = "NoMethodError: undefined method `display_name' for nil:NilClass";
  const TYPE_ERROR = "TypeError: Cannot read properties of undefined (reading 'map')";

  const openPopup = async () => {
    await popup?.close();
    popup = await ext.openPopup();
    return popup;
  };

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn({ sessions: {} })]);
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    unresolved = errorsWith(gitlab, 'unresolved');
    ignored = errorsWith(gitlab, 'ignored');
    expect(unresolved).toHaveLength(14);
    expect(unresolved[0]?.title).toBe(NO_METHOD);
    expect(unresolved[1]?.title).toBe(TYPE_ERROR);
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it('1. connects GitLab with no Sentry token and links group/app with Backend GitLab; the badge shows its unresolved count', async () => {
    options = await ext.openOptions();
    await connectGitlabAsAlice(options);
    await saveGitlabLink(options, APP, true);

    const links = (await ext.storage()).links as Array<Record<string, unknown>>;
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ gitlabProject: APP, gitlabProjectId: APP_ID, backend: 'gitlab', active: true });
    expect(links[0]).not.toHaveProperty('sentry');
    await expect.poll(async () => (await ext.badge()).text, { timeout: 20_000, interval: 200 }).toBe(String(unresolved.length));
    expect(graphqlCalls(gitlab).length).toBeGreaterThan(0);
    expect(graphqlCalls(gitlab).every((r) => r.headers['private-token'] === 'glpat-good')).toBe(true);
    expect(sentry.requests.map(describeRequest)).toEqual([]);
  });

  it('2. popup: the list "Errors" comes from GraphQL, newest first; counts sent as strings render as numbers', async () => {
    const page = await openPopup();
    await waitForRow(page, NO_METHOD);
    expect(await rowTitles(page)).toEqual(unresolved.map((e) => e.title));
    // '1204' (a string, as GitLab passes Sentry's count on) and 311 (a number).
    expect(typeof unresolved[0]!.count).toBe('string');
    expect(typeof unresolved[1]!.count).toBe('number');
    expect(await row(page, NO_METHOD).textContent()).toContain('1,204 events');
    expect(await row(page, NO_METHOD).textContent()).toContain('311 users');
    expect(await row(page, TYPE_ERROR).textContent()).toContain('311 events');
    expect(await alertTexts(page)).toEqual([]);

    // GitLab's API has no environment filter: the control is off and says why, read out with it.
    const environment = page.getByRole('combobox', { name: 'Environment', exact: true });
    const describedBy = () =>
      environment.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    await expect.poll(describedBy, { timeout: 5_000 }).toMatch(/^GitLab's API has no environment filter/);
    expect(await environment.isDisabled()).toBe(true);
  });

  it('3. warm-up: while GitLab answers null the list says "Waiting for GitLab…" as a status, then appears by itself', async () => {
    const page = popup!;
    await waitForRow(page, NO_METHOD);
    const mark = gitlab.requests.length;
    gitlab.warmUp(APP_ID, { graphql: 6 });
    await sortSelect(page).selectOption({ label: 'Frequency' });

    const waiting = page.getByRole('status').filter({ hasText: 'Waiting for GitLab…' });
    await waiting.waitFor({ timeout: 20_000 });
    expect(await alertTexts(page)).toEqual([]);
    expect(await page.getByRole('alert').filter({ hasText: 'Waiting for GitLab' }).count()).toBe(0);

    // No click: the list asks again on its own once GitLab has warmed up.
    const byFrequency = [...unresolved].sort((a, b) => Number(b.count) - Number(a.count)).map((e) => e.title);
    await expect.poll(() => rowTitles(page), { timeout: 30_000, interval: 250 }).toEqual(byFrequency);
    await expect.poll(() => waiting.count(), { timeout: 5_000 }).toBe(0);
    expect(gitlab.warmUpLeft(APP_ID).graphql).toBe(0);
    const nulls = graphqlCalls(gitlab, mark).filter((r) => r.status === 200);
    expect(nulls.length).toBeGreaterThanOrEqual(7);

    await sortSelect(page).selectOption({ label: 'Last Seen' });
    await waitForRow(page, NO_METHOD);
  });

  it('4. Status = Ignored (signed in) lists the ignored errors through the session-only web endpoint, after a 204', async () => {
    await signIn(ext, gitlab, 'alice');
    const page = popup!;
    const mark = gitlab.requests.length;
    gitlab.warmUp(APP_ID, { web: 1 });
    await statusSelect(page).selectOption({ label: 'Ignored' });
    await expect.poll(() => rowTitles(page), { timeout: 20_000, interval: 200 }).toEqual(ignored.map((e) => e.title));
    expect(await alertTexts(page)).toEqual([]);

    const calls = webListCalls(gitlab, mark, 'ignored');
    expect(calls.map((r) => r.status)).toEqual([204, 200]);
    for (const call of calls) {
      expect(call.sessionUser).toBe('alice');
      expect(call.headers.cookie).toContain(`${SESSION_COOKIE}=`);
      expect(call.headers['private-token']).toBeUndefined();
    }
    await statusSelect(page).selectOption({ label: 'Unresolved' });
    await waitForRow(page, NO_METHOD);
  });

  it("5. details: GitLab commit of the SHA release; the stack trace's highlighted HTML is shown as plain text", async () => {
    const page = popup!;
    await openDetails(page, NO_METHOD);
    // Its accessible name holds its visible text (the short SHA).
    const commit = link(page, `GitLab commit ${COMMITS.appFix.slice(0, 8)}`);
    await commit.waitFor({ timeout: 10_000 });
    expect(await commit.getAttribute('href')).toBe(`https://gitlab.com/${APP}/-/commit/${COMMITS.appFix}`);
    expect((await commit.textContent())?.trim()).toBe(COMMITS.appFix.slice(0, 8));

    const trace = region(page, 'Stack trace');
    await trace.locator('code').first().waitFor({ timeout: 10_000 });
    // The raising frame comes first and is open.
    const firstFrame = trace.getByRole('listitem').first();
    expect((await firstFrame.textContent())?.replace(/\s+/g, ' ')).toContain('app/models/user.rb in display_name at line 40');
    const code = await trace.locator('code').allTextContents();
    expect(code).toEqual(DEFAULT_RAISING_CONTEXT);
    expect(code).toContain('    return name if name && name.length < 64');
    expect(await trace.locator('code span, code *').count()).toBe(0);
    expect(await trace.locator('span.k, span.o').count()).toBe(0);
    expect(await alertTexts(page)).toEqual([]);
  });

  it('6. Create issue: one form POST with sentry_issue_identifier and the session\'s CSRF token, then "View issue"', async () => {
    const page = popup!;
    const error = unresolved[0]!;
    const create = button(page, 'Create issue');
    await expect.poll(() => create.isEnabled(), { timeout: 5_000 }).toBe(true);
    const mark = gitlab.requests.length;
    await create.click();
    const view = link(page, 'View issue');
    await view.waitFor({ timeout: 15_000 });

    const posts = issueFormPosts(gitlab, mark);
    expect(posts.map((p) => p.status)).toEqual([302]);
    const form = new URLSearchParams(posts[0]!.body);
    expect(form.get('issue[sentry_issue_attributes][sentry_issue_identifier]')).toBe(error.sentryId);
    expect(form.get('issue[title]')).toBe(error.title);
    expect(form.get('issue[description]')).toContain(
      `https://sentry.io/the-interstellar-jurisdiction/prime-mover/issues/${error.sentryId}`,
    );
    expect(form.get('authenticity_token')).toBeTruthy();
    expect(posts[0]!.sessionUser).toBe('alice');
    expect(posts[0]!.headers['private-token']).toBeUndefined();

    const created = gitlab.issues(APP_ID);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ title: error.title, state: 'opened', author: expect.objectContaining({ username: 'alice' }) });
    expect(gitlab.sentryIssueLinks(APP_ID)).toEqual([
      { sentryIssueIdentifier: error.sentryId, issueId: created[0]!.id, issueIid: created[0]!.iid },
    ]);
    expect(await view.getAttribute('href')).toBe(`https://gitlab.com/${APP}/-/issues/${created[0]!.iid}`);
    expect(await button(page, 'Create issue').count()).toBe(0);
    expect(await alertTexts(page)).toEqual([]);
  });

  it('7. reopening (Back + reopen, a fresh popup) still shows "View issue", with no new POST', async () => {
    const [issue] = gitlab.issues(APP_ID);
    const mark = gitlab.requests.length;
    const expectViewIssue = async (page: Page) => {
      const view = link(page, 'View issue');
      await view.waitFor({ timeout: 15_000 });
      expect(await view.getAttribute('href')).toBe(`https://gitlab.com/${APP}/-/issues/${issue!.iid}`);
      expect(await button(page, 'Create issue').count()).toBe(0);
    };

    let page = popup!;
    await button(page, 'Back').click();
    await waitForRow(page, NO_METHOD);
    await openDetails(page, NO_METHOD);
    await expectViewIssue(page);

    page = await openPopup();
    await waitForRow(page, NO_METHOD);
    await openDetails(page, NO_METHOD);
    await expectViewIssue(page);

    expect(issueFormPosts(gitlab, mark)).toEqual([]);
    expect(gitlab.issues(APP_ID)).toHaveLength(1);
  });

  it('8. Resolve: GitLab closes the linked issue itself and the popup says so; the badge follows', async () => {
    const page = popup!;
    const error = unresolved[0]!;
    const [issue] = gitlab.issues(APP_ID);
    expect(issue?.state).toBe('opened');
    const mark = gitlab.requests.length;

    await button(page, 'Resolve').click();
    const notice = `The associated issue #${issue!.iid} has been closed as the error is now resolved.`;
    await expect.poll(() => statusTexts(page), { timeout: 15_000 }).toContain(notice);
    expect(await alertTexts(page)).toEqual([]);
    expect(await button(page, 'Unresolve').count()).toBe(1);

    const puts = statusPuts(gitlab, mark);
    expect(puts.map((p) => [p.path, p.status])).toEqual([[`/${APP}/-/error_tracking/${error.sentryId}.json`, 200]]);
    expect(JSON.parse(puts[0]!.body)).toEqual({ status: 'resolved' });
    expect(puts[0]!.headers['x-csrf-token']).toBeTruthy();
    expect(puts[0]!.sessionUser).toBe('alice');
    expect(gitlab.trackedError(APP_ID, error.sentryId)?.status).toBe('resolved');
    expect(gitlab.issues(APP_ID).find((i) => i.iid === issue!.iid)).toMatchObject({
      state: 'closed',
      closed_by: expect.objectContaining({ username: 'alice' }),
    });
    await expect.poll(async () => (await ext.badge()).text, { timeout: 10_000, interval: 200 }).toBe(String(unresolved.length - 1));
  });

  it('9. signed out: a change fails with "Sign in to GitLab to change errors." and a sign-in link; reading keeps working', async () => {
    await ext.context.clearCookies();
    const page = await openPopup();
    const error = unresolved[1]!;
    await waitForRow(page, error.title);
    expect(await rowTitles(page)).not.toContain(NO_METHOD); // resolved in 8
    await openDetails(page, error.title);
    const mark = gitlab.requests.length;

    await button(page, 'Ignore').click();
    const alert = page.getByRole('alert').filter({ hasText: 'Sign in to GitLab to change errors.' });
    await alert.waitFor({ timeout: 15_000 });
    expect((await alert.locator('p').textContent())?.trim()).toBe('Sign in to GitLab to change errors.');
    const signInLink = link(alert, 'Sign in to GitLab');
    expect(await signInLink.getAttribute('href')).toBe('https://gitlab.com/users/sign_in');
    expect(gitlab.trackedError(APP_ID, error.sentryId)?.status).toBe('unresolved');
    // The button is back to what it was: nothing changed.
    expect(await button(page, 'Ignore').isEnabled()).toBe(true);
    expect(statusPuts(gitlab, mark).every((r) => r.status === 401 && r.sessionUser === undefined)).toBe(true);

    // Reading: the details are there, and the list still loads through GraphQL with the token.
    expect(await region(page, 'Stack trace').count()).toBe(1);
    await button(page, 'Back').click();
    await waitForRow(page, error.title);
    const markList = gitlab.requests.length;
    await button(page, 'Refresh').click();
    // The row is on screen before Refresh's answer arrives: wait for the answer itself.
    await expect.poll(() => graphqlCalls(gitlab, markList).map((r) => r.status), { timeout: 15_000 }).toContain(200);
    await waitForRow(page, error.title);
    expect(await rowTitles(page)).toEqual(unresolved.slice(1).map((e) => e.title));

    // The Ignored list needs the session and says so the same way.
    await statusSelect(page).selectOption({ label: 'Ignored' });
    const listAlert = page.getByRole('alert').filter({ hasText: 'Sign in to GitLab to list ignored errors.' });
    await listAlert.waitFor({ timeout: 15_000 });
    expect(await link(listAlert, 'Sign in to GitLab').getAttribute('href')).toBe('https://gitlab.com/users/sign_in');
    await statusSelect(page).selectOption({ label: 'Unresolved' });
    await waitForRow(page, error.title);
  });

  it('10. options: region "Integrated error tracking" explains a Developer\'s project and a never-set-up one, without alerts', async () => {
    const page = options!;
    await page.bringToFront(); // a background tab's throttled frames slow every click down
    await saveGitlabLink(page, OTHER, false);
    await page.reload();
    const regions = page.getByRole('region', { name: 'Integrated error tracking', exact: true });
    await expect.poll(() => regions.count(), { timeout: 10_000 }).toBe(2);

    const appRegion = regions.filter({ hasText: APP });
    await appRegion
      .getByText(`Only Maintainers of ${APP} can see its error tracking settings and client keys.`, { exact: true })
      .waitFor({ timeout: 10_000 });
    expect(await alertTexts(appRegion)).toEqual([]);

    // group/other: alice is a Maintainer, GitLab answers 404 (never set up).
    const otherRegion = regions.filter({ hasText: OTHER });
    await otherRegion.getByText(`Error tracking was never set up for ${OTHER}.`, { exact: false }).waitFor({ timeout: 10_000 });
    expect(await alertTexts(otherRegion)).toEqual([]);
    expect(await otherRegion.getByRole('list', { name: 'Client keys' }).count()).toBe(0);
    const settingsCalls = gitlab.requests.filter((r) => r.path === `/api/v4/projects/${OTHER_ID}/error_tracking/settings`);
    expect(settingsCalls.map((r) => r.status)).toContain(404);
  });

  it('11. options: integrated settings (Maintainer): Create client key shows the new DSN, Copy DSN copies it, Remove after confirming deletes it', async () => {
    // Set up in GitLab itself: the integrated_error_tracking flag on, then integrated settings (which create the first key).
    gitlab.setIntegratedErrorTracking(true);
    const put = await gitlabApi(gitlab, 'PUT', `/api/v4/projects/${OTHER_ID}/error_tracking/settings?active=true&integrated=true`);
    expect(put).toMatchObject({ status: 200, body: { active: true, integrated: true } });
    const [firstKey] = gitlab.clientKeys(OTHER_ID);
    expect(firstKey?.sentry_dsn).toBe(`https://${firstKey?.public_key}@gitlab.com/api/v4/error_tracking/collector/${OTHER_ID}`);

    const page = options!;
    await page.bringToFront();
    await page.reload();
    const otherRegion = page.getByRole('region', { name: 'Integrated error tracking', exact: true }).filter({ hasText: OTHER });
    await otherRegion
      .getByText('Error tracking is active; errors are stored in GitLab (integrated).', { exact: true })
      .waitFor({ timeout: 10_000 });
    const keys = otherRegion.getByRole('list', { name: 'Client keys', exact: true });
    await expect.poll(() => texts(keys.locator('code')), { timeout: 10_000 }).toEqual([firstKey!.sentry_dsn]);
    // The SDK snippet carries the DSN.
    expect(await otherRegion.locator('pre code').filter({ hasText: 'Sentry.init' }).textContent()).toContain(
      `dsn: '${firstKey!.sentry_dsn}'`,
    );

    // Create client key.
    await button(otherRegion, 'Create client key').click();
    await expect.poll(() => gitlab.clientKeys(OTHER_ID).length, { timeout: 10_000 }).toBe(2);
    const newKey = gitlab.clientKeys(OTHER_ID)[1]!;
    expect(newKey.sentry_dsn).toMatch(/^https:\/\/glet_[0-9a-f]{32}@gitlab\.com\/api\/v4\/error_tracking\/collector\/102$/);
    await expect.poll(() => texts(keys.locator('code')), { timeout: 10_000 }).toEqual([firstKey!.sentry_dsn, newKey.sentry_dsn]);
    expect(await statusTexts(otherRegion)).toContain('Client key created.');

    // Copy DSN. (Chromium grants no clipboard-read to an extension origin, so the clipboard is read by pasting.)
    const newRow = keys.getByRole('listitem').filter({ hasText: newKey.sentry_dsn });
    await button(newRow, 'Copy DSN').click();
    await expect.poll(() => statusTexts(otherRegion), { timeout: 5_000 }).toContain('DSN copied.');
    expect(await pastedText(page)).toBe(newKey.sentry_dsn);

    // Remove: an in-page confirmation first; Cancel keeps the key.
    const remove = newRow.getByRole('button', { name: /^Remove/ });
    await remove.click();
    await button(newRow, 'Cancel').click();
    expect(gitlab.clientKeys(OTHER_ID)).toHaveLength(2);
    await newRow.getByRole('button', { name: /^Remove/ }).click();
    await button(newRow, 'Remove key').click();
    await expect.poll(() => gitlab.clientKeys(OTHER_ID).map((k) => k.id), { timeout: 10_000 }).toEqual([firstKey!.id]);
    await expect.poll(() => texts(keys.locator('code')), { timeout: 10_000 }).toEqual([firstKey!.sentry_dsn]);
    expect(await statusTexts(otherRegion)).toContain('Client key removed.');
    expect(await alertTexts(otherRegion)).toEqual([]);
    const deletes = gitlab.requests.filter(
      (r) => r.method === 'DELETE' && r.path === `/api/v4/projects/${OTHER_ID}/error_tracking/client_keys/${newKey.id}`,
    );
    expect(deletes.map((r) => r.status)).toEqual([200]);
  });

  it("throughout: no request reached the Sentry stand-in, and none to GitLab carried the extension's Origin", () => {
    expect(sentry.requests.map(describeRequest)).toEqual([]);
    expect(extensionOriginRequests(gitlab.requests)).toEqual([]);
    expect(gitlab.requests.filter((r) => r.origin !== undefined).map(describeRequest)).toEqual([]);
    // The session calls never carried the token, and the token calls never the cookie.
    const webCalls = gitlab.requests.filter((r) => !r.path.startsWith('/api/'));
    expect(webCalls.filter((r) => r.headers['private-token'] !== undefined).map(describeRequest)).toEqual([]);
  });
});

describe('GitLab backend as a Reporter of group/app', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn({ sessions: {} })]);
    gitlab.setRole(APP_ID, 'alice', ACCESS_LEVEL.REPORTER);
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it('reads the errors, but Ignore and Resolve are disabled with the reason, and nothing is sent', async () => {
    await signIn(ext, gitlab, 'alice');
    const options = await ext.openOptions();
    await connectGitlabAsAlice(options);
    await saveGitlabLink(options, APP, true);

    const page = await ext.openPopup();
    const [first] = errorsWith(gitlab, 'unresolved');
    await waitForRow(page, first!.title);
    await openDetails(page, first!.title);
    const reason = 'Changing errors needs at least the Developer role in group/app.';
    await page.getByText(reason, { exact: true }).waitFor({ timeout: 10_000 });
    for (const name of ['Ignore', 'Resolve']) {
      const control = button(page, name);
      expect(await control.isDisabled(), `${name} disabled`).toBe(true);
      expect(await control.getAttribute('aria-describedby')).toBeTruthy();
    }
    expect(statusPuts(gitlab)).toEqual([]);
    expect(await alertTexts(page)).toEqual([]);
    expect(sentry.requests.map(describeRequest)).toEqual([]);
    expect(extensionOriginRequests(gitlab.requests)).toEqual([]);
  });
});

describe('GitLab backend with more unresolved errors than GitLab returns per page (20)', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;
  let newestFirst: string[];
  const EXTRA = 31; // 14 + 31 = 45 unresolved: three pages of 20, 20 and 5

  beforeAll(async () => {
    const extra = Array.from({ length: EXTRA }, (_, i) => ({
      title: `Background job failed #${String(i + 1).padStart(2, '0')}`,
      culprit: 'JobRunner#perform',
      count: String(EXTRA - i),
      lastSeen: new Date(Date.parse('2024-12-01T12:00:00Z') - i * 3_600_000).toISOString(),
    }));
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn({ sessions: {}, errors: { [APP_ID]: extra } })]);
    newestFirst = errorsWith(gitlab, 'unresolved').map((e) => e.title);
    expect(newestFirst).toHaveLength(45);
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    const options = await ext.openOptions();
    await connectGitlabAsAlice(options);
    await saveGitlabLink(options, APP, true);
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it("the badge counts every unresolved error up to 100 (docs/gitlab-integrated.md), not just GitLab's first page", async () => {
    await expect.poll(async () => (await ext.badge()).text, { timeout: 20_000, interval: 250 }).not.toBe('');
    await expect.poll(async () => (await ext.badge()).text, { timeout: 5_000, interval: 250 }).toBe('45');
  });

  it('Next, Next, Previous page: page 2 shows errors 21–40 again', async () => {
    const page = await ext.openPopup();
    await waitForRow(page, newestFirst[0]!);
    expect(await rowTitles(page)).toEqual(newestFirst.slice(0, 20));
    const pages = page.getByRole('navigation', { name: 'Pages', exact: true });

    await button(pages, 'Next page').click();
    await expect.poll(() => rowTitles(page), { timeout: 15_000 }).toEqual(newestFirst.slice(20, 40));
    await button(pages, 'Next page').click();
    await expect.poll(() => rowTitles(page), { timeout: 15_000 }).toEqual(newestFirst.slice(40));

    await button(pages, 'Previous page').click();
    await expect.poll(() => pages.textContent(), { timeout: 15_000 }).toContain('Page 2');
    await expect.poll(() => rowTitles(page), { timeout: 15_000 }).toEqual(newestFirst.slice(20, 40));
  });
});
