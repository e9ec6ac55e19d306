import { vi } from 'vitest';

interface FakeIssue {
  id: number;
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed';
  web_url: string;
  author?: { id: number; username: string };
}

/** The token's user, who creates every issue made through the fake. */
export const FAKE_GITLAB_USER = { id: 1, username: 'alice' };

export interface FakeGitlabOptions {
  /** The instance's host; gitlab.com unless a self-hosted one is tested. */
  host?: string;
  token?: string;
  scopes?: string[];
  project?: Partial<{ id: number; path: string; issues_enabled: boolean; archived: boolean }>;
  commits?: string[];
  /** The repository's files, the same at the default branch (main) and at every commit of `commits`. */
  files?: string[];
  /** Answer instead of the default behaviour. */
  override?: (url: URL, init: RequestInit) => Response | undefined;
  /** Integrated error tracking: the errors GitLab's GraphQL and web endpoints serve. */
  errors?: Array<{
    id: string;
    title: string;
    status: 'unresolved' | 'ignored' | 'resolved';
    count: number | string;
    /** Sentry's stats['24h'] (`[unix seconds, count]`), served as GraphQL's and the web list's `frequency`. */
    frequency?: Array<[number, number]>;
  }>;
  /** GraphQL fails a list query asking for `frequency` (500), as for GitLab's own database-backed errors. */
  listFrequencyFails?: boolean;
  /** How many times GraphQL answers null (cache warming) before data. */
  warmUpNulls?: number;
  /** The browser's GitLab session: without it the web endpoints answer as to a signed-out user. */
  signedIn?: boolean;
  accessLevel?: number;
  /** Other users' roles in the project (user id → access level); anyone else is not a member. */
  members?: Record<number, number>;
}

const CSRF = 'csrf-token-123';

