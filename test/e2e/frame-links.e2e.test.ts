// Stack frames linked to GitLab, end to end: the production build in Chromium against the Sentry stand-in and
// the GitLab stand-in (its repository files endpoint, HEAD). In the popup's details and in the details a
// project panel opens in place, each in-app frame whose file the repository has links to that file and line
// at the commit the error's release names, else at the default branch; library frames and files the
// repository lacks get no link.
import { exceptionEntry } from './standins/sentry-events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { GITLAB_APP, link, openRowDetails, PRIME_MOVER_ID, projectIssues, region, rowButton, setUpSentryLink, waitForRow } from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { COMMITS, PROJECT_IDS, startGitlabStandIn, type GitlabStandIn } from './standins/gitlab';
import { startSentryStandIn, type SentryIssue, type SentryStandIn } from './standins/sentry';
import { exampleLatestEvent, type JsonObject } from './standins/sentry-data';

const BLOB = `https://gitlab.com/${GITLAB_APP}/-/blob`;
const USER_LINK = 'Open app/models/user.rb:42 in GitLab';
const CONTROLLER_LINK = 'Open app/controllers/users_controller.rb:7 in GitLab';

/** A Ruby event of `release` (oldest call first, as Sentry sends frames): a gem, two app files the repository has, one it lacks. */
function rubyEvent(release: string): JsonObject {
  const frames = [
    { file: 'gems/activerecord-7.1.0/lib/active_record/base.rb', line: 120, inApp: false },
    { file: 'app/controllers/users_controller.rb', line: 7, inApp: true },
    { file: 'app/models/concerns/ghost.rb', line: 3, inApp: true },
    { file: 'app/models/user.rb', line: 42, inApp: true },
  ];
  return {
    ...exampleLatestEvent(),
    platform: 'ruby',
    release: { version: release, shortVersion: release },
    entries: [exceptionEntry('NoMethodError', "undefined method 'name' for nil", frames)],
  };
}

const stackTrace = (scope: Page | Locator) => region(scope, 'Stack trace');
/** The names of every "Open … in GitLab" link in the stack trace. */
const frameLinkNames = (trace: Locator) => trace.getByRole('link', { name: /^Open .* in GitLab$/ }).allTextContents();

describe('Stack frames linked to GitLab (production build against the Sentry and GitLab stand-ins)', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;
  /** Its release names a commit of group/app. */
  let atCommit: SentryIssue;
  /** Its release names no commit. */
  let onDefaultBranch: SentryIssue;

  const fileLookups = () => gitlab.requests.filter((r) => r.path.startsWith(`/api/v4/projects/${PROJECT_IDS.app}/repository/files/`));

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn()]);
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    [atCommit, onDefaultBranch] = projectIssues(sentry, PRIME_MOVER_ID) as [SentryIssue, SentryIssue];
    sentry.setLatestEvent(atCommit.id, rubyEvent(`web@${COMMITS.appInitial.slice(0, 12)}`));
    sentry.setLatestEvent(onDefaultBranch.id, rubyEvent('2.4.1'));
    await setUpSentryLink(ext, { gitlab: {} });
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it('popup: the in-app frames whose files the repository has open them at the release’s commit, by HEAD requests', async () => {
    const popup = await ext.openPopup();
    await waitForRow(popup, atCommit.title);
    await openRowDetails(popup, atCommit.title);
    const trace = stackTrace(popup);
    const userLink = link(trace, USER_LINK);
    await userLink.waitFor({ timeout: 15_000 });
    expect(await userLink.getAttribute('href')).toBe(`${BLOB}/${COMMITS.appInitial}/app/models/user.rb#L42`);
    expect(await link(trace, CONTROLLER_LINK).getAttribute('href')).toBe(
      `${BLOB}/${COMMITS.appInitial}/app/controllers/users_controller.rb#L7`,
    );
    // The gem's frame and the file the repository lacks have none.
    expect((await frameLinkNames(trace)).sort()).toEqual([CONTROLLER_LINK, USER_LINK]);
    const lookups = fileLookups();
    expect(lookups.length).toBeGreaterThan(0);
    expect(new Set(lookups.map((r) => r.method))).toEqual(new Set(['HEAD']));
    expect(new Set(lookups.map((r) => new URLSearchParams(r.query).get('ref')))).toEqual(new Set([COMMITS.appInitial]));
    expect(lookups.some((r) => r.path.includes('activerecord'))).toBe(false);
    await popup.close();
  });

  it('popup: an error whose release names no commit opens the default branch', async () => {
    const popup = await ext.openPopup();
    await waitForRow(popup, onDefaultBranch.title);
    await openRowDetails(popup, onDefaultBranch.title);
    const userLink = link(stackTrace(popup), USER_LINK);
    await userLink.waitFor({ timeout: 15_000 });
    expect(await userLink.getAttribute('href')).toBe(`${BLOB}/main/app/models/user.rb#L42`);
    await popup.close();
  });

  it('project panel: the details opened in place show the same links', async () => {
    const page = await ext.context.newPage();
    await page.goto(`https://gitlab.com/${GITLAB_APP}`);
    const panel = region(page, 'Error tracking');
    await rowButton(panel, atCommit.title).click();
    await panel.getByRole('heading', { name: atCommit.title, exact: true }).waitFor({ timeout: 10_000 });
    const trace = stackTrace(panel);
    const userLink = link(trace, USER_LINK);
    await userLink.waitFor({ timeout: 15_000 });
    expect(await userLink.getAttribute('href')).toBe(`${BLOB}/${COMMITS.appInitial}/app/models/user.rb#L42`);
    expect((await frameLinkNames(trace)).sort()).toEqual([CONTROLLER_LINK, USER_LINK]);
    await page.close();
  });
});
