// The GitLab connection end to end, against the production build and the HTTPS Sentry + GitLab stand-ins:
// connecting GitLab (bad, expired, read-only and good tokens, and where each token may travel), linking a
// project from GitLab's suggestions and its Error Tracking settings, Create issue / View issue (exactly one
// issue per error, also on a double click, a reopened popup and "another machine"), closing the issue on
// Resolve, the first release's commit link, a project with issues turned off, and a GitLab 500 on create.
// One describe block shares one Sentry stand-in, one GitLab stand-in and one browser, set up once; its tests
// run in order and each builds on the state the previous ones left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  alertTexts,
  button,
  connectGitlab,
  connectSentry,
  describeRequest,
  extensionOriginRequests,
  link,
  openRowDetails,
  ORG,
  PRIME_MOVER_ID,
  PRIME_MOVER_OPTION,
  projectIssues,
  region,
  saveSentryLink,
  selectedLabel,
  SENTRY_TOKEN,
  statusTexts,
  waitForRow,
  type ConnectGitlabOptions,
} from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { startSentryStandIn, type SentryIssue, type SentryStandIn } from './standins/sentry';
import {
  ACCESS_LEVEL,
  COMMITS,
  PROJECT_IDS,
  startGitlabStandIn,
  type GitlabStandIn,
  type LoggedRequest as GitlabRequest,
} from './standins/gitlab';

// The chrome global inside the extension's worker; evaluated callbacks run there, not in Node.
declare const chrome: any;

const PUMP_STATION_ID = '2'; // 3 unresolved
const PUMP_STATION_OPTION = `${ORG} / pump-station`;
const APP = 'group/app';
const NO_ISSUES = 'group/no-issues';
const APP_ID = PROJECT_IDS.app; // 101
const GITLAB_TOKENS = ['glpat-nope', 'glpat-expired', 'glpat-readonly', 'glpat-good'];
/** GitLab's web_url of a commit of group/app, as the stand-in (externalUrl https://gitlab.com) builds it. */
const commitWebUrl = (sha: string) => `https://gitlab.com/${APP}/-/commit/${sha}`;

// --- the stand-ins' data and logs ---------------------------------------------------------------

const ISSUES_PATH = `/api/v4/projects/${APP_ID}/issues`;

/** POSTs that create an issue in group/app, optionally only those for one Sentry issue (by its permalink). */
function issuePosts(gitlab: GitlabStandIn, since = 0, permalink?: string): GitlabRequest[] {
  return gitlab.requests
    .slice(since)
    .filter((r) => r.method === 'POST' && r.path === ISSUES_PATH && (!permalink || r.body.includes(permalink)));
}

/** The stand-in's group/app issues whose description names the Sentry issue. */
function gitlabIssuesFor(gitlab: GitlabStandIn, permalink: string) {
  return gitlab.issues(APP_ID).filter((issue) => (issue.description ?? '').includes(permalink));
}

/** Everything a request carried, for "did this secret travel here at all". */
function requestText(r: { path: string; query: string; body: string; headers: Record<string, string> }): string {
  return [r.path, r.query, r.body, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)].join('\n');
}

/** Places other than PRIVATE-TOKEN / Authorization where a GitLab token turned up. */
function gitlabTokenOutsideAuthHeaders(gitlab: GitlabStandIn): string[] {
  const found: string[] = [];
  for (const r of gitlab.requests) {
    for (const token of GITLAB_TOKENS) {
      if (r.path.includes(token)) found.push(`${describeRequest(r)}: in the path`);
      if (r.query.includes(token)) found.push(`${describeRequest(r)}: in the query`);
      if (r.body.includes(token)) found.push(`${describeRequest(r)}: in the body`);
      for (const [name, value] of Object.entries(r.headers)) {
        if (name !== 'private-token' && name !== 'authorization' && value.includes(token)) {
          found.push(`${describeRequest(r)}: in header ${name}`);
        }
      }
    }
  }
  return found;
}

function secretsIn(requests: Array<Parameters<typeof requestText>[0] & { method: string; host: string }>, secrets: string[]): string[] {
  return requests.flatMap((r) => {
    const text = requestText(r);
    return secrets.filter((s) => text.includes(s)).map((s) => `${describeRequest(r)} carried ${s}`);
  });
}

/**
 * Makes the stand-in answer the next request matching `matches` with `status`, whatever came before it:
 * the stand-in logs a request, then (without latency, synchronously) takes the next queued failure.
 */
