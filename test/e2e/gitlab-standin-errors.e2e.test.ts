// Self-test of the GitLab stand-in's error tracking, from Node: GraphQL `project.sentryErrors` (the documents the
// extension sends, warm-up nulls, roles), the session-only web endpoints (error_tracking.json with 204s, PUT
// status changes closing linked issues, the New issue form with sentry_issue_attributes), CSRF, sign-in
// redirects, and integrated settings with client keys. shared/notes/gitlab-error-tracking.md §1–§4.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DETAILS_QUERY, ERRORS_QUERY, detailedErrorGid } from '../../lib/gitlab/graphql-documents';
import { ACCESS_LEVEL, COMMITS, PROJECT_IDS, highlightLine, startGitlabStandIn, type GitlabStandIn } from './standins/gitlab';
import { callGitlab as call } from './standins/https-client';

const GOOD = 'glpat-good'; // alice, Developer of group/app
const READONLY = 'glpat-readonly'; // bob
const APP = PROJECT_IDS.app;

const graphql = (gitlab: GitlabStandIn, query: string, variables: Record<string, unknown>, token: string | undefined = GOOD) =>
  call(gitlab, 'POST', '/api/graphql', { token, json: { query, variables } });
const list = (gitlab: GitlabStandIn, variables: Record<string, unknown> = {}, token?: string) =>
  graphql(gitlab, ERRORS_QUERY, { fullPath: 'group/app', first: 100, sort: 'last_seen', ...variables }, token);
const details = (gitlab: GitlabStandIn, id: string, token?: string) =>
  graphql(gitlab, DETAILS_QUERY, { fullPath: 'group/app', id: detailedErrorGid(id) }, token);

