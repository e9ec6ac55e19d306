// Self-test of the GitLab stand-in from Node: it answers like gitlab.com's REST API v4, refusals included.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_LEVEL, COMMITS, PROJECT_IDS, startGitlabStandIn, type GitlabStandIn } from './standins/gitlab';
import { callGitlab as call, type CallResult } from './standins/https-client';

const GOOD = 'glpat-good';
const READONLY = 'glpat-readonly';
const APP = PROJECT_IDS.app;

describe('GitLab stand-in (from Node)', () => {
  let gitlab: GitlabStandIn;
  beforeAll(async () => {
    gitlab = await startGitlabStandIn();
  });
  afterAll(() => gitlab.close());
  beforeEach(() => gitlab.clearLog());

  describe('authentication', () => {
    it('accepts PRIVATE-TOKEN, Bearer and private_token, and names the user', async () => {
      for (const opts of [{ token: GOOD }, { bearer: GOOD }]) {
        const res = await call(gitlab, 'GET', '/api/v4/user', opts);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ username: 'alice', state: 'active', web_url: 'https://gitlab.com/alice' });
        expect(typeof res.body.id).toBe('number');
        expect(res.body.avatar_url).toMatch(/^https:\/\//);
      }
      const viaParam = await call(gitlab, 'GET', `/api/v4/user?private_token=${READONLY}`);
      expect(viaParam.body.username).toBe('bob');
      expect(gitlab.requests.at(-1)?.username).toBe('bob');
    });

    it('answers a missing or unknown token with 401 "401 Unauthorized"', async () => {
      const missing = await call(gitlab, 'GET', '/api/v4/user');
      expect(missing).toMatchObject({ status: 401, body: { message: '401 Unauthorized' } });
      const unknown = await call(gitlab, 'GET', '/api/v4/user', { token: 'glpat-nope' });
      expect(unknown).toMatchObject({ status: 401, body: { message: '401 Unauthorized' } });
      const unknownBearer = await call(gitlab, 'GET', `/api/v4/projects/${APP}`, { bearer: 'glpat-nope' });
      expect(unknownBearer.status).toBe(401);
    });

    it('refuses expired and revoked tokens the OAuth way, with WWW-Authenticate', async () => {
      const expired = await call(gitlab, 'GET', '/api/v4/user', { token: 'glpat-expired' });
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({
        error: 'invalid_token',
        error_description: 'Token is expired. You can either do re-authorization or token refresh.',
      });
      expect(expired.headers['www-authenticate']).toBe(
        'Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="Token is expired. You can either do re-authorization or token refresh."',
      );
      const revoked = await call(gitlab, 'GET', '/api/v4/user', { bearer: 'glpat-revoked' });
      expect(revoked.body).toEqual({
        error: 'invalid_token',
        error_description: 'Token was revoked. You have to re-authorize from the user.',
      });
    });

    it('lets read_api read but not write (403 insufficient_scope)', async () => {
      const read = await call(gitlab, 'GET', `/api/v4/projects/${APP}/issues`, { token: READONLY });
      expect(read.status).toBe(200);
      const write = await call(gitlab, 'POST', `/api/v4/projects/${APP}/issues`, { token: READONLY, json: { title: 'x' } });
      expect(write.status).toBe(403);
      expect(write.body).toEqual({
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the access token.',
        scope: 'api',
      });
    });

    it('reports the token itself and the version', async () => {
      const self = await call(gitlab, 'GET', '/api/v4/personal_access_tokens/self', { token: READONLY });
      expect(self.status).toBe(200);
      expect(self.body).toMatchObject({ scopes: ['read_api'], revoked: false, active: true, user_id: gitlab.user('bob').id });
      expect(Object.keys(self.body)).toEqual(expect.arrayContaining(['id', 'name', 'created_at', 'expires_at']));
      const version = await call(gitlab, 'GET', '/api/v4/version', { token: READONLY });
      expect(version.body).toMatchObject({ version: '18.5.2' });
      expect(typeof version.body.revision).toBe('string');
      expect((await call(gitlab, 'GET', '/api/v4/version')).status).toBe(401);
    });
  });

  describe('projects', () => {
    it('finds a project by id and by URL-encoded path, with the caller’s permissions', async () => {
      const byId = await call(gitlab, 'GET', `/api/v4/projects/${APP}`, { token: GOOD });
      const byPath = await call(gitlab, 'GET', '/api/v4/projects/group%2Fapp', { token: GOOD });
      expect(byId.status).toBe(200);
      expect(byPath.body).toEqual(byId.body);
      expect(byId.body).toMatchObject({
        id: 101,
        path: 'app',
        path_with_namespace: 'group/app',
        name_with_namespace: 'Group / App',
        web_url: 'https://gitlab.com/group/app',
        default_branch: 'main',
        issues_enabled: true,
        issues_access_level: 'enabled',
        archived: false,
        visibility: 'private',
        permissions: { project_access: { access_level: ACCESS_LEVEL.DEVELOPER }, group_access: null },
        namespace: { full_path: 'group', kind: 'group' },
      });
      const noIssues = await call(gitlab, 'GET', '/api/v4/projects/group%2Fno-issues', { token: GOOD });
      expect(noIssues.body).toMatchObject({ id: 103, issues_enabled: false, issues_access_level: 'disabled' });
    });

    it('hides projects the caller cannot see, and 404s an unencoded path as an unknown route', async () => {
      for (const ref of ['104', 'secret%2Fhidden', '999', 'nope%2Fnope']) {
        const res = await call(gitlab, 'GET', `/api/v4/projects/${ref}`, { token: GOOD });
        expect(res).toMatchObject({ status: 404, body: { message: '404 Project Not Found' } });
      }
      const anonymous = await call(gitlab, 'GET', `/api/v4/projects/${APP}`);
      expect(anonymous).toMatchObject({ status: 404, body: { message: '404 Project Not Found' } });
      const unencoded = await call(gitlab, 'GET', '/api/v4/projects/group/app', { token: GOOD });
      expect(unencoded).toMatchObject({ status: 404, body: { error: '404 Not Found' } });
    });

    it('searches the caller’s projects by name/path, or the full path with search_namespaces', async () => {
      const app = await call(gitlab, 'GET', '/api/v4/projects?membership=true&search=APP&simple=true&per_page=10', { token: GOOD });
      expect(app.status).toBe(200);
      expect(app.body.map((p: any) => p.path_with_namespace)).toEqual(['group/app']);
      expect(app.body[0].permissions).toBeUndefined();
      expect(app.headers['x-total']).toBe('1');

      const group = await call(gitlab, 'GET', '/api/v4/projects?membership=true&search=group', { token: GOOD });
      expect(group.body).toEqual([]);
      const full = await call(gitlab, 'GET', '/api/v4/projects?membership=true&search=group/ap&search_namespaces=true', { token: GOOD });
      expect(full.body.map((p: any) => p.id)).toEqual([101]);

      const page1 = await call(
        gitlab,
        'GET',
        '/api/v4/projects?membership=true&search=group&search_namespaces=true&per_page=2&order_by=id&sort=asc',
        { token: GOOD },
      );
      expect(page1.body.map((p: any) => p.id)).toEqual([101, 102]);
      expect(page1.headers).toMatchObject({ 'x-total': '3', 'x-page': '1', 'x-next-page': '2', 'x-total-pages': '2', 'x-per-page': '2' });
      expect(String(page1.headers.link)).toContain('rel="next"');
      expect(String(page1.headers.link)).toMatch(/^<https:\/\/gitlab\.com\/api\/v4\/projects\?[^>]*page=2[^>]*>; rel="next"/);
      const page2 = await call(
        gitlab,
        'GET',
        '/api/v4/projects?membership=true&search=group&search_namespaces=true&per_page=2&page=2&order_by=id&sort=asc',
        { token: GOOD },
      );
      expect(page2.body.map((p: any) => p.id)).toEqual([103]);
      expect(page2.headers['x-next-page']).toBe('');

      const bad = await call(gitlab, 'GET', '/api/v4/projects?order_by=nonsense', { token: GOOD });
      expect(bad).toMatchObject({ status: 400, body: { error: 'order_by does not have a valid value' } });
    });
  });

  describe('issues', () => {
    it('creates, finds, closes and comments on an issue', async () => {
      const created = await call(gitlab, 'POST', `/api/v4/projects/${APP}/issues`, {
        token: GOOD,
        json: { title: 'TypeError: x is undefined', description: 'Sentry event: https://sentry.io/organizations/o/issues/42/' },
      });
      expect(created.status).toBe(201);
      const iid = created.body.iid as number;
      expect(created.body).toMatchObject({
        project_id: APP,
        title: 'TypeError: x is undefined',
        state: 'opened',
        closed_at: null,
        web_url: `https://gitlab.com/group/app/-/issues/${iid}`,
        references: { short: `#${iid}`, full: `group/app#${iid}` },
        author: { username: 'alice' },
      });

      const viaForm = await call(gitlab, 'POST', '/api/v4/projects/group%2Fapp/issues', { token: GOOD, form: { title: 'Form issue' } });
      expect(viaForm).toMatchObject({ status: 201, body: { title: 'Form issue', iid: iid + 1 } });

      const found = await call(
        gitlab,
        'GET',
        `/api/v4/projects/${APP}/issues?${new URLSearchParams({ search: 'https://sentry.io/organizations/o/issues/42/', in: 'description', state: 'all' })}`,
        { token: GOOD },
      );
      expect(found.body.map((i: any) => i.iid)).toEqual([iid]);
      const notInTitle = await call(gitlab, 'GET', `/api/v4/projects/${APP}/issues?search=sentry.io&in=title`, { token: GOOD });
      expect(notInTitle.body).toEqual([]);

      const closed = await call(gitlab, 'PUT', `/api/v4/projects/${APP}/issues/${iid}`, { token: GOOD, json: { state_event: 'close' } });
      expect(closed.status).toBe(200);
      expect(closed.body.state).toBe('closed');
      expect(closed.body.closed_at).toEqual(expect.any(String));
      const opened = await call(gitlab, 'GET', `/api/v4/projects/${APP}/issues?state=opened`, { token: GOOD });
      expect(opened.body.map((i: any) => i.iid)).not.toContain(iid);
      const single = await call(gitlab, 'GET', `/api/v4/projects/${APP}/issues/${iid}`, { token: READONLY });
      expect(single.body.state).toBe('closed');

      const note = await call(gitlab, 'POST', `/api/v4/projects/${APP}/issues/${iid}/notes`, {
        token: GOOD,
        json: { body: 'Resolved in Sentry.' },
      });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({
        body: 'Resolved in Sentry.',
        system: false,
        noteable_type: 'Issue',
        noteable_iid: iid,
        author: { username: 'alice' },
      });
      const notes = await call(gitlab, 'GET', `/api/v4/projects/${APP}/issues/${iid}/notes`, { token: GOOD });
      expect(notes.body.map((n: any) => n.id)).toEqual([note.body.id]);
      expect(gitlab.notes(APP, iid)).toHaveLength(1);
    });

    it('refuses issues like GitLab: missing/blank title, disabled issues, unknown iid', async () => {
      const missing = await call(gitlab, 'POST', `/api/v4/projects/${APP}/issues`, { token: GOOD, json: { description: 'no title' } });
      expect(missing).toMatchObject({ status: 400, body: { error: 'title is missing' } });
      const blank = await call(gitlab, 'POST', `/api/v4/projects/${APP}/issues`, { token: GOOD, json: { title: '  ' } });
      expect(blank).toMatchObject({ status: 400, body: { message: { title: ["can't be blank"] } } });
      const disabled = await call(gitlab, 'POST', `/api/v4/projects/${PROJECT_IDS.noIssues}/issues`, { token: GOOD, json: { title: 'x' } });
      expect(disabled).toMatchObject({ status: 403, body: { message: '403 Forbidden' } });
      const disabledList = await call(gitlab, 'GET', `/api/v4/projects/${PROJECT_IDS.noIssues}/issues`, { token: GOOD });
      expect(disabledList).toMatchObject({ status: 200, body: [] });
      const hidden = await call(gitlab, 'POST', `/api/v4/projects/${PROJECT_IDS.hidden}/issues`, { token: GOOD, json: { title: 'x' } });
      expect(hidden).toMatchObject({ status: 404, body: { message: '404 Project Not Found' } });
      const unknown = await call(gitlab, 'GET', `/api/v4/projects/${APP}/issues/9999`, { token: GOOD });
      expect(unknown).toMatchObject({ status: 404, body: { message: '404 Not found' } });
      const noteOnUnknown = await call(gitlab, 'POST', `/api/v4/projects/${APP}/issues/9999/notes`, { token: GOOD, json: { body: 'x' } });
      expect(noteOnUnknown).toMatchObject({ status: 404, body: { message: '404 Issue Not Found' } });
    });

    it('lets a Guest create issues but not close someone else’s', async () => {
      const issue = gitlab.addIssue(APP, { title: 'Seeded', author: 'carol' });
      gitlab.setRole(APP, 'alice', ACCESS_LEVEL.GUEST);
      try {
        const create = await call(gitlab, 'POST', `/api/v4/projects/${APP}/issues`, { token: GOOD, json: { title: 'by a guest' } });
        expect(create.status).toBe(201);
        const close = await call(gitlab, 'PUT', `/api/v4/projects/${APP}/issues/${issue.iid}`, {
          token: GOOD,
          json: { state_event: 'close' },
        });
        expect(close).toMatchObject({ status: 403, body: { message: '403 Forbidden' } });
      } finally {
        gitlab.setRole(APP, 'alice', ACCESS_LEVEL.DEVELOPER);
      }
    });
  });

  describe('commits', () => {
    it('finds a commit by full or short SHA and 404s unknown ones', async () => {
      for (const sha of [COMMITS.appFix, COMMITS.appFix.slice(0, 8), COMMITS.appFix.slice(0, 7).toUpperCase()]) {
        const res = await call(gitlab, 'GET', `/api/v4/projects/${APP}/repository/commits/${sha}`, { token: GOOD });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          id: COMMITS.appFix,
          short_id: COMMITS.appFix.slice(0, 8),
          title: 'Fix crash when the Sentry token is missing',
          web_url: `https://gitlab.com/group/app/-/commit/${COMMITS.appFix}`,
        });
        expect(res.body.message).toContain('The poller read the token');
        expect(res.body.author_name).toEqual(expect.any(String));
        expect(res.body.created_at).toEqual(expect.any(String));
      }
      const other = await call(gitlab, 'GET', `/api/v4/projects/${APP}/repository/commits/${COMMITS.otherInitial}`, { token: GOOD });
      expect(other).toMatchObject({ status: 404, body: { message: '404 Commit Not Found' } });
      const main = await call(gitlab, 'GET', `/api/v4/projects/${APP}/repository/commits/main`, { token: GOOD });
      expect(main.body.id).toBe(COMMITS.appFix);
    });
  });

  describe('repository files', () => {
    const file = (path: string, ref: string) =>
      `/api/v4/projects/${APP}/repository/files/${encodeURIComponent(path)}?ref=${encodeURIComponent(ref)}`;

    it('answers HEAD with 200 and no body for a file at the default branch or a commit, 404 otherwise', async () => {
      for (const ref of ['main', COMMITS.appFix, COMMITS.appFix.slice(0, 8)]) {
        const res = await call(gitlab, 'HEAD', file('app/models/user.rb', ref), { token: GOOD });
        expect(res.status, ref).toBe(200);
        expect(res.text, ref).toBe('');
        expect(res.headers['x-gitlab-file-path']).toBe('app/models/user.rb');
      }
      expect((await call(gitlab, 'HEAD', file('app/models/ghost.rb', 'main'), { token: GOOD })).status).toBe(404);
      expect((await call(gitlab, 'HEAD', file('models/user.rb', 'main'), { token: GOOD })).status).toBe(404);
      const unknownRef = await call(gitlab, 'GET', file('app/models/user.rb', COMMITS.otherInitial), { token: GOOD });
      expect(unknownRef).toMatchObject({ status: 404, body: { message: '404 Commit Not Found' } });
      const missing = await call(gitlab, 'GET', file('app/models/ghost.rb', 'main'), { token: GOOD });
      expect(missing).toMatchObject({ status: 404, body: { message: '404 File Not Found' } });
      const found = await call(gitlab, 'GET', file('app/models/user.rb', 'main'), { token: GOOD });
      expect(found.body).toMatchObject({ file_path: 'app/models/user.rb', ref: 'main', commit_id: COMMITS.appFix, encoding: 'base64' });
    });
  });

  describe('error tracking', () => {
    it('requires Maintainer for the settings, then 404s projects without settings', async () => {
      const developer = await call(gitlab, 'GET', `/api/v4/projects/${APP}/error_tracking/settings`, { token: GOOD });
      expect(developer).toMatchObject({ status: 403, body: { message: '403 Forbidden' } });
      const none = await call(gitlab, 'GET', `/api/v4/projects/${PROJECT_IDS.other}/error_tracking/settings`, { token: GOOD });
      expect(none).toMatchObject({ status: 404, body: { message: '404 Error Tracking Setting Not Found' } });
      const hidden = await call(gitlab, 'GET', `/api/v4/projects/${PROJECT_IDS.hidden}/error_tracking/settings`, { token: GOOD });
      expect(hidden).toMatchObject({ status: 404, body: { message: '404 Project Not Found' } });

      gitlab.setRole(APP, 'alice', ACCESS_LEVEL.MAINTAINER);
      try {
        const settings = await call(gitlab, 'GET', `/api/v4/projects/${APP}/error_tracking/settings`, { token: GOOD });
        expect(settings.status).toBe(200);
        expect(settings.body).toEqual({
          active: true,
          project_name: 'prime-mover',
          sentry_external_url: 'https://sentry.io/the-interstellar-jurisdiction/prime-mover',
          api_url: 'https://sentry.io/api/0/projects/the-interstellar-jurisdiction/prime-mover',
          integrated: false,
        });
      } finally {
        gitlab.setRole(APP, 'alice', ACCESS_LEVEL.DEVELOPER);
      }

      gitlab.setErrorTrackingSettings(PROJECT_IDS.other, { api_url: 'https://sentry.io/api/0/projects/acme/web/' });
      const derived = await call(gitlab, 'GET', '/api/v4/projects/group%2Fother/error_tracking/settings', { token: GOOD });
      expect(derived.body).toEqual({
        active: true,
        project_name: 'web',
        sentry_external_url: 'https://sentry.io/acme/web',
        api_url: 'https://sentry.io/api/0/projects/acme/web/',
        integrated: false,
      });
      gitlab.setErrorTrackingSettings(PROJECT_IDS.other, null);
    });

    it('creates, lists and deletes client keys (Maintainer)', async () => {
      const other = PROJECT_IDS.other;
      const created = await call(gitlab, 'POST', `/api/v4/projects/${other}/error_tracking/client_keys`, { token: GOOD });
      expect(created.status).toBe(201);
      expect(created.body.public_key).toMatch(/^glet_[0-9a-f]{32}$/);
      expect(created.body).toMatchObject({
        active: true,
        sentry_dsn: `https://${created.body.public_key}@gitlab.com/api/v4/error_tracking/collector/${other}`,
      });
      const list = await call(gitlab, 'GET', `/api/v4/projects/${other}/error_tracking/client_keys`, { token: GOOD });
      expect(list.body).toEqual([created.body]);
      const deleted = await call(gitlab, 'DELETE', `/api/v4/projects/${other}/error_tracking/client_keys/${created.body.id}`, {
        token: GOOD,
      });
      expect(deleted).toMatchObject({ status: 200, body: created.body });
      expect(gitlab.clientKeys(other)).toEqual([]);
      const again = await call(gitlab, 'DELETE', `/api/v4/projects/${other}/error_tracking/client_keys/${created.body.id}`, {
        token: GOOD,
      });
      expect(again.status).toBe(404);
      const developer = await call(gitlab, 'POST', `/api/v4/projects/${APP}/error_tracking/client_keys`, { token: GOOD });
      expect(developer.status).toBe(403);
    });
  });

  describe('cross-cutting', () => {
    it('sends rate-limit headers and throttles with 429 "Retry later"', async () => {
      gitlab.setRateLimit({ limit: 3, windowSeconds: 60 });
      try {
        const statuses: number[] = [];
        let last: CallResult | undefined;
        for (let i = 0; i < 4; i++) {
          last = await call(gitlab, 'GET', '/api/v4/user', { token: GOOD });
          statuses.push(last.status);
        }
        expect(statuses).toEqual([200, 200, 200, 429]);
        expect(last?.text).toBe('Retry later\n');
        expect(last?.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-observed': '4', 'ratelimit-remaining': '0' });
        expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(last?.headers['ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
      } finally {
        gitlab.setRateLimit({ limit: 2000, windowSeconds: 60 });
      }
      const ok = await call(gitlab, 'GET', '/api/v4/user', { token: GOOD });
      expect(ok.headers).toMatchObject({ 'ratelimit-limit': '2000', 'ratelimit-remaining': '1999' });
    });

    it('injects failures, 404s unknown routes, adds no CORS headers and logs the Origin', async () => {
      gitlab.failNext(1, 502);
      const failed = await call(gitlab, 'GET', '/api/v4/user', { token: GOOD });
      expect(failed.status).toBe(502);
      expect(failed.headers['content-type']).toContain('text/html');

      const unknown = await call(gitlab, 'GET', '/api/v4/nope', { token: GOOD });
      expect(unknown).toMatchObject({ status: 404, body: { error: '404 Not Found' } });

      const withOrigin = await call(gitlab, 'GET', '/api/v4/user', { token: GOOD, origin: 'chrome-extension://abc' });
      expect(withOrigin.status).toBe(200);
      expect(withOrigin.headers['access-control-allow-origin']).toBeUndefined();
      expect(gitlab.requests.at(-1)).toMatchObject({ origin: 'chrome-extension://abc', host: 'gitlab.com', path: '/api/v4/user' });
      expect(gitlab.requests.at(-1)?.headers['private-token']).toBe(GOOD);

      const preflight = await call(gitlab, 'OPTIONS', '/api/v4/user', {
        origin: 'chrome-extension://abc',
        headers: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'private-token' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('serves a GitLab-looking HTML page for project paths', async () => {
      const page = await call(gitlab, 'GET', '/group/app');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain('<meta property="og:site_name" content="GitLab">');
      expect(page.text).toContain(`<meta name="csrf-token" content="${gitlab.csrfToken}">`);
      expect(page.text).toMatch(/data-page="projects:show"/);
      expect(page.text).toMatch(/data-project-id="101"/);
      expect(page.text).toMatch(/data-project-full-path="group\/app"/);
      const issuePage = await call(gitlab, 'GET', '/group/app/-/issues/3');
      expect(issuePage.text).toMatch(/data-page="projects:issues:show"/);
      expect(issuePage.text).toMatch(/data-page-type-id="3"/);
      expect((await call(gitlab, 'GET', '/nobody/nothing')).status).toBe(404);

      expect((await call(gitlab, 'POST', '/group/app/-/issues', { form: { 'issue[title]': 'x' } })).status).toBe(404);
      gitlab.setPages((path, request) => {
        if (path === '/group/app/-/error_tracking') return '<html><body>custom</body></html>';
        if (request.method === 'POST' && path === '/group/app/-/issues') return `<html><body>posted ${request.body}</body></html>`;
        return undefined;
      });
      try {
        expect((await call(gitlab, 'GET', '/group/app/-/error_tracking')).text).toContain('custom');
        expect(gitlab.renderPage('/group/app/-/error_tracking').html).toContain('custom');
        expect((await call(gitlab, 'GET', '/group/app')).text).toContain('data-project-id="101"');
        const posted = await call(gitlab, 'POST', '/group/app/-/issues', { form: { 'issue[title]': 'x' } });
        expect(posted).toMatchObject({ status: 200, text: expect.stringContaining('posted issue%5Btitle%5D=x') });
      } finally {
        gitlab.setPages(undefined);
      }
    });
  });
});

describe('GitLab stand-in with cors: true', () => {
  let gitlab: GitlabStandIn;
  beforeAll(async () => {
    gitlab = await startGitlabStandIn({ cors: true });
  });
  afterAll(() => gitlab.close());

  it('answers preflights and cross-origin calls like Rack::Cors on /api/*', async () => {
    const preflight = await call(gitlab, 'OPTIONS', '/api/v4/user', {
      origin: 'chrome-extension://abc',
      headers: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'private-token' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-headers': 'private-token' });
    const res = await call(gitlab, 'GET', '/api/v4/user', { token: GOOD, origin: 'chrome-extension://abc' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-expose-headers'])).toContain('X-Total');
  });
});
