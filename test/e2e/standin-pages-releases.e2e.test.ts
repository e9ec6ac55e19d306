// Self-test (from Node) of what the page panels need from the stand-ins: Sentry's `firstRelease:` search and
// releases list, and the GitLab stand-in's GitLab 18.x pages (markers, theme, second host name).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSentryStandIn, type SentryStandIn } from './standins/sentry';
import { COMMITS, DEFAULT_ERROR_TRACKING, PROJECT_IDS, renderMarkdown, startGitlabStandIn, type GitlabStandIn } from './standins/gitlab';
import { httpsCall as call } from './standins/https-client';

const ORG = 'the-interstellar-jurisdiction';
const PRIME_MOVER_ID = '3';
const EXAMPLE_RELEASE = '17642328ead24b51867165985996d04b29310337';

describe('Sentry stand-in: firstRelease search and the releases list', () => {
  let sentry: SentryStandIn;
  const get = (path: string, token = 'good-token') =>
    call(sentry.port, 'GET', path, { host: 'sentry.io', headers: { Authorization: `Bearer ${token}` } });
  const search = (query: string) => get(`/api/0/organizations/${ORG}/issues/?${new URLSearchParams({ project: PRIME_MOVER_ID, query })}`);
  const releases = (params: Record<string, string>) => get(`/api/0/organizations/${ORG}/releases/?${new URLSearchParams(params)}`);

  beforeAll(async () => {
    sentry = await startSentryStandIn();
  });
  afterAll(() => sentry.close());

  it('matches firstRelease:<version> and firstRelease:"<version>" exactly; list items carry no release, details do', async () => {
    const [a, b] = sentry.issues.filter((i) => i.project.id === PRIME_MOVER_ID);
    sentry.setFirstRelease(a!.id, COMMITS.appFix);
    sentry.setFirstRelease(b!.id, { version: `web@${COMMITS.appInitial}`, dateCreated: '2025-01-10T09:00:00.000Z' });

    const bare = await search(`firstRelease:${COMMITS.appFix}`);
    expect(bare.status).toBe(200);
    expect(bare.body.map((i: { id: string }) => i.id)).toEqual([a!.id]);
    expect(bare.headers['x-hits']).toBe('1');
    expect(bare.body[0]).not.toHaveProperty('firstRelease');
    const quoted = await search(`firstRelease:"web@${COMMITS.appInitial}"`);
    expect(quoted.body.map((i: { id: string }) => i.id)).toEqual([b!.id]);
    // Exact: a prefix or another case is no match.
    expect((await search(`firstRelease:${COMMITS.appFix.slice(0, 12)}`)).body).toEqual([]);
    expect((await search(`firstRelease:WEB@${COMMITS.appInitial}`)).body).toEqual([]);
    // Combined with other keys and negated.
    expect((await search(`is:unresolved firstRelease:"${COMMITS.appFix}"`)).body.length).toBe(a!.status === 'unresolved' ? 1 : 0);
    const notFix = await search(`!firstRelease:${COMMITS.appFix}`);
    expect(notFix.body.some((i: { id: string }) => i.id === a!.id)).toBe(false);

    const details = await get(`/api/0/organizations/${ORG}/issues/${a!.id}/`);
    expect(details.body.firstRelease).toMatchObject({
      version: COMMITS.appFix,
      shortVersion: COMMITS.appFix.slice(0, 7),
      dateReleased: null,
    });
    // An issue without its own first release keeps reporting the example's, and is found by it.
    const c = sentry.issues.filter((i) => i.project.id === PRIME_MOVER_ID)[2]!;
    expect((await get(`/api/0/organizations/${ORG}/issues/${c.id}/`)).body.firstRelease).toMatchObject({
      version: EXAMPLE_RELEASE,
      shortVersion: '1764232',
    });
    expect((await search(`firstRelease:${EXAMPLE_RELEASE} issue:${c.shortId}`)).body.map((i: { id: string }) => i.id)).toEqual([c.id]);
    expect((await search(`firstRelease:${EXAMPLE_RELEASE}`)).headers['x-hits']).toBe('148'); // prime-mover's 150 but a and b
    sentry.setFirstRelease(c.id, null);
    expect((await get(`/api/0/organizations/${ORG}/issues/${c.id}/`)).body.firstRelease).toBeNull();
    expect((await search(`firstRelease:${EXAMPLE_RELEASE} issue:${c.shortId}`)).body).toEqual([]);
  });

  it('lists releases from first releases and registered ones, filtered by project and a case-insensitive version substring', async () => {
    sentry.addRelease({ version: 'web@1.2.3', projects: ['prime-mover'], dateCreated: '2030-01-01T00:00:00.000Z' });
    sentry.addRelease({ version: 'pump@9.9.9', projects: ['2'] });

    const all = await releases({ project: PRIME_MOVER_ID });
    expect(all.status).toBe(200);
    const versions = all.body.map((r: { version: string }) => r.version);
    expect(versions).toEqual(expect.arrayContaining([COMMITS.appFix, `web@${COMMITS.appInitial}`, 'web@1.2.3', EXAMPLE_RELEASE]));
    expect(versions).not.toContain('pump@9.9.9');
    expect(versions[0]).toBe('web@1.2.3'); // newest dateCreated first
    expect(all.headers.link).toContain('rel="next"');

    const bySha = await releases({ project: PRIME_MOVER_ID, query: COMMITS.appInitial.slice(0, 12).toUpperCase() });
    expect(bySha.body.map((r: { version: string }) => r.version)).toEqual([`web@${COMMITS.appInitial}`]);
    const release = bySha.body[0];
    expect(release).toMatchObject({
      version: `web@${COMMITS.appInitial}`,
      shortVersion: COMMITS.appInitial.slice(0, 7),
      dateCreated: '2025-01-10T09:00:00.000Z',
      status: 'open',
      newGroups: 1,
      projects: [expect.objectContaining({ id: 3, slug: 'prime-mover' })],
      versionInfo: expect.objectContaining({ package: 'web', buildHash: COMMITS.appInitial }),
    });
    expect(typeof release.id).toBe('number');
    expect(release).not.toHaveProperty('_projectIds');

    expect((await releases({ project: '2', query: 'pump' })).body.map((r: { version: string }) => r.version)).toEqual(['pump@9.9.9']);
    expect((await releases({ project: '999' })).status).toBe(403);
    // project:read is enough (OrganizationReleasePermission); no token is 401.
    expect((await get(`/api/0/organizations/${ORG}/releases/?project=${PRIME_MOVER_ID}`, 'readonly-token')).status).toBe(200);
    expect((await call(sentry.port, 'GET', `/api/0/organizations/${ORG}/releases/`, { host: 'sentry.io' })).status).toBe(401);
    expect(sentry.releases().map((r) => r.version)).toEqual(expect.arrayContaining(['pump@9.9.9', 'web@1.2.3']));
  });
});