describe('GitLab stand-in: GraphQL sentryErrors', () => {
  let gitlab: GitlabStandIn;
  beforeAll(async () => {
    gitlab = await startGitlabStandIn();
  });
  afterAll(() => gitlab.close());
  beforeEach(() => gitlab.clearLog());

  it('lists unresolved errors newest first, 20 a page with Sentry cursors; counts as given (strings and numbers)', async () => {
    const res = await list(gitlab);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const errors = res.body.data.project.sentryErrors.errors;
    const unresolved = gitlab.trackedErrors(APP).filter((e) => e.status === 'unresolved');
    expect(unresolved).toHaveLength(14);
    expect(errors.nodes).toHaveLength(14);
    expect(errors.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
    const first = errors.nodes[0];
    expect(first).toMatchObject({
      sentryId: '5270001',
      title: "NoMethodError: undefined method `display_name' for nil:NilClass",
      status: 'UNRESOLVED',
      count: '1204',
      userCount: 311,
      externalUrl: 'https://sentry.io/the-interstellar-jurisdiction/prime-mover/issues/5270001',
      id: 'gid://gitlab/Gitlab::ErrorTracking::Error/5270001',
    });
    expect(typeof errors.nodes[1].count).toBe('number');
    const lastSeen = errors.nodes.map((n: { lastSeen: string }) => Date.parse(n.lastSeen));
    expect([...lastSeen].sort((a, b) => b - a)).toEqual(lastSeen);

    const byCount = (await list(gitlab, { sort: 'frequency' })).body.data.project.sentryErrors.errors.nodes;
    expect(byCount[0].sentryId).toBe('5270001');
    const searched = (await list(gitlab, { searchTerm: 'redis timed' })).body.data.project.sentryErrors.errors.nodes;
    expect(searched.map((n: { title: string }) => n.title)).toEqual(['Redis::TimeoutError: Connection timed out']);
    // An unknown sort makes GitLab's Sentry client fail: the list is null, without a GraphQL error.
    expect((await list(gitlab, { sort: 'priority' })).body.data.project.sentryErrors.errors).toBeNull();

    // More than a page: Sentry cursors in endCursor/startCursor; `after` pages, `before` is not passed on.
    for (let i = 0; i < 10; i++) gitlab.addTrackedError(APP, { title: `Extra ${i}`, lastSeen: '2024-01-01T00:00:00Z' });
    const page1 = (await list(gitlab)).body.data.project.sentryErrors.errors;
    expect(page1.nodes).toHaveLength(20);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: '0:20:0' });
    const page2 = (await list(gitlab, { after: page1.pageInfo.endCursor })).body.data.project.sentryErrors.errors;
    expect(page2.nodes).toHaveLength(4);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, startCursor: '0:0:1' });
    const back = (await list(gitlab, { first: undefined, last: 100, before: page2.pageInfo.startCursor })).body.data.project.sentryErrors
      .errors;
    expect(back.nodes[0].sentryId).toBe(page1.nodes[0].sentryId);
    gitlab.setTrackedErrors(
      APP,
      gitlab.trackedErrors(APP).filter((e) => !e.title.startsWith('Extra ')),
    );
  });

  it('details: tags, releases, the commit of a SHA release, frequency; the stack trace highlighted like Rouge', async () => {
    const res = await details(gitlab, '5270001');
    expect(res.body.errors).toBeUndefined();
    const { detailedError, errorStackTrace } = res.body.data.project.sentryErrors;
    expect(detailedError).toMatchObject({
      sentryId: '5270001',
      count: '1204',
      status: 'UNRESOLVED',
      tags: { level: 'error', logger: 'ruby' },
      firstReleaseVersion: COMMITS.appFix,
      lastReleaseVersion: 'web@1.4.2',
      gitlabCommit: COMMITS.appFix,
      gitlabCommitPath: `/group/app/-/commit/${COMMITS.appFix}`,
      gitlabIssuePath: null,
      integrated: false,
      externalBaseUrl: 'https://sentry.io/the-interstellar-jurisdiction/prime-mover',
    });
    expect(detailedError.frequency).toHaveLength(24);
    expect(errorStackTrace.stackTraceEntries).toHaveLength(3);
    const raising = errorStackTrace.stackTraceEntries[2];
    expect(raising).toMatchObject({ fileName: 'app/models/user.rb', function: 'display_name', line: '40', col: null });
    const compare = raising.traceContext.find((c: { line: number }) => c.line === 40);
    expect(compare.code).toBe(
      '<span id="LC1" class="line" lang="ruby">    <span class="k">return</span> <span class="n">name</span> <span class="k">if</span> <span class="n">name</span> <span class="o">&amp;&amp;</span> <span class="n">name</span><span class="p">.</span><span class="n">length</span> <span class="o">&lt;</span> <span class="mi">64</span></span>',
    );
    expect(highlightLine('app/models/user.rb', '  def display_name')).toBe(
      '<span id="LC1" class="line" lang="ruby">  <span class="k">def</span> <span class="nf">display_name</span></span>',
    );

    const version = (await details(gitlab, '5270003')).body.data.project.sentryErrors.detailedError;
    expect(version).toMatchObject({
      firstReleaseVersion: '1.2.3',
      gitlabCommit: null,
      gitlabCommitPath: null,
      tags: { level: 'warning', logger: null },
    });
    // An unknown id: Sentry's 404 makes GitLab answer null; a malformed id is a GraphQL error.
    expect((await details(gitlab, '999')).body.data.project.sentryErrors.detailedError).toBeNull();
    const bad = await graphql(gitlab, DETAILS_QUERY, { fullPath: 'group/app', id: 'gid://gitlab/Issue/1' });
    expect(bad.body.errors[0].message).toContain('is not a valid Global ID');
  });

  it('warm-up: the first N requests answer null, then data; each request takes one', async () => {
    gitlab.warmUp(APP, { graphql: 2 });
    expect((await list(gitlab)).body.data.project.sentryErrors.errors).toBeNull();
    expect((await details(gitlab, '5270001')).body.data.project.sentryErrors).toMatchObject({ detailedError: null, errorStackTrace: null });
    expect(gitlab.warmUpLeft(APP).graphql).toBe(0);
    expect((await list(gitlab)).body.data.project.sentryErrors.errors.nodes).toHaveLength(14);
  });

  it('roles: Reporter+ reads; a Guest gets sentryErrors null; a non-member or anonymous caller gets project null', async () => {
    gitlab.setRole(APP, 'bob', ACCESS_LEVEL.REPORTER);
    expect((await list(gitlab, {}, READONLY)).body.data.project.sentryErrors.errors.nodes).toHaveLength(14);
    gitlab.setRole(APP, 'bob', ACCESS_LEVEL.GUEST);
    expect((await list(gitlab, {}, READONLY)).body.data.project.sentryErrors).toBeNull();
    gitlab.setRole(APP, 'bob', null);
    expect((await list(gitlab, {}, READONLY)).body.data.project).toBeNull();
    gitlab.setRole(APP, 'bob', ACCESS_LEVEL.DEVELOPER);
    expect(
      (await call(gitlab, 'POST', '/api/graphql', { json: { query: ERRORS_QUERY, variables: { fullPath: 'group/app' } } })).body.data
        .project,
    ).toBeNull();
    const refused = await list(gitlab, {}, 'glpat-nope');
    expect(refused).toMatchObject({ status: 401, body: { errors: [{ message: 'Invalid token' }] } });
  });

  it('without active settings GitLab has no data: errors null forever; integrated settings serve integrated errors', async () => {
    gitlab.setErrorTrackingSettings(APP, {
      active: false,
      api_url: 'https://sentry.io/api/0/projects/the-interstellar-jurisdiction/prime-mover',
    });
    expect((await list(gitlab)).body.data.project.sentryErrors.errors).toBeNull();
    gitlab.setErrorTrackingSettings(APP, { active: true, api_url: null, integrated: true });
    // Integrated but the feature flag is off: GitLab falls back to a Sentry client without URL.
    expect((await list(gitlab)).body.data.project.sentryErrors.errors).toBeNull();
    gitlab.setIntegratedErrorTracking(true);
    const nodes = (await list(gitlab)).body.data.project.sentryErrors.errors.nodes;
    expect(nodes[0].externalUrl).toBe('https://gitlab.com/group/app/-/error_tracking/5270001/details');
    const integrated = (await details(gitlab, '5270001')).body.data.project.sentryErrors.detailedError;
    expect(integrated).toMatchObject({ integrated: true, tags: { level: null, logger: null } });
    gitlab.setIntegratedErrorTracking(false);
    gitlab.setErrorTrackingSettings(APP, { api_url: 'https://sentry.io/api/0/projects/the-interstellar-jurisdiction/prime-mover' });
  });
});