function failNextMatching(gitlab: GitlabStandIn, matches: (r: GitlabRequest) => boolean, status: number): void {
  const log = gitlab.requests;
  const push = log.push;
  log.push = function (this: GitlabRequest[], ...entries: GitlabRequest[]) {
    if (entries.some(matches)) {
      log.push = push;
      gitlab.failNext(1, status);
    }
    return push.apply(this, entries);
  };
}

// --- page helpers (roles and accessible names only) -----------------------------------------------

/** Opens the details of `title` from the list and waits until the GitLab part has loaded. */
async function openDetails(page: Page, title: string): Promise<void> {
  await openRowDetails(page, title);
  await expect.poll(() => page.getByText('Checking GitLab…', { exact: true }).count(), { timeout: 10_000 }).toBe(0);
}

/** Chooses a link in the popup's "Linked projects" (its button's name starts with the GitLab path). */
async function selectLink(page: Page, gitlabPath: string): Promise<void> {
  const links = page.getByRole('list', { name: 'Linked projects', exact: true });
  const choice = links.getByRole('button').filter({ hasText: gitlabPath });
  await choice.waitFor({ timeout: 10_000 });
  if ((await choice.getAttribute('aria-pressed')) !== 'true') await choice.click();
  await expect.poll(() => choice.getAttribute('aria-pressed'), { timeout: 5_000 }).toBe('true');
}

// ==================================================================================================

