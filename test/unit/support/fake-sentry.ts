import { vi } from 'vitest';
import { readJsonFixture } from '../../support/fixtures';

export interface FakeIssue {
  id: string;
  title: string;
  status: 'unresolved' | 'ignored' | 'resolved';
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  /** Where its events were seen; absent: every environment. Never sent to the extension (Sentry's list has no such field). */
  environments?: string[];
  [key: string]: unknown;
}

/** Issues shaped like Sentry's own example item, with what each test needs changed. */
export function makeIssues(n: number, overrides: (i: number) => Partial<FakeIssue> = () => ({})): FakeIssue[] {
  const [template] = readJsonFixture<FakeIssue[]>('sentry/organization-issues.list.json');
  return Array.from({ length: n }, (_, i) => ({
    ...template!,
    id: String(1000 + i),
    shortId: `APP-${i + 1}`,
    title: `Error number ${i + 1}`,
    status: 'unresolved',
    count: String(10 + i),
    userCount: i,
    firstSeen: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
    lastSeen: new Date(Date.UTC(2026, 10, 1) - i * 60_000).toISOString(),
    permalink: `https://acme.sentry.io/issues/${1000 + i}/`,
    // The project every test links: the-interstellar-jurisdiction / prime-mover (id 3 in projects.list.json).
    project: { id: '3', name: 'Prime Mover', slug: 'prime-mover', platform: 'javascript' },
    ...overrides(i),
  }));
}

interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
}

export interface FakeSentryOptions {
  token?: string;
  issues?: FakeIssue[];
  /** Token scopes; without event:write a status change gets 403. */
  scopes?: string[];
  /** The latest event of every issue unless set per issue; null: none. */
  defaultEvent?: unknown;
  /** The project's visible environments, in Sentry's order. Default production, staging. */
  environments?: string[];
  /** Answer for a path prefix, instead of the default behaviour. */
  override?: (url: URL, init: RequestInit) => Response | undefined;
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });

/**
 * A fetch() that answers like sentry.io for the few routes the units use: organizations, projects, and
 * the organization issue search with Link/X-Hits. Every request is recorded.
 */
export function installFakeSentry(options: FakeSentryOptions = {}) {
  const token = options.token ?? 'good-token';
  const issues = options.issues ?? makeIssues(3);
  const requests: Recorded[] = [];
  const orgs = readJsonFixture<Array<Record<string, unknown>>>('sentry/organizations.list.json');
  const projects = readJsonFixture<Array<Record<string, unknown>>>('sentry/projects.list.json');
  const issueDetailsTemplate = readJsonFixture<Record<string, unknown>>('sentry/issue.details.json');
  const defaultEvent = options.defaultEvent === undefined ? readJsonFixture('sentry/issue.latest-event.json') : options.defaultEvent;
  /** Per-issue latest event; null means Sentry keeps none (404). */
  const events = new Map<string, unknown>();

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const headers = new Headers(init.headers);
    requests.push({ method: init.method ?? 'GET', url, headers });
    const overridden = options.override?.(url, init);
    if (overridden) return overridden;
    if (headers.get('authorization') !== `Bearer ${token}`) return json({ detail: 'Invalid token' }, { status: 401 });
    const path = url.pathname;
    if (path === '/api/0/organizations/') return json(orgs);
    if (/^\/api\/0\/organizations\/[^/]+\/projects\/$/.test(path)) return json(projects);
    if (/^\/api\/0\/organizations\/[^/]+\/issues\/$/.test(path)) return issueSearch(url, issues);
    if (/^\/api\/0\/projects\/[^/]+\/[^/]+\/environments\/$/.test(path)) {
      const names = options.environments ?? ['production', 'staging'];
      return json(names.map((name, i) => ({ id: String(i + 1), name, isHidden: false })));
    }
    const issuePath = /^\/api\/0\/organizations\/[^/]+\/issues\/([^/]+)\/(events\/latest\/)?$/.exec(path);
    const issue = issuePath ? issues.find((candidate) => candidate.id === issuePath[1]) : undefined;
    if (issuePath && issue && issuePath[2]) {
      const event = events.get(issue.id);
      return event === null || (event === undefined && !defaultEvent)
        ? json({ detail: 'No matching event found, try changing the environments, date range, or query.' }, { status: 404 })
        : json(event ?? defaultEvent);
    }
    if (issuePath && issue && (init.method ?? 'GET') === 'GET') return json({ ...issueDetailsTemplate, ...issue });
    if (issuePath && issue && init.method === 'PUT') {
      if (!(options.scopes ?? ['event:write']).includes('event:write')) {
        return json({ detail: 'You do not have permission to perform this action.' }, { status: 403 });
      }
      const body = JSON.parse(String(init.body)) as { status: FakeIssue['status'] };
      issue.status = body.status;
      return json(issue);
    }
    return json({ detail: 'The requested resource does not exist' }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, issues, fetchMock, events };
}

function issueSearch(url: URL, issues: FakeIssue[]): Response {
  const query = url.searchParams.get('query') ?? 'is:unresolved';
  const status = /is:(\w+)/.exec(query)?.[1];
  const text = query
    .replace(/is:\w+/, '')
    .trim()
    .replace(/^"|"$/g, '')
    .toLowerCase();
  const environments = url.searchParams.getAll('environment');
  const matching = issues.filter(
    (issue) =>
      (!status || issue.status === status) &&
      issue.title.toLowerCase().includes(text) &&
      (!environments.length || !issue.environments || issue.environments.some((name) => environments.includes(name))),
  );
  const limit = Number(url.searchParams.get('limit') ?? 100);
  const offset = Number((url.searchParams.get('cursor') ?? '0:0:0').split(':')[1]);
  const page = matching.slice(offset, offset + limit);
  const hasNext = offset + limit < matching.length;
  const link = (rel: string, results: boolean, cursor: string) =>
    `<${url.origin}${url.pathname}?&cursor=${cursor}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  const listed = page.map(({ environments: _notListed, ...issue }) => issue);
  return json(listed, {
    headers: {
      'X-Hits': String(matching.length),
      Link: [link('previous', offset > 0, `0:${Math.max(0, offset - limit)}:1`), link('next', hasNext, `0:${offset + limit}:0`)].join(', '),
    },
  });
}