describe('GitLab stand-in: web session endpoints', () => {
  let gitlab: GitlabStandIn;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    gitlab = await startGitlabStandIn({ sessions: {} });
    alice = gitlab.signIn('alice');
    bob = gitlab.signIn('bob');
  });
  afterAll(() => gitlab.close());

  it('signed out: pages redirect to sign in, JSON answers 401, the form POST redirects; signed in: the user and a session CSRF token', async () => {
    const page = await call(gitlab, 'GET', '/group/app/-/error_tracking');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('https://gitlab.com/users/sign_in');
    expect((await call(gitlab, 'GET', '/users/sign_in')).text).toContain('Sign in to GitLab');
    expect(await call(gitlab, 'GET', '/group/app/-/error_tracking.json')).toMatchObject({
      status: 401,
      body: { error: 'You need to sign in or sign up before continuing.' },
    });
    expect((await call(gitlab, 'POST', '/group/app/-/issues', { form: { 'issue[title]': 'x' } })).headers.location).toBe(
      'https://gitlab.com/users/sign_in',
    );
    expect((await call(gitlab, 'GET', '/group/app', { cookie: 'unknown' })).status).toBe(302);

    const signedIn = await call(gitlab, 'GET', '/group/app/-/error_tracking', { cookie: alice });
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain('gon.current_username="alice"');
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(signedIn.text)?.[1];
    expect(token).toMatch(/^[\w-]{86}$/);
    expect(token).not.toBe(gitlab.csrfToken);
    expect(gitlab.requests.at(-1)?.sessionUser).toBe('alice');
    // A project the user cannot see is a 404 once signed in.
    expect((await call(gitlab, 'GET', '/secret/hidden', { cookie: alice })).status).toBe(404);
  });

  it('error_tracking.json lists by issue_status with Sentry pagination; warm-up answers 204 with Poll-Interval', async () => {
    gitlab.warmUp(APP, { web: 1 });
    const cold = await call(gitlab, 'GET', '/group/app/-/error_tracking.json?issue_status=ignored', { cookie: alice });
    expect(cold.status).toBe(204);
    expect(cold.headers['poll-interval']).toBe('1000');
    const ignored = await call(gitlab, 'GET', '/group/app/-/error_tracking.json?issue_status=ignored&sort=last_seen', { cookie: alice });
    expect(ignored.status).toBe(200);
    expect(ignored.headers['poll-interval']).toBe('1000');
    expect(ignored.body.errors.map((e: { status: string }) => e.status)).toEqual(['ignored', 'ignored', 'ignored']);
    expect(ignored.body.errors[0]).toMatchObject({
      id: expect.any(String),
      count: 640,
      user_count: 0,
      short_id: expect.stringMatching(/^APP-/),
    });
    expect(ignored.body).toMatchObject({ pagination: {}, external_url: 'https://sentry.io/the-interstellar-jurisdiction/prime-mover' });
    const unresolved = await call(gitlab, 'GET', '/group/app/-/error_tracking.json', { cookie: alice });
    expect(unresolved.body.errors).toHaveLength(14);
    expect((await call(gitlab, 'GET', '/group/app/-/error_tracking.json?issue_status=muted', { cookie: alice })).body).toEqual({
      message: 'Bad Request: Invalid issue_status',
    });
    const trace = await call(gitlab, 'GET', '/group/app/-/error_tracking/5270001/stack_trace.json', { cookie: alice });
    expect(trace.body.error.stack_trace_entries[2].context[2][1]).toContain('<span class="o">&lt;</span>');
  });

  it('PUT needs the session CSRF token and Developer; Resolve closes the linked open issue and names it', async () => {
    const put = (cookie: string, id: string, status: string, csrf?: string) =>
      call(gitlab, 'PUT', `/group/app/-/error_tracking/${id}.json`, {
        cookie,
        json: { status },
        headers: csrf ? { 'X-CSRF-Token': csrf } : {},
      });
    expect(await put(alice, '5270002', 'ignored')).toMatchObject({ status: 422, body: { message: 'Invalid authenticity token' } });
    expect((await put(alice, '5270002', 'ignored', gitlab.csrfTokenFor(bob))).status).toBe(422);
    expect((await put(alice, '5270002', 'ignored', gitlab.csrfToken)).status).toBe(422);
    expect(await put(alice, '5270002', 'ignored', gitlab.csrfTokenFor(alice))).toMatchObject({
      status: 200,
      body: { result: { updated: true, closed_issue_iid: null } },
    });
    expect(gitlab.trackedError(APP, '5270002')?.status).toBe('ignored');

    gitlab.setRole(APP, 'bob', ACCESS_LEVEL.REPORTER);
    expect((await put(bob, '5270002', 'unresolved', gitlab.csrfTokenFor(bob))).status).toBe(403);
    gitlab.setRole(APP, 'bob', ACCESS_LEVEL.DEVELOPER);
    expect((await put(alice, '999', 'resolved', gitlab.csrfTokenFor(alice))).status).toBe(404);

    // Create issue the way GitLab's button does: linked through sentry_issue_identifier.
    const form = (id: string, title: string) => ({
      'issue[title]': title,
      'issue[description]': 'Details',
      'issue[sentry_issue_attributes][sentry_issue_identifier]': id,
      authenticity_token: gitlab.csrfTokenFor(alice),
    });
    const created = await call(gitlab, 'POST', '/group/app/-/issues', { cookie: alice, form: form('5270004', 'Redis') });
    expect(created.status).toBe(302);
    const issue = gitlab.issues(APP).at(-1)!;
    expect(created.headers.location).toBe(`https://gitlab.com/group/app/-/issues/${issue.iid}`);
    expect(issue).toMatchObject({
      title: 'Redis',
      description: 'Details',
      state: 'opened',
      author: expect.objectContaining({ username: 'alice' }),
    });
    expect(gitlab.sentryIssueLinks(APP)).toEqual([{ sentryIssueIdentifier: '5270004', issueId: issue.id, issueIid: issue.iid }]);
    // A second issue for the same error is created, not linked.
    const again = await call(gitlab, 'POST', '/group/app/-/issues', { cookie: alice, form: form('5270004', 'Redis again') });
    expect(again.status).toBe(302);
    expect(gitlab.issues(APP).at(-1)?.title).toBe('Redis again');
    expect(gitlab.sentryIssueLinks(APP)).toHaveLength(1);
    const blank = await call(gitlab, 'POST', '/group/app/-/issues', { cookie: alice, form: form('5270005', ' ') });
    expect(blank.status).toBe(200);
    expect(blank.text).toContain('Title can&#39;t be blank');
    expect((await call(gitlab, 'POST', '/group/app/-/issues', { cookie: alice, form: { 'issue[title]': 'x' } })).status).toBe(422);

    const linked = (await graphql(gitlab, DETAILS_QUERY, { fullPath: 'group/app', id: detailedErrorGid('5270004') })).body.data.project
      .sentryErrors.detailedError;
    expect(linked.gitlabIssuePath).toBe(`https://gitlab.com/group/app/-/issues/${issue.iid}`);

    expect(await put(alice, '5270004', 'resolved', gitlab.csrfTokenFor(alice))).toMatchObject({
      status: 200,
      body: { result: { updated: true, closed_issue_iid: issue.iid } },
    });
    expect(gitlab.issues(APP).find((i) => i.iid === issue.iid)).toMatchObject({
      state: 'closed',
      closed_by: expect.objectContaining({ username: 'alice' }),
    });
    // Already closed: resolving again closes nothing.
    expect((await put(alice, '5270004', 'resolved', gitlab.csrfTokenFor(alice))).body.result.closed_issue_iid).toBeNull();
    // Resolved errors leave GraphQL's list (unresolved only) and show under issue_status=resolved.
    const titles = (await call(gitlab, 'GET', '/group/app/-/error_tracking.json?issue_status=resolved', { cookie: alice })).body.errors.map(
      (e: { id: string }) => e.id,
    );
    expect(titles).toContain('5270004');

    gitlab.signOut(alice);
    expect((await put(alice, '5270004', 'unresolved', gitlab.csrfToken)).status).toBe(401);
  });

  it('integrated settings: PUT/PATCH with the flag create the first client key with a collector DSN', async () => {
    const other = PROJECT_IDS.other; // alice is Maintainer
    const putOff = await call(gitlab, 'PUT', `/api/v4/projects/${other}/error_tracking/settings?active=true&integrated=true`, {
      token: GOOD,
    });
    expect(putOff).toMatchObject({ status: 404, body: { message: '404 Not Found' } });
    gitlab.setIntegratedErrorTracking(true);
    const put = await call(gitlab, 'PUT', `/api/v4/projects/${other}/error_tracking/settings?active=true&integrated=true`, { token: GOOD });
    expect(put.body).toEqual({ active: true, project_name: null, sentry_external_url: null, api_url: null, integrated: true });
    const [key] = gitlab.clientKeys(other);
    expect(key?.sentry_dsn).toBe(`https://${key?.public_key}@gitlab.com/api/v4/error_tracking/collector/${other}`);
    const patch = await call(gitlab, 'PATCH', `/api/v4/projects/${other}/error_tracking/settings`, {
      token: GOOD,
      json: { active: false },
    });
    expect(patch.body).toMatchObject({ active: false, integrated: true });
    gitlab.setIntegratedErrorTracking(false);
    expect((await call(gitlab, 'GET', `/api/v4/projects/${other}/error_tracking/settings`, { token: GOOD })).body.integrated).toBe(false);
  });
});