describe('GitLab connection (production build against the Sentry and GitLab stand-ins)', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;
  let options: Page | undefined;
  let popup: Page | undefined;
  /** Unresolved issues of prime-mover at the start, newest first: each test uses its own. */
  let initial: SentryIssue[];
  const issueAt = (index: number) => initial[index] as SentryIssue;

  const openPopup = async () => {
    await popup?.close();
    popup = await ext.openPopup();
    return popup;
  };

  /** Connects GitLab with `token` from the options page and waits for the GitLab region's answer. */
  async function connectGitlabWith(token: string, until: ConnectGitlabOptions['until']): Promise<void> {
    const gitlabRegion = await connectGitlab(options!, { token, until, timeoutMs: 10_000 });
    await button(gitlabRegion, 'Connect').waitFor({ timeout: 5_000 }); // not "Connecting…" any more
  }

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn()]);
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    initial = projectIssues(sentry, PRIME_MOVER_ID);
    expect(initial).toHaveLength(130);
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it('1. Connect GitLab: unknown, expired and read-only tokens are refused with reasons; glpat-good connects as @alice', async () => {
    options = await ext.openOptions();
    const gitlabRegion = region(options, 'GitLab');
    expect(await gitlabRegion.getByRole('textbox', { name: 'GitLab URL' }).inputValue()).toBe('https://gitlab.com');

    await connectGitlabWith('glpat-nope', { alert: 'rejected the personal access token' });
    await connectGitlabWith('glpat-expired', { alert: 'has expired' });
    await connectGitlabWith('glpat-readonly', { alert: 'needs the api scope' });
    expect(await statusTexts(gitlabRegion)).not.toContain('Connected as @bob');
    await connectGitlabWith('glpat-good', { status: 'Connected as @alice' });
    expect(await alertTexts(gitlabRegion)).toEqual([]);

    // Each token reached GitLab, and only in its auth headers.
    for (const token of GITLAB_TOKENS) {
      const carrying = gitlab.requests.filter((r) => r.headers['private-token'] === token || r.headers.authorization === `Bearer ${token}`);
      expect(carrying.length, `requests carrying ${token}`).toBeGreaterThan(0);
    }
    expect(gitlabTokenOutsideAuthHeaders(gitlab)).toEqual([]);
    expect(secretsIn(sentry.requests, GITLAB_TOKENS)).toEqual([]);
    expect(secretsIn(gitlab.requests, [SENTRY_TOKEN])).toEqual([]);
    const stored = (await ext.storage()).gitlabConnection as { username?: string } | undefined;
    expect(stored?.username).toBe('alice');
  });

  it('2a. Link: typing "app" in GitLab project suggests group/app, and choosing the suggestion puts it in the field', async () => {
    const sentryRegion = await connectSentry(options!, { token: SENTRY_TOKEN, project: PRIME_MOVER_OPTION, timeoutMs: 10_000 });

    const gitlabProject = sentryRegion.getByRole('textbox', { name: 'GitLab project' });
    await gitlabProject.fill('app');
    const suggestions = sentryRegion.getByRole('list', { name: 'Matching GitLab projects', exact: true });
    const suggestion = button(suggestions, APP);
    await suggestion.waitFor({ timeout: 10_000 });
    const search = gitlab.requests.filter(
      (r) => r.method === 'GET' && r.path === '/api/v4/projects' && new URLSearchParams(r.query).get('search') === 'app',
    );
    expect(search.length).toBeGreaterThan(0);
    await suggestion.click();
    await expect.poll(() => gitlabProject.inputValue(), { timeout: 5_000 }).toBe(APP);
  });

  it("2b. Link: GitLab's Error Tracking settings of group/app pick prime-mover; Save stores the link with gitlabProjectId 101", async () => {
    const page = options!;
    const sentryRegion = region(page, 'Sentry');
    const project = sentryRegion.getByRole('combobox', { name: 'Project' });
    const gitlabProject = sentryRegion.getByRole('textbox', { name: 'GitLab project' });
    await project.getByRole('option', { name: PRIME_MOVER_OPTION, exact: true }).waitFor({ state: 'attached', timeout: 10_000 });

    // GitLab's Error Tracking settings are only readable by a Maintainer.
    gitlab.setRole(APP_ID, 'alice', ACCESS_LEVEL.MAINTAINER);
    try {
      // Chosen by typing the path and leaving the field, whatever 2a left behind.
      await gitlabProject.fill(APP);
      await gitlabProject.blur();
      const useSettings = button(sentryRegion, `Use ${PRIME_MOVER_OPTION} from GitLab's Error Tracking settings`);
      await useSettings.waitFor({ timeout: 10_000 });
      await useSettings.click();
      await expect.poll(() => selectedLabel(project), { timeout: 5_000 }).toBe(PRIME_MOVER_OPTION);
      await expect.poll(() => useSettings.count(), { timeout: 5_000 }).toBe(0); // offered only while it would change something
    } finally {
      gitlab.setRole(APP_ID, 'alice', ACCESS_LEVEL.DEVELOPER);
    }
    expect(await gitlabProject.inputValue()).toBe(APP);

    await sentryRegion.getByRole('checkbox', { name: 'Active' }).check();
    await button(sentryRegion, 'Save changes').click();
    await expect
      .poll(() => statusTexts(sentryRegion), { timeout: 10_000 })
      .toContain(`Saved. ${APP} shows the errors of Sentry: ${PRIME_MOVER_OPTION}.`);

    const links = (await ext.storage()).links as Array<Record<string, any>>;
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      gitlabProject: APP,
      gitlabProjectId: APP_ID,
      active: true,
      sentry: { org: ORG, projectId: PRIME_MOVER_ID },
    });
    await expect.poll(async () => (await ext.badge()).text, { timeout: 15_000, interval: 200 }).toBe('130');
  });

  it('3. Create issue: one POST with the error title and the Sentry permalink, then "View issue"; a double click makes one too', async () => {
    const issue = issueAt(0);
    const page = await openPopup();
    await waitForRow(page, issue.title);
    await openDetails(page, issue.title);

    const create = button(page, 'Create issue');
    await expect.poll(() => create.isEnabled(), { timeout: 5_000 }).toBe(true);
    const mark = gitlab.requests.length;
    await create.click();
    const view = link(page, 'View issue');
    await view.waitFor({ timeout: 10_000 });

    const posts = issuePosts(gitlab, mark);
    expect(posts.map((p) => p.status)).toEqual([201]);
    const post = posts[0] as GitlabRequest;
    expect(post.headers['private-token']).toBe('glpat-good');
    const body = JSON.parse(post.body) as { title: string; description: string };
    expect(body.title).toBe(issue.title);
    expect(body.description).toContain(issue.permalink);
    const created = gitlabIssuesFor(gitlab, issue.permalink);
    expect(created).toHaveLength(1);
    expect(await view.getAttribute('href')).toBe(created[0]!.web_url);
    expect(await create.count()).toBe(0);

    // Double click on another error's Create issue: still one POST, one issue.
    const other = issueAt(1);
    await button(page, 'Back').click();
    await waitForRow(page, other.title);
    await openDetails(page, other.title);
    const createOther = button(page, 'Create issue');
    await expect.poll(() => createOther.isEnabled(), { timeout: 5_000 }).toBe(true);
    const markOther = gitlab.requests.length;
    await createOther.dblclick();
    await link(page, 'View issue').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500); // a second attempt, if any, would have reached GitLab by now
    expect(issuePosts(gitlab, markOther, other.permalink)).toHaveLength(1);
    expect(issuePosts(gitlab, markOther)).toHaveLength(1);
    const otherCreated = gitlabIssuesFor(gitlab, other.permalink);
    expect(otherCreated).toHaveLength(1);
    expect(await link(page, 'View issue').getAttribute('href')).toBe(otherCreated[0]!.web_url);
  });

  it('4. Reopen: Back + reopen, a fresh popup, and "another machine" (no remembered issue) all show "View issue", with no new POST', async () => {
    const issue = issueAt(0);
    const [created] = gitlabIssuesFor(gitlab, issue.permalink);
    expect(created).toBeDefined();
    const mark = gitlab.requests.length;

    const expectViewIssue = async (page: Page) => {
      const view = link(page, 'View issue');
      await view.waitFor({ timeout: 10_000 });
      expect(await view.getAttribute('href')).toBe(created!.web_url);
      expect(await button(page, 'Create issue').count()).toBe(0);
    };

    // Back, then the same error again.
    let page = popup!;
    await button(page, 'Back').click();
    await waitForRow(page, issue.title);
    await openDetails(page, issue.title);
    await expectViewIssue(page);

    // A fresh popup.
    page = await openPopup();
    await waitForRow(page, issue.title);
    await openDetails(page, issue.title);
    await expectViewIssue(page);

    // Another machine: nothing remembered, the issue is found by the permalink in its description.
    await ext.serviceWorker.evaluate(() => chrome.storage.local.remove('linkedIssues'));
    expect((await ext.storage()).linkedIssues).toBeUndefined();
    const markSearch = gitlab.requests.length;
    await button(page, 'Back').click();
    await waitForRow(page, issue.title);
    await openDetails(page, issue.title);
    await expectViewIssue(page);
    const searches = gitlab.requests
      .slice(markSearch)
      .filter((r) => r.method === 'GET' && r.path === ISSUES_PATH && new URLSearchParams(r.query).get('search') === issue.permalink);
    expect(searches.length).toBeGreaterThan(0);

    expect(issuePosts(gitlab, mark)).toEqual([]);
    expect(gitlabIssuesFor(gitlab, issue.permalink)).toHaveLength(1);
  });

  it('5. Resolve closes the open GitLab issue with a note and says so; Sentry has it resolved; no request had an extension Origin', async () => {
    const issue = issueAt(0);
    const [created] = gitlabIssuesFor(gitlab, issue.permalink);
    expect(created?.state).toBe('opened');
    const page = popup!; // still on this error's details
    await page.getByRole('heading', { level: 1, name: issue.title, exact: true }).waitFor({ timeout: 5_000 });

    await button(page, 'Resolve').click();
    const notice = `The associated issue #${created!.iid} has been closed as the error is now resolved.`;
    await expect.poll(() => statusTexts(page), { timeout: 10_000 }).toContain(notice);

    expect(sentry.getIssue(issue.id)?.status).toBe('resolved');
    const closed = gitlab.issues(APP_ID).find((i) => i.iid === created!.iid);
    expect(closed?.state).toBe('closed');
    const notes = gitlab.notes(APP_ID, created!.iid);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain(issue.permalink);
    expect(await alertTexts(page)).toEqual([]);

    expect(extensionOriginRequests(sentry.requests)).toEqual([]);
    expect(extensionOriginRequests(gitlab.requests)).toEqual([]);
    expect(gitlab.requests.filter((r) => r.origin !== undefined).map(describeRequest)).toEqual([]);
  });

  it('6. Commit link: a first release "web@<sha>" links the GitLab commit by its short SHA; "1.2.3" links none', async () => {
    const withSha = issueAt(2);
    const withVersion = issueAt(3);
    const stored = sentry.getIssue(withSha.id)!;
    stored.firstRelease = { version: `web@${COMMITS.appFix}`, shortVersion: `web@${COMMITS.appFix.slice(0, 12)}` };
    sentry.getIssue(withVersion.id)!.firstRelease = { version: '1.2.3', shortVersion: '1.2.3' };

    const page = await openPopup();
    await waitForRow(page, withSha.title);
    await openDetails(page, withSha.title);
    // Its accessible name holds its visible text (the short SHA).
    const commit = link(page, `GitLab commit ${COMMITS.appFix.slice(0, 8)}`);
    await commit.waitFor({ timeout: 10_000 });
    expect(await commit.getAttribute('href')).toBe(commitWebUrl(COMMITS.appFix));
    expect((await commit.textContent())?.trim()).toBe(COMMITS.appFix.slice(0, 8));

    await button(page, 'Back').click();
    await waitForRow(page, withVersion.title);
    await openDetails(page, withVersion.title);
    await button(page, 'Create issue').waitFor({ timeout: 10_000 });
    expect(await page.getByText('1.2.3', { exact: true }).count()).toBeGreaterThan(0); // the details did load the release
    expect(await page.getByRole('link', { name: /^GitLab commit/ }).count()).toBe(0);
  });

  it('7. Issues turned off: group/no-issues linked to pump-station shows Create issue disabled, with the reason', async () => {
    await options?.close();
    options = await ext.openOptions();
    const sentryRegion = await saveSentryLink(options, {
      project: PUMP_STATION_OPTION,
      gitlabProject: NO_ISSUES,
      saved: false,
      timeoutMs: 10_000,
    });
    await expect
      .poll(() => statusTexts(sentryRegion), { timeout: 10_000 })
      .toContain(`Saved. ${NO_ISSUES} shows the errors of Sentry: ${PUMP_STATION_OPTION}.`);
    const links = (await ext.storage()).links as Array<Record<string, any>>;
    expect(links.find((l) => l.gitlabProject === NO_ISSUES)).toMatchObject({ gitlabProjectId: PROJECT_IDS.noIssues, active: true });

    const [pumpIssue] = projectIssues(sentry, PUMP_STATION_ID);
    const page = await openPopup();
    await selectLink(page, NO_ISSUES);
    await waitForRow(page, pumpIssue!.title);
    await openDetails(page, pumpIssue!.title);
    const create = button(page, 'Create issue');
    await create.waitFor({ timeout: 10_000 });
    expect(await create.isDisabled()).toBe(true);
    expect(await page.getByText(`Issues are turned off in ${NO_ISSUES}.`, { exact: true }).count()).toBe(1);
    expect(await link(page, 'View issue').count()).toBe(0);
  });

  it('8. A GitLab 500 on Create issue shows an alert; clicking again creates the issue, one in total', async () => {
    const issue = issueAt(4);
    const page = await openPopup();
    await selectLink(page, APP);
    await waitForRow(page, issue.title);
    await openDetails(page, issue.title);

    const create = button(page, 'Create issue');
    await expect.poll(() => create.isEnabled(), { timeout: 5_000 }).toBe(true);
    const mark = gitlab.requests.length;
    failNextMatching(gitlab, (r) => r.method === 'POST' && r.path === ISSUES_PATH, 500);
    await create.click();
    await expect.poll(() => alertTexts(page), { timeout: 10_000 }).toEqual([expect.stringContaining('HTTP 500')]);
    expect(issuePosts(gitlab, mark).map((p) => p.status)).toEqual([500]);
    expect(gitlabIssuesFor(gitlab, issue.permalink)).toEqual([]);

    await expect.poll(() => create.isEnabled(), { timeout: 5_000 }).toBe(true);
    await create.click();
    const view = link(page, 'View issue');
    await view.waitFor({ timeout: 10_000 });
    expect(await alertTexts(page)).toEqual([]);
    expect(issuePosts(gitlab, mark).map((p) => p.status)).toEqual([500, 201]);
    const created = gitlabIssuesFor(gitlab, issue.permalink);
    expect(created).toHaveLength(1);
    expect(await view.getAttribute('href')).toBe(created[0]!.web_url);
  });

  it('throughout: tokens stayed with their own service, and no request carried an extension Origin', () => {
    expect(gitlabTokenOutsideAuthHeaders(gitlab)).toEqual([]);
    expect(secretsIn(sentry.requests, GITLAB_TOKENS)).toEqual([]);
    expect(secretsIn(gitlab.requests, [SENTRY_TOKEN])).toEqual([]);
    expect(extensionOriginRequests(sentry.requests)).toEqual([]);
    expect(extensionOriginRequests(gitlab.requests)).toEqual([]);
    // Three issues made by the tests above, each exactly once.
    expect(gitlab.issues(APP_ID)).toHaveLength(3);
  });
});
