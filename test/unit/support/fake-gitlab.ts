import { vi } from 'vitest';

interface FakeIssue {
  id: number;
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed';
  web_url: string;
}

export interface FakeGitlabOptions {
  /** The instance's host; gitlab.com unless a self-hosted one is tested. */
  host?: string;
  token?: string;
  scopes?: string[];
  project?: Partial<{ id: number; path: string; issues_enabled: boolean; archived: boolean }>;
  commits?: string[];
  /** Answer instead of the default behaviour. */
  override?: (url: URL, init: RequestInit) => Response | undefined;
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
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method, url, body });
    const overridden = options.override?.(url, init);
    if (overridden) return overridden;
    if (new Headers(init.headers).get('private-token') !== token) return json({ message: '401 Unauthorized' }, 401);
    const path = url.pathname.replace(/^\/api\/v4/, '');
    if (path === '/user') return json({ id: 1, username: 'alice', name: 'Alice', web_url: `https://${host}/alice` });
    if (path === '/personal_access_tokens/self') return json({ scopes: options.scopes ?? ['api'], active: true, expires_at: null });
    if (path === '/projects') return json([projectEntity()]);
    const projectMatch = /^\/projects\/([^/]+)(\/.*)?$/.exec(path);
    if (!projectMatch) return json({ error: '404 Not Found' }, 404);
    const ref = decodeURIComponent(projectMatch[1]!);
    if (ref !== String(project.id) && ref !== project.path) return json({ message: '404 Project Not Found' }, 404);
    const rest = projectMatch[2] ?? '';
    if (rest === '') return json(projectEntity());
    if (rest === '/error_tracking/settings') {
      return json({ active: true, api_url: 'https://sentry.io/api/0/projects/the-interstellar-jurisdiction/prime-mover', integrated: false });
    }
    if (rest === '/issues' && method === 'GET') {
      const search = url.searchParams.get('search') ?? '';
      return json(issues.filter((issue) => issue.description.includes(search)));
    }
    if (rest === '/issues' && method === 'POST') {
      if (!project.issues_enabled) return json({ message: '403 Forbidden' }, 403);
      const iid = issues.length + 1;
      const issue: FakeIssue = { id: 5000 + iid, iid, title: body.title, description: body.description ?? '', state: 'opened', web_url: `${webUrl}/-/issues/${iid}` };
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
      issues_enabled: project.issues_enabled,
      archived: project.archived,
      permissions: { project_access: { access_level: 30 }, group_access: null },
    };
  }

  vi.stubGlobal('fetch', fetchMock);
  return { issues, notes, requests, fetchMock };
}