describe('GitLab stand-in: GitLab 18.x pages', () => {
  let gitlab: GitlabStandIn;
  const page = (path: string, host = 'gitlab.com') => call(gitlab.port, 'GET', path, { host });

  beforeAll(async () => {
    gitlab = await startGitlabStandIn({ hosts: ['gitlab.example.test'] });
  });
  afterAll(() => gitlab.close());

  it('project home: head markers, body data attributes, super sidebar with Error Tracking, #content-body', async () => {
    const res = await page('/group/app');
    expect(res.status).toBe(200);
    const html = res.text;
    expect(html).toMatch(/^<!DOCTYPE html>\n<html class="gl-light /);
    expect(html).toContain('<meta property="og:site_name" content="GitLab">');
    expect(html).toContain(`<meta name="csrf-token" content="${gitlab.csrfToken}">`);
    expect(html).toContain('gon.gitlab_url="https://gitlab.com";');
    for (const attr of [
      'data-page="projects:show"',
      'data-page-type-id=""',
      'data-project-id="101"',
      'data-project="app"',
      'data-project-full-path="group/app"',
      'data-namespace-id="11"',
      'data-group="group"',
    ]) {
      expect(html).toContain(attr);
    }
    expect(html).toContain('<main class="content" id="content-body"');
    const sidebar = /<aside class="js-super-sidebar[^"]*"[^>]* data-sidebar="([^"]*)"/.exec(html)?.[1];
    expect(sidebar).toBeDefined();
    const data = JSON.parse(sidebar!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))));
    const monitor = data.current_menu_items.find((m: { id: string }) => m.id === 'monitor_menu');
    expect(monitor.items[0]).toMatchObject({ id: 'error_tracking', title: 'Error Tracking', link: '/group/app/-/error_tracking' });
    expect(data.current_context.item).toMatchObject({ id: 101, full_path: 'group/app' });

    const other = await page('/group/other');
    expect(other.text).toContain('data-project-full-path="group/other"');
    expect(other.text).toContain('data-project-id="102"');
  });

  it('issue page: the description rendered as HTML in #content-body, URLs as links', async () => {
    const issue = gitlab.addIssue('group/app', {
      title: 'Crash <b>here</b>',
      description:
        '## Error details\n\n- **Sentry issue:** https://the-interstellar-jurisdiction.sentry.io/issues/42/\n- **Error:** `<img src=x>`\n\nSee [docs](https://example.com/docs).',
    });
    const html = (await page(`/group/app/-/issues/${issue.iid}`)).text;
    expect(html).toContain('data-page="projects:issues:show"');
    expect(html).toContain(`data-page-type-id="${issue.iid}"`);
    expect(html).toContain('Crash &#60;b&#62;here&#60;/b&#62;</h1>');
    expect(html).toContain(
      '<a href="https://the-interstellar-jurisdiction.sentry.io/issues/42/" rel="nofollow noreferrer noopener" target="_blank">https://the-interstellar-jurisdiction.sentry.io/issues/42/</a>',
    );
    expect(html).toContain('<code>&#60;img src=x&#62;</code>');
    expect(html).toContain('<a href="https://example.com/docs" rel="nofollow noreferrer noopener" target="_blank">docs</a>');
    expect(html).not.toContain('<img src=x>');
    const main = html.slice(html.indexOf('id="content-body"'));
    expect(main).toContain('issues/42/');
  });

  it('renders fenced code, emphasis and lists like Banzai, text stays text', () => {
    const html = renderMarkdown('_Created_ by **x**\n\n````text\n<script>\n````\n\n- a\n- b');
    expect(html).toContain('<p dir="auto"><em>Created</em> by <strong>x</strong></p>');
    expect(html).toContain('<span id="LC1" class="line" lang="text">&#60;script&#62;</span>');
    expect(html).toContain('<ul dir="auto">\n<li>a</li>\n<li>b</li>\n</ul>');
  });

  it('file, commit and Error Tracking pages', async () => {
    const blob = (await page('/group/app/-/blob/main/app/models/user.rb')).text;
    expect(blob).toContain('data-page="projects:blob:show"');
    expect(blob).toContain('data-page-type-id="main/app/models/user.rb"');
    expect(blob).toContain('<a id="L40" class="file-line-num diff-line-num" href="#L40" data-line-number="40">40</a>');
    expect(blob).toContain('data-blob-path="app/models/user.rb"');

    const commit = await page(`/group/app/-/commit/${COMMITS.appFix}`);
    expect(commit.text).toContain('data-page="projects:commit:show"');
    expect(commit.text).toContain(`data-page-type-id="${COMMITS.appFix}"`);
    expect(commit.text).toContain('<h3 class="commit-title">Fix crash when the Sentry token is missing</h3>');
    expect((await page(`/group/app/-/commit/${COMMITS.appFix.slice(0, 8)}`)).status).toBe(200);
    expect((await page('/group/app/-/commit/0123456789abcdef0123456789abcdef01234567')).status).toBe(404);

    const on = (await page('/group/app/-/error_tracking')).text;
    expect(on).toContain('data-page="projects:error_tracking:index"');
    expect(on).toMatch(/<div id="js-error_tracking" [^>]*data-error-tracking-enabled="true"/);
    gitlab.setErrorTrackingSettings(PROJECT_IDS.app, { ...DEFAULT_ERROR_TRACKING, active: false });
    expect((await page('/group/app/-/error_tracking')).text).toMatch(
      /<div id="js-error_tracking" [^>]*data-error-tracking-enabled="false"/,
    );
    // Never configured (group/other): also off.
    expect((await page('/group/other/-/error_tracking')).text).toMatch(/data-error-tracking-enabled="false"/);
    gitlab.setErrorTrackingSettings(PROJECT_IDS.app, { ...DEFAULT_ERROR_TRACKING });
  });

  it('dark theme and a second host name', async () => {
    gitlab.setTheme('dark');
    expect((await page('/group/app')).text).toMatch(/<html class="gl-dark /);
    gitlab.setTheme('light');
    expect((await page('/group/app')).text).toMatch(/<html class="gl-light /);

    const selfHosted = (await page('/group/app', 'gitlab.example.test')).text;
    expect(selfHosted).toContain('gon.gitlab_url="https://gitlab.example.test";');
    expect(selfHosted).toContain('<meta content="https://gitlab.example.test/group/app" property="og:url">');
    expect(selfHosted).not.toContain('https://gitlab.com');
    expect(gitlab.renderPage('/group/app', { host: 'gitlab.example.test' }).html).toContain('gon.gitlab_url="https://gitlab.example.test"');

    // API URLs follow the host name the request came under.
    const api = await call(gitlab.port, 'GET', '/api/v4/projects/101', {
      host: 'gitlab.example.test',
      headers: { 'PRIVATE-TOKEN': 'glpat-good' },
    });
    expect(api.body.web_url).toBe('https://gitlab.example.test/group/app');
    const com = await call(gitlab.port, 'GET', '/api/v4/projects/101', { host: 'gitlab.com', headers: { 'PRIVATE-TOKEN': 'glpat-good' } });
    expect(com.body.web_url).toBe('https://gitlab.com/group/app');
    // An unknown host name is answered as gitlab.com (the externalUrl).
    expect((await page('/group/app', 'gitlab.other.test')).text).toContain('gon.gitlab_url="https://gitlab.com";');
    expect(gitlab.originFor('gitlab.example.test:443')).toBe('https://gitlab.example.test');
  });
});