/** A Response whose url is where redirects would have ended. */
function landedOn(url: string, body = '<html></html>', status = 200): Response {
  const response = new Response(body, { status, headers: { 'Content-Type': 'text/html' } });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

/**
 * A redirect as the browser hands it over under `redirect: 'manual'`: opaque, status 0, no Location. Under
 * 'follow' the browser would have landed on `url`.
 */
function redirectTo(url: string, init: RequestInit, body?: string): Response {
  if (init.redirect !== 'manual') return landedOn(url, body);
  const response = new Response(null, { status: 302 });
  Object.defineProperties(response, { type: { value: 'opaqueredirect' }, status: { value: 0 }, ok: { value: false } });
  return response;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/**
 * gitlab.com's REST API for the few routes the units use, in front of whatever fetch() is installed
 * (usually the fake Sentry): other hosts pass through.
 */
export function installFakeGitlab(options: FakeGitlabOptions = {}) {
  const token = options.token ?? 'glpat-good';
  const project = { id: 101, path: 'group/app', issues_enabled: true, archived: false, ...options.project };
  const host = options.host ?? 'gitlab.com';
  const webUrl = `https://${host}/${project.path}`;
  const issues: FakeIssue[] = [];
  const notes: Array<{ iid: number; body: string }> = [];
  const requests: Array<{ method: string; url: URL; body?: unknown }> = [];
  const next = globalThis.fetch;

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    if (url.hostname !== host) return next(input, init);
    const method = init.method ?? 'GET';
    const body =
      init.body instanceof URLSearchParams ? Object.fromEntries(init.body) : init.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method, url, body });
    const overridden = options.override?.(url, init);
    if (overridden) return overridden;
    if (!url.pathname.startsWith('/api/')) return web(url, init, method, new Headers(init.headers), body);
    if (new Headers(init.headers).get('private-token') !== token) return json({ message: '401 Unauthorized' }, 401);
    if (url.pathname === '/api/graphql') return graphql(body as { query: string; variables: Record<string, unknown> });
    const path = url.pathname.replace(/^\/api\/v4/, '');
    if (path === '/user') return json({ ...FAKE_GITLAB_USER, name: 'Alice', web_url: `https://${host}/alice` });
    if (path === '/personal_access_tokens/self') return json({ scopes: options.scopes ?? ['api'], active: true, expires_at: null });
    if (path === '/projects') return json([projectEntity()]);
    const projectMatch = /^\/projects\/([^/]+)(\/.*)?$/.exec(path);
    if (!projectMatch) return json({ error: '404 Not Found' }, 404);
    const ref = decodeURIComponent(projectMatch[1]!);
    if (ref !== String(project.id) && ref !== project.path) return json({ message: '404 Project Not Found' }, 404);
    const rest = projectMatch[2] ?? '';
    if (rest === '') return json(projectEntity());
    if (rest === '/error_tracking/settings') {
      return json({
        active: true,
        api_url: 'https://sentry.io/api/0/projects/the-interstellar-jurisdiction/prime-mover',
        integrated: false,
      });
    }
    const member = /^\/members\/all\/(\d+)$/.exec(rest);
    if (member) {
      const id = Number(member[1]);
      const level = id === FAKE_GITLAB_USER.id ? (options.accessLevel ?? 30) : options.members?.[id];
      return level === undefined ? json({ message: '404 Not found' }, 404) : json({ id, username: `user${id}`, access_level: level });
    }
    if (rest === '/issues' && method === 'GET') {
      const search = url.searchParams.get('search') ?? '';
      return json(issues.filter((issue) => issue.description.includes(search)));
    }
    if (rest === '/issues' && method === 'POST') {
      if (!project.issues_enabled) return json({ message: '403 Forbidden' }, 403);
      const iid = issues.length + 1;
      const issue: FakeIssue = {
        id: 5000 + iid,
        iid,
        title: body.title,
        description: body.description ?? '',
        state: 'opened',
        web_url: `${webUrl}/-/issues/${iid}`,
        author: FAKE_GITLAB_USER,
      };
      issues.push(issue);
      return json(issue, 201);
    }
    const issueMatch = /^\/issues\/(\d+)(\/notes)?$/.exec(rest);
    const issue = issueMatch ? issues.find((candidate) => candidate.iid === Number(issueMatch[1])) : undefined;
    if (issueMatch && !issue) return json({ message: '404 Not found' }, 404);
    if (issue && issueMatch?.[2]) {
      notes.push({ iid: issue.iid, body: body.body });
      return json({ id: notes.length, body: body.body }, 201);
    }
    if (issue && method === 'PUT') {
      if (body.state_event === 'close') issue.state = 'closed';
      return json(issue);
    }
    if (issue) return json(issue);
    const file = /^\/repository\/files\/([^/]+)$/.exec(rest);
    if (file) {
      const ref = url.searchParams.get('ref') ?? '';
      if (ref !== 'main' && !(options.commits ?? []).some((sha) => sha.startsWith(ref)))
        return json({ message: '404 Commit Not Found' }, 404);
      if (!(options.files ?? []).includes(decodeURIComponent(file[1]!))) return json({ message: '404 File Not Found' }, 404);
      return method === 'HEAD' ? new Response(null, { status: 200 }) : json({ file_path: decodeURIComponent(file[1]!), ref });
    }
    const commit = /^\/repository\/commits\/([0-9a-f]+)$/.exec(rest);
    if (commit) {
      const full = (options.commits ?? []).find((sha) => sha.startsWith(commit[1]!));
      return full
        ? json({ id: full, short_id: full.slice(0, 8), web_url: `${webUrl}/-/commit/${full}` })
        : json({ message: '404 Commit Not Found' }, 404);
    }
    return json({ error: '404 Not Found' }, 404);
  });

  function projectEntity() {
    return {
      id: project.id,
      path_with_namespace: project.path,
      name_with_namespace: project.path.replace('/', ' / '),
      web_url: webUrl,
      default_branch: 'main',
      issues_enabled: project.issues_enabled,
      archived: project.archived,
      permissions: { project_access: { access_level: options.accessLevel ?? 30 }, group_access: null },
    };
  }

  const errors = options.errors ?? [];
  let nullsLeft = options.warmUpNulls ?? 0;
  const node = (error: (typeof errors)[number]) => ({
    id: `gid://gitlab/Gitlab::ErrorTracking::Error/${error.id}`,
    sentryId: error.id,
    title: error.title,
    culprit: 'app/models/user.rb in save',
    status: error.status.toUpperCase(),
    count: error.count,
    userCount: 2,
    firstSeen: '2026-01-01T00:00:00Z',
    lastSeen: '2026-11-01T00:00:00Z',
    externalUrl: `https://sentry.io/organizations/acme/issues/${error.id}/`,
    shortId: `APP-${error.id}`,
  });

  const graphqlFrequency = (error: (typeof errors)[number]) =>
    (error.frequency ?? []).map(([time, count]) => ({ time: new Date(time * 1000).toISOString(), count }));

  function graphql({ query, variables }: { query: string; variables: Record<string, unknown> }) {
    const asksFrequency = query.includes('frequency {');
    if (options.listFrequencyFails && asksFrequency && query.includes('ErrorTrackerErrors')) {
      return json({ errors: [{ message: 'Internal server error' }] }, 500);
    }
    if (nullsLeft > 0) {
      nullsLeft--;
      return json({
        data: {
          project: {
            sentryErrors: query.includes('ErrorTrackerErrors') ? { errors: null } : { detailedError: null, errorStackTrace: null },
          },
        },
      });
    }
    if (query.includes('ErrorTrackerErrors')) {
      const nodes = errors
        .filter((error) => error.status === 'unresolved')
        .map((error) => (asksFrequency ? { ...node(error), frequency: graphqlFrequency(error) } : node(error)));
      return json({
        data: {
          project: {
            sentryErrors: {
              errors: { nodes, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } },
            },
          },
        },
      });
    }
    const id = String(variables.id).split('/').pop();
    const error = errors.find((candidate) => candidate.id === id);
    if (!error) return json({ data: { project: { sentryErrors: { detailedError: null, errorStackTrace: null } } } });
    const linked = issues.find((issue) => issue.description.includes(`sentry:${error.id}`));
    return json({
      data: {
        project: {
          sentryErrors: {
            detailedError: {
              ...node(error),
              externalBaseUrl: 'https://sentry.io/organizations/acme',
              firstReleaseVersion: 'abc1234',
              lastReleaseVersion: 'abc1234',
              gitlabCommit: 'abc1234def5678',
              gitlabCommitPath: `/${project.path}/-/commit/abc1234def5678`,
              gitlabIssuePath: linked ? `/${project.path}/-/issues/${linked.iid}` : null,
              integrated: false,
              tags: { level: 'error', logger: 'ruby' },
              frequency: [{ time: '2026-11-01T00:00:00Z', count: 3 }],
            },
            errorStackTrace: {
              dateReceived: '2026-11-01T00:00:00Z',
              stackTraceEntries: [
                {
                  fileName: 'app/models/user.rb',
                  function: 'save',
                  line: '12',
                  col: null,
                  traceContext: [{ line: 12, code: '<span class="k">raise</span> &quot;boom&quot;' }],
                },
                { fileName: 'app/controllers/users_controller.rb', function: 'create', line: '40', col: '3', traceContext: [] },
              ],
            },
          },
        },
      },
    });
  }

  /** GitLab's web endpoints: the session (signedIn) and, for changes, the CSRF token. */
  function web(url: URL, init: RequestInit, method: string, headers: Headers, body: Record<string, string> | undefined): Response {
    const projectPage = `/${project.path}/-/error_tracking`;
    if (options.signedIn === false) return redirectTo(`https://${host}/users/sign_in`, init, '<html>Sign in</html>');
    if (url.pathname === projectPage && method === 'GET') {
      return landedOn(url.href, `<html><head><meta name="csrf-token" content="${CSRF}"></head><body></body></html>`);
    }
    if (url.pathname === `${projectPage}.json`) {
      const status = url.searchParams.get('issue_status');
      return json({
        errors: errors
          .filter((error) => error.status === status)
          .map((error) => ({
            ...node(error),
            id: error.id,
            user_count: 1,
            external_url: node(error).externalUrl,
            short_id: node(error).shortId,
            status: error.status,
            frequency: error.frequency ?? [],
          })),
        pagination: {},
      });
    }
    const update = new RegExp(`^${projectPage}/(\\w+)\\.json$`).exec(url.pathname);
    if (update && method === 'PUT') {
      if (headers.get('x-csrf-token') !== CSRF) return json({ message: 'Invalid authenticity token' }, 422);
      const error = errors.find((candidate) => candidate.id === update[1]);
      if (!error) return json({ message: 'Not found' }, 404);
      if ((options.accessLevel ?? 30) < 30) return json({ message: 'Forbidden' }, 403);
      error.status = (body as unknown as { status: typeof error.status }).status;
      const linked = issues.find((issue) => issue.description.includes(`sentry:${error.id}`) && issue.state === 'opened');
      if (error.status === 'resolved' && linked) linked.state = 'closed';
      return json({ result: { updated: true, closed_issue_iid: error.status === 'resolved' && linked ? linked.iid : null } });
    }
    if (url.pathname === `/${project.path}/-/issues` && method === 'POST') {
      if (body?.authenticity_token !== CSRF) return json({ message: 'Invalid authenticity token' }, 422);
      const iid = issues.length + 1;
      const sentryId = body['issue[sentry_issue_attributes][sentry_issue_identifier]'];
      issues.push({
        id: 5000 + iid,
        iid,
        title: body['issue[title]'] ?? '',
        description: `${body['issue[description]']}\n<!-- sentry:${sentryId} -->`,
        state: 'opened',
        web_url: `${webUrl}/-/issues/${iid}`,
        author: FAKE_GITLAB_USER,
      });
      return redirectTo(`${webUrl}/-/issues/${iid}`, init);
    }
    return json({ error: '404 Not Found' }, 404);
  }

  vi.stubGlobal('fetch', fetchMock);
  return { issues, notes, requests, fetchMock };
}
