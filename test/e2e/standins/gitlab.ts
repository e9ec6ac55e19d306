// A local HTTPS stand-in for gitlab.com's REST API v4 (GitLab 17/18), faithful to GitLab's documented and
// coded behaviour: PAT auth with GitLab's OAuth-style refusals, scopes, project visibility and roles,
// issues + notes, commits, error tracking settings and client keys (shared/notes/gitlab-error-tracking.md
// §1), offset pagination headers, Rack::Attack rate limits. E2E tests judge the extension against it,
// so when in doubt it copies GitLab, including GitLab's refusals. Non-API paths serve GitLab 18.x-shaped
// HTML pages (gitlab-pages.ts): project home, issues, files, commits, Error Tracking, in light or dark theme.
// Besides gitlab.com (externalUrl) it can answer as more host names (`hosts`, e.g. a self-hosted
// gitlab.example.test mapped to it): pages and API URLs requested there use that origin.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { makeCert } from './tls';
import {
  ACCESS_LEVEL,
  ApiError,
  DEFAULT_TOKENS,
  boolParam,
  buildClientKey,
  buildCommit,
  buildIssue,
  buildProject,
  buildSettings,
  canAdminOperations,
  canReadCode,
  canReadProject,
  canSeeIssue,
  canUpdateIssue,
  canWriteIssues,
  classifyProjectPath,
  commitEntity,
  currentUserEntity,
  defaultProjectInputs,
  enumParam,
  fuzzyMatches,
  intParam,
  invalid,
  issueEntity,
  labelsParam,
  memberLevel,
  notFoundHtml,
  paginate,
  parseParams,
  pathInt,
  projectEntity,
  projectNameWithNamespace,
  simpleProjectEntity,
  sortIssues,
  sortProjects,
  stringParam,
  userBasic,
  userFor,
  type ClientKey,
  type DataContext,
  type ErrorTrackingSettings,
  type GitlabCommitRecord,
  type GitlabIssue,
  type GitlabNote,
  type GitlabProjectRecord,
  type GitlabUser,
  type IssueInput,
  type JsonObject,
  type Params,
  type ProjectInput,
  type TokenConfig,
} from './gitlab-data';
import { renderDashboardPage, renderProjectPage, type PageTheme, type ProjectPageKind, type SiteContext } from './gitlab-pages';

export type { PageTheme } from './gitlab-pages';
export { renderMarkdown } from './gitlab-pages';
export type {
  ClientKey,
  ErrorTrackingSettings,
  FeatureAccess,
  GitlabCommitRecord,
  GitlabIssue,
  GitlabNamespace,
  GitlabNote,
  GitlabProjectRecord,
  GitlabUser,
  IssueInput,
  JsonObject,
  ProjectInput,
  TokenConfig,
  Visibility,
} from './gitlab-data';
export { ACCESS_LEVEL, COMMITS, DEFAULT_ERROR_TRACKING, DEFAULT_TOKENS, PROJECT_IDS } from './gitlab-data';

// ---------------------------------------------------------------------------------------------
// Public types

export interface RateLimitConfig {
  /** Requests per caller (user, or IP when unauthenticated) per window. */
  limit: number;
  windowSeconds: number;
}

export interface PageRequest {
  method: string;
  /** Raw query string without `?`. */
  query: string;
  body: string;
  /** Host header (without port) the page was requested under; default: externalUrl's host. */
  host?: string;
}

export interface GitlabStandInOptions {
  /** token → owner and scopes. Default: DEFAULT_TOKENS (glpat-good, glpat-readonly, glpat-expired, glpat-revoked). */
  tokens?: Record<string, TokenConfig>;
  /** Replaces the default projects (group/app, group/other, group/no-issues, secret/hidden). */
  projects?: ProjectInput[];
  /** Initial issues per project id. Default: none. */
  issues?: Record<number, IssueInput[]>;
  /** Fixed window per caller. Default 2000 requests per 60 s (gitlab.com's authenticated API limit). */
  rateLimit?: RateLimitConfig;
  latencyMs?: number;
  /** What GET /version reports. Default 18.5.2. */
  version?: string;
  /** Base of web_url, _links and DSNs. Default https://gitlab.com. */
  externalUrl?: string;
  /** Feature flag `integrated_error_tracking` (off by default since 14.9): PUT settings, `integrated` in GET. */
  integratedErrorTracking?: boolean;
  /**
   * Real GitLab answers /api/* cross-origin requests with `Access-Control-Allow-Origin: *` (Rack::Cors in
   * config/application.rb). Default false: no CORS headers at all, so only host-permission fetches work.
   */
  cors?: boolean;
  /** Serves non-API pages: return HTML to override the default page for that path, or undefined. */
  pages?: (path: string, request: PageRequest) => string | undefined;
  /** The signed-in user's theme on the built-in pages: `<html class="gl-light">` or `"gl-dark"`. Default light. */
  theme?: PageTheme;
  /**
   * More host names this instance answers as, e.g. `['gitlab.example.test']` for a self-hosted GitLab (map the
   * name to the stand-in's port with the harness's extraHostMaps). Requests under such a host get pages and
   * API URLs (web_url, _links, DSNs) with `https://<host>` instead of externalUrl.
   */
  hosts?: string[];
  /** Username the built-in pages show as signed in (gon.current_username, sidebar). Default alice; null = anonymous. */
  pageUser?: string | null;
  /** Feature flag `hide_error_tracking_features`: the sidebar's Monitor menu has no "Error Tracking". Default false. */
  hideErrorTrackingFeatures?: boolean;
}

export interface LoggedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v4/projects/group%2Fapp`. */
  path: string;
  /** The raw query string without `?` (parse with `new URLSearchParams(query)`). */
  query: string;
  /** Request headers, names lower-cased, repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Host header as sent: `gitlab.com`, `127.0.0.1:PORT`, … */
  host: string;
  body: string;
  /** The Origin header, when the request carried one. */
  origin?: string;
  /** Username of a valid (known, unexpired, unrevoked) token, if one was sent. */
  username?: string;
  /** Response status, set once the response was sent. */
  status?: number;
  time: number;
}

export interface GitlabStandIn {
  port: number;
  /** `https://127.0.0.1:PORT`, for calls from Node. */
  baseUrl: string;
  /** PEM of the self-signed certificate the server uses. */
  cert: string;
  /** The `<meta name="csrf-token">` value of every served page. */
  csrfToken: string;
  close(): Promise<void>;

  requests: LoggedRequest[];
  clearLog(): void;

  /** Live token table; mutate to add, expire or revoke tokens. */
  tokens: Record<string, TokenConfig>;
  /** The user record for a username (created on first use, with a stable id). */
  user(username: string): GitlabUser;
  /** Live project list. */
  projects: GitlabProjectRecord[];
  /** A project by id or full path (case-insensitive). */
  project(ref: number | string): GitlabProjectRecord | undefined;
  addProject(input: ProjectInput): GitlabProjectRecord;
  /** Sets (or with null removes) a user's membership. Levels: ACCESS_LEVEL. */
  setRole(project: number | string, username: string, accessLevel: number | null): void;

  /** Live issue list of a project. */
  issues(project: number | string): GitlabIssue[];
  addIssue(project: number | string, partial?: IssueInput): GitlabIssue;
  /** Live note list of an issue (oldest first). */
  notes(project: number | string, iid: number): GitlabNote[];

  errorTrackingSettings(project: number | string): ErrorTrackingSettings | null;
  /** Partial settings are completed (project_name and sentry_external_url from api_url); null = never saved (404). */
  setErrorTrackingSettings(project: number | string, settings: Partial<ErrorTrackingSettings> | null): void;
  clientKeys(project: number | string): ClientKey[];
  setIntegratedErrorTracking(enabled: boolean): void;

  /** Live commits per project id (oldest first). */
  commits: Record<number, GitlabCommitRecord[]>;
  addCommit(project: number | string, commit: Partial<GitlabCommitRecord> & { id: string }): GitlabCommitRecord;

  failNext(count: number, status: number, body?: unknown): void;
  setLatencyMs(ms: number): void;
  setRateLimit(config: RateLimitConfig): void;

  /** The page a non-API GET would get (after the `pages` override); `request.host` picks the origin. */
  renderPage(path: string, request?: Partial<PageRequest>): { status: number; html: string };
  setPages(pages: GitlabStandInOptions['pages']): void;
  /** Theme of the built-in pages from now on. */
  setTheme(theme: PageTheme): void;
  /** Live list of the extra host names (see GitlabStandInOptions.hosts). */
  hosts: string[];
  addHost(host: string): void;
  /** `https://<host>` for an extra host name, else externalUrl. */
  originFor(host: string): string;
}

const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 2000, windowSeconds: 60 };
const DEFAULT_VERSION = '18.5.2';
const DEFAULT_REVISION = '5a4f1e0b7c2';

// ---------------------------------------------------------------------------------------------
// GitLab's fixed strings

const MSG_UNAUTHORIZED = { message: '401 Unauthorized' };
const MSG_FORBIDDEN = { message: '403 Forbidden' };
const MSG_ROUTE_NOT_FOUND = { error: '404 Not Found' };
/** ActiveRecord::RecordNotFound as API::API rescues it. */
const MSG_RECORD_NOT_FOUND = { message: '404 Not found' };
const notFoundMessage = (what: string) => ({ message: `404 ${what} Not Found` });

const OAUTH_REALM = 'Protected by OAuth 2.0';
const DESC_EXPIRED = 'Token is expired. You can either do re-authorization or token refresh.';
const DESC_REVOKED = 'Token was revoked. You have to re-authorize from the user.';
const DESC_INSUFFICIENT_SCOPE = 'The request requires higher privileges than provided by the access token.';

const RATE_LIMITED_TEXT = 'Retry later\n';

const CORS_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const CORS_EXPOSE = [
  'Link', 'X-Total', 'X-Total-Pages', 'X-Per-Page', 'X-Page', 'X-Next-Page', 'X-Prev-Page', 'X-Gitlab-Blob-Id',
  'X-Gitlab-Commit-Id', 'X-Gitlab-Content-Sha256', 'X-Gitlab-Encoding', 'X-Gitlab-File-Name', 'X-Gitlab-File-Path',
  'X-Gitlab-Last-Commit-Id', 'X-Gitlab-Ref', 'X-Gitlab-Size', 'X-Request-Id', 'ETag',
].join(', ');

const READ_SCOPES = ['api', 'read_api'];
const WRITE_SCOPES = ['api'];
const ALL_SCOPES = [
  'api', 'read_api', 'read_user', 'create_runner', 'manage_runner', 'k8s_proxy', 'read_repository', 'write_repository',
  'read_registry', 'write_registry', 'read_virtual_registry', 'write_virtual_registry', 'ai_features', 'sudo',
  'admin_mode', 'read_service_ping', 'self_rotate',
];

const PROJECT_ORDER_BY = ['id', 'name', 'path', 'created_at', 'updated_at', 'last_activity_at', 'similarity', 'star_count', 'storage_size', 'repository_size', 'wiki_size', 'packages_size'];
const ISSUE_ORDER_BY = ['created_at', 'updated_at', 'priority', 'due_date', 'relative_position', 'label_priority', 'milestone_due', 'popularity', 'weight', 'title'];
const ISSUE_UPDATE_FIELDS = ['title', 'description', 'assignee_ids', 'assignee_id', 'milestone_id', 'discussion_locked', 'labels', 'add_labels', 'remove_labels', 'created_at', 'due_date', 'confidential', 'state_event', 'issue_type'];
const ACCESS_LEVEL_VALUES: number[] = Object.values(ACCESS_LEVEL).filter((n) => n >= ACCESS_LEVEL.GUEST);

// ---------------------------------------------------------------------------------------------
// Request plumbing

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RequestContext {
  method: string;
  url: URL;
  query: URLSearchParams;
  /** Query and body parameters merged, like Grape's `params`. */
  params: Params;
  /** `https://<Host header>`: what Link URLs are built from. */
  origin: string;
  user?: GitlabUser;
}

interface Handler {
  /** `authenticate!`: anonymous requests get 401. Otherwise anonymous callers act as the public. */
  auth: boolean;
  /** Extra scopes admitted besides api/read_api (reads) or api (writes); `any` admits every scope. */
  scopes?: string[] | 'any';
  run(ctx: RequestContext, params: string[]): Reply;
}

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function defaultFailureBody(status: number): unknown {
  if (status === 429) return RATE_LIMITED_TEXT;
  if (status === 401) return MSG_UNAUTHORIZED;
  if (status === 403) return MSG_FORBIDDEN;
  if (status === 404) return MSG_ROUTE_NOT_FOUND;
  if (status === 500) return { message: '500 Internal Server Error' };
  if (status >= 502) {
    // gitlab.com's front end (Cloudflare / HAProxy) answers gateway errors with HTML, not the API's JSON.
    return `<!DOCTYPE html>\n<html><head><title>GitLab is not responding (${status})</title></head><body><h1>${status}</h1><h2>Whoops, GitLab is taking too much time to respond.</h2></body></html>`;
  }
  return { message: `${status} Error` };
}

const nowIso = () => new Date().toISOString();
const byRef = (ref: number | string) => String(ref);

// ---------------------------------------------------------------------------------------------
// The stand-in

export async function startGitlabStandIn(opts: GitlabStandInOptions = {}): Promise<GitlabStandIn> {
  const data: DataContext = { externalUrl: (opts.externalUrl ?? 'https://gitlab.com').replace(/\/+$/, ''), users: new Map(), namespaces: new Map() };
  const tokens: Record<string, TokenConfig> = Object.fromEntries(
    Object.entries(opts.tokens ?? DEFAULT_TOKENS).map(([token, config]) => [token, { ...config, scopes: [...config.scopes] }]),
  );
  const version = opts.version ?? DEFAULT_VERSION;
  const projects: GitlabProjectRecord[] = [];
  const issueStore = new Map<number, GitlabIssue[]>();
  const noteStore = new Map<string, GitlabNote[]>();
  const settingsStore = new Map<number, ErrorTrackingSettings>();
  const clientKeyStore = new Map<number, ClientKey[]>();
  const commits: Record<number, GitlabCommitRecord[]> = {};
  const requests: LoggedRequest[] = [];
  const pendingFailures: Array<{ status: number; body: unknown }> = [];
  const rateWindows = new Map<string, { windowStart: number; count: number }>();
  const tokenIds = new Map<string, number>();
  let rateLimit: RateLimitConfig = { ...(opts.rateLimit ?? DEFAULT_RATE_LIMIT) };
  let latencyMs = opts.latencyMs ?? 0;
  let integratedFlag = opts.integratedErrorTracking ?? false;
  let pages = opts.pages;
  let theme: PageTheme = opts.theme ?? 'light';
  const hosts: string[] = [...(opts.hosts ?? [])].map((h) => h.toLowerCase());
  const externalHost = new URL(data.externalUrl).hostname;
  /** Origin of the instance as seen under a Host header (`gitlab.example.test`, `gitlab.com:443`, `127.0.0.1:PORT`). */
  const originFor = (hostHeader: string): string => {
    const hostname = hostHeader.replace(/:\d+$/, '').toLowerCase();
    return hostname !== externalHost && hosts.includes(hostname) ? `https://${hostname}` : data.externalUrl;
  };
  const externalUrlPattern = new RegExp(`${data.externalUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?=[/"?#\\s]|$)`, 'g');
  /** An API body as the instance under another host name writes it: its own origin in every URL. */
  const rebaseUrls = (body: unknown, origin: string): unknown =>
    origin === data.externalUrl || body === undefined || typeof body === 'string'
      ? body
      : JSON.parse(JSON.stringify(body).replace(externalUrlPattern, origin));
  let nextIssueId = 9001;
  let nextNoteId = 70001;
  let nextClientKeyId = 1;
  const csrfToken = randomBytes(48).toString('base64');

  // --- lookups ---------------------------------------------------------------------------------

  const findProject = (ref: number | string): GitlabProjectRecord | undefined => {
    const text = byRef(ref).trim();
    if (/^\d+$/.test(text)) return projects.find((p) => p.id === Number(text));
    const path = text.replace(/^\/+|\/+$/g, '').toLowerCase();
    return projects.find((p) => p.path_with_namespace.toLowerCase() === path);
  };
  const projectOrThrow = (ref: number | string): GitlabProjectRecord => {
    const project = findProject(ref);
    if (!project) throw new Error(`GitLab stand-in: no project ${ref}`);
    return project;
  };
  const issuesOf = (projectId: number): GitlabIssue[] => {
    let list = issueStore.get(projectId);
    if (!list) issueStore.set(projectId, (list = []));
    return list;
  };
  const notesOf = (projectId: number, iid: number): GitlabNote[] => {
    const key = `${projectId}#${iid}`;
    let list = noteStore.get(key);
    if (!list) noteStore.set(key, (list = []));
    return list;
  };
  const clientKeysOf = (projectId: number): ClientKey[] => {
    let list = clientKeyStore.get(projectId);
    if (!list) clientKeyStore.set(projectId, (list = []));
    return list;
  };
  const commitsOf = (projectId: number): GitlabCommitRecord[] => (commits[projectId] ??= []);

  const addProject = (input: ProjectInput): GitlabProjectRecord => {
    const project = buildProject(data, input);
    if (findProject(project.id) || findProject(project.path_with_namespace)) throw new Error(`duplicate project ${project.id}`);
    projects.push(project);
    if (input.errorTracking) settingsStore.set(project.id, buildSettings(input.errorTracking));
    for (const commit of input.commits ?? []) commitsOf(project.id).push(buildCommit(commit));
    return project;
  };

  const addIssue = (ref: number | string, partial: IssueInput = {}): GitlabIssue => {
    const project = projectOrThrow(ref);
    const list = issuesOf(project.id);
    const iid = Math.max(0, ...list.map((i) => i.iid)) + 1;
    const issue = buildIssue(data, project, partial, { id: nextIssueId++, iid, now: nowIso() });
    list.push(issue);
    return issue;
  };

  for (const input of opts.projects ?? defaultProjectInputs()) addProject(input);
  for (const [projectId, list] of Object.entries(opts.issues ?? {})) for (const item of list) addIssue(Number(projectId), item);

  /** `find_project!`: by id or full path, 404 unless the caller can read it. */
  const userProject = (ctx: RequestContext, ref: string): GitlabProjectRecord => {
    const project = findProject(ref);
    if (!project || !canReadProject(project, ctx.user)) throw new ApiError(404, notFoundMessage('Project'));
    return project;
  };
  const forbidUnless = (allowed: boolean) => {
    if (!allowed) throw new ApiError(403, MSG_FORBIDDEN);
  };

  // --- serializers -----------------------------------------------------------------------------

  const openIssuesCount = (p: GitlabProjectRecord) => issuesOf(p.id).filter((i) => i.state === 'opened').length;
  const fullProject = (p: GitlabProjectRecord, user?: GitlabUser) =>
    projectEntity(data, p, { accessLevel: memberLevel(p, user), openIssuesCount: openIssuesCount(p), withPermissions: !!user });
  const userNotesCount = (issue: GitlabIssue) => notesOf(issue.project_id, issue.iid).filter((n) => !n.system).length;
  const presentIssue = (issue: GitlabIssue, user?: GitlabUser, single = false) =>
    issueEntity(data, issue, userNotesCount(issue), single ? !!user && issue.author.username === user.username : undefined);
  const presentSettings = (s: ErrorTrackingSettings): ErrorTrackingSettings => ({ ...s, integrated: s.integrated && integratedFlag });
  const tokenEntity = (token: string, config: TokenConfig): JsonObject => {
    const user = userFor(data, config.username);
    if (!tokenIds.has(token)) tokenIds.set(token, 801 + tokenIds.size);
    const expiresAt = config.expiresAt !== undefined ? config.expiresAt : config.expired ? '2025-01-01' : '2099-12-31';
    return {
      id: tokenIds.get(token),
      name: config.name ?? `e2e-${config.username}`,
      revoked: !!config.revoked,
      created_at: '2025-01-02T10:00:00.000Z',
      description: null,
      scopes: [...config.scopes],
      user_id: user.id,
      last_used_at: nowIso(),
      active: !config.revoked && !config.expired,
      expires_at: expiresAt,
    };
  };

  // --- handlers: user, version, token ------------------------------------------------------------

  const versionEntity = () => ({
    version,
    revision: DEFAULT_REVISION,
    kas: { enabled: true, externalUrl: 'wss://kas.gitlab.com', externalK8sProxyUrl: 'https://kas.gitlab.com/k8s-proxy', version },
    enterprise: true,
  });

  const getUser: Handler = { auth: true, scopes: ['read_user'], run: (ctx) => json(200, currentUserEntity(ctx.user as GitlabUser)) };
  const getVersion: Handler = { auth: true, scopes: ['read_user', 'ai_features'], run: () => json(200, versionEntity()) };

  // Set by authenticate() for the token-introspection handlers.
  let currentToken: { token: string; config: TokenConfig } | undefined;
  const getTokenSelf: Handler = {
    auth: true,
    scopes: 'any',
    run: () => json(200, tokenEntity(currentToken!.token, currentToken!.config)),
  };
  const revokeTokenSelf: Handler = {
    auth: true,
    scopes: 'any',
    run: () => {
      currentToken!.config.revoked = true;
      return { status: 204 };
    },
  };

  // --- handlers: projects ----------------------------------------------------------------------

  const listProjects: Handler = {
    auth: false,
    run: (ctx) => {
      const p = ctx.params;
      const orderBy = enumParam(p, 'order_by', PROJECT_ORDER_BY, 'created_at');
      const sort = enumParam(p, 'sort', ['asc', 'desc'], 'desc');
      const membership = boolParam(p, 'membership');
      const owned = boolParam(p, 'owned');
      const simple = boolParam(p, 'simple');
      const archived = boolParam(p, 'archived');
      const searchNamespaces = boolParam(p, 'search_namespaces');
      const search = stringParam(p, 'search');
      const visibility = p.visibility === undefined ? undefined : enumParam(p, 'visibility', ['private', 'internal', 'public'], '');
      const minAccess = intParam(p, 'min_access_level');
      if (minAccess !== undefined && !ACCESS_LEVEL_VALUES.includes(minAccess)) throw invalid('min_access_level does not have a valid value');
      const user = ctx.user;
      let list = projects.filter((project) => canReadProject(project, user));
      if (user && membership) list = list.filter((project) => memberLevel(project, user) >= ACCESS_LEVEL.GUEST);
      if (user && owned) list = list.filter((project) => memberLevel(project, user) >= ACCESS_LEVEL.OWNER);
      if (user && minAccess !== undefined) list = list.filter((project) => memberLevel(project, user) >= minAccess);
      if (archived !== undefined) list = list.filter((project) => project.archived === archived);
      if (visibility) list = list.filter((project) => project.visibility === visibility);
      if (search) {
        list = list.filter((project) =>
          fuzzyMatches(
            search,
            searchNamespaces
              ? [project.path_with_namespace, projectNameWithNamespace(data, project), project.description]
              : [project.path, project.name, project.description],
          ),
        );
      }
      const page = paginate(sortProjects(list, orderBy, sort, search), ctx.query, ctx.origin, ctx.url.pathname);
      const body = page.items.map((project) => (simple ? simpleProjectEntity(data, project) : fullProject(project, user)));
      return json(200, body, page.headers);
    },
  };

  const getProject: Handler = {
    auth: false,
    run: (ctx, [ref = '']) => json(200, fullProject(userProject(ctx, ref), ctx.user)),
  };

  // --- handlers: issues ------------------------------------------------------------------------

  const listIssues: Handler = {
    auth: false,
    run: (ctx, [ref = '']) => {
      const p = ctx.params;
      const state = enumParam(p, 'state', ['opened', 'closed', 'all'], 'all');
      const orderBy = enumParam(p, 'order_by', ISSUE_ORDER_BY, 'created_at');
      const sort = enumParam(p, 'sort', ['asc', 'desc'], 'desc');
      const search = stringParam(p, 'search');
      const inColumns = (stringParam(p, 'in') ?? '').split(',').map((c) => c.trim()).filter((c) => c === 'title' || c === 'description');
      const labels = labelsParam(p, 'labels');
      const authorUsername = stringParam(p, 'author_username');
      const authorId = intParam(p, 'author_id');
      const confidential = boolParam(p, 'confidential');
      const iidsRaw = p.iids === undefined ? undefined : Array.isArray(p.iids) ? p.iids : [p.iids];
      const iids = iidsRaw?.map((v) => {
        const n = Number(v);
        if (!Number.isInteger(n)) throw invalid('iids is invalid');
        return n;
      });
      const project = userProject(ctx, ref);
      const user = ctx.user;
      // IssuesFinder only returns issues of projects whose issues the caller may read: a disabled feature is an empty list.
      let list = issuesOf(project.id).filter((issue) => canSeeIssue(project, issue, user));
      if (state !== 'all') list = list.filter((issue) => issue.state === state);
      if (iids) list = list.filter((issue) => iids.includes(issue.iid));
      if (authorUsername !== undefined) list = list.filter((issue) => issue.author.username === authorUsername);
      if (authorId !== undefined) list = list.filter((issue) => issue.author.id === authorId);
      if (confidential !== undefined) list = list.filter((issue) => issue.confidential === confidential);
      if (labels?.length) {
        const lower = labels.map((l) => l.toLowerCase());
        if (lower.length === 1 && lower[0] === 'none') list = list.filter((issue) => issue.labels.length === 0);
        else if (lower.length === 1 && lower[0] === 'any') list = list.filter((issue) => issue.labels.length > 0);
        else list = list.filter((issue) => labels.every((l) => issue.labels.includes(l)));
      }
      if (search) {
        // Issue.full_search: `in` picks the columns; none or unknown ones mean title and description.
        const columns = inColumns.length ? inColumns : ['title', 'description'];
        list = list.filter((issue) => fuzzyMatches(search, columns.map((c) => (c === 'title' ? issue.title : issue.description))));
      }
      const page = paginate(sortIssues(list, orderBy, sort), ctx.query, ctx.origin, ctx.url.pathname);
      return json(200, page.items.map((issue) => presentIssue(issue, user)), page.headers);
    },
  };

  /** `find_project_issue`: IssuesFinder.find_by!(iid), so a hidden issue is ActiveRecord's 404. */
  const findIssue = (project: GitlabProjectRecord, iid: number, user?: GitlabUser): GitlabIssue => {
    const issue = issuesOf(project.id).find((i) => i.iid === iid);
    if (!issue || !canSeeIssue(project, issue, user)) throw new ApiError(404, MSG_RECORD_NOT_FOUND);
    return issue;
  };

  const getIssue: Handler = {
    auth: false,
    run: (ctx, [ref = '', iidText = '']) => {
      const iid = pathInt(iidText, 'issue_iid');
      const project = userProject(ctx, ref);
      return json(200, presentIssue(findIssue(project, iid, ctx.user), ctx.user, true));
    },
  };

  const validateTitle = (title: string): void => {
    if (!title.trim()) throw new ApiError(400, { message: { title: ["can't be blank"] } });
    if (title.length > 255) throw new ApiError(400, { message: { title: ['is too long (maximum is 255 characters)'] } });
  };

  const createIssue: Handler = {
    auth: true,
    run: (ctx, [ref = '']) => {
      const p = ctx.params;
      // Grape validates declared params before the endpoint body runs.
      if (p.title === undefined || p.title === null) throw invalid('title is missing');
      const title = stringParam(p, 'title') ?? '';
      const description = stringParam(p, 'description');
      const confidential = boolParam(p, 'confidential');
      const labels = labelsParam(p, 'labels');
      const project = userProject(ctx, ref);
      forbidUnless(canWriteIssues(project, ctx.user));
      validateTitle(title);
      const issue = addIssue(project.id, {
        title,
        description: description ?? null,
        confidential: confidential ?? false,
        labels: labels ?? [],
        author: (ctx.user as GitlabUser).username,
      });
      project.last_activity_at = issue.created_at;
      return json(201, presentIssue(issue, ctx.user, true));
    },
  };

  const updateIssue: Handler = {
    auth: true,
    run: (ctx, [ref = '', iidText = '']) => {
      const p = ctx.params;
      const iid = pathInt(iidText, 'issue_iid');
      const given = ISSUE_UPDATE_FIELDS.filter((f) => p[f] !== undefined);
      if (!given.length) throw invalid(`${ISSUE_UPDATE_FIELDS.join(', ')} are missing, at least one parameter must be provided`);
      const stateEvent = p.state_event === undefined ? undefined : enumParam(p, 'state_event', ['reopen', 'close'], '');
      const title = stringParam(p, 'title');
      const description = stringParam(p, 'description');
      const confidential = boolParam(p, 'confidential');
      const discussionLocked = boolParam(p, 'discussion_locked');
      const labels = labelsParam(p, 'labels');
      const addLabels = labelsParam(p, 'add_labels');
      const removeLabels = labelsParam(p, 'remove_labels');
      const project = userProject(ctx, ref);
      const issue = findIssue(project, iid, ctx.user);
      forbidUnless(canUpdateIssue(project, issue, ctx.user));
      if (title !== undefined) validateTitle(title);

      const before = JSON.stringify(issue);
      const now = nowIso();
      if (title !== undefined) issue.title = title;
      if (description !== undefined) issue.description = description;
      if (confidential !== undefined) issue.confidential = confidential;
      if (discussionLocked !== undefined) issue.discussion_locked = discussionLocked;
      if (labels !== undefined) issue.labels = labels;
      if (addLabels) issue.labels = [...new Set([...issue.labels, ...addLabels])];
      if (removeLabels) issue.labels = issue.labels.filter((l) => !removeLabels.includes(l));
      if (stateEvent === 'close' && issue.state === 'opened') {
        issue.state = 'closed';
        issue.closed_at = now;
        issue.closed_by = userBasic(ctx.user as GitlabUser);
      } else if (stateEvent === 'reopen' && issue.state === 'closed') {
        issue.state = 'opened';
        issue.closed_at = null;
        issue.closed_by = null;
      }
      if (JSON.stringify(issue) !== before) {
        issue.updated_at = now;
        project.last_activity_at = now;
      }
      return json(200, presentIssue(issue, ctx.user, true));
    },
  };

  /** NotesHelpers#find_noteable: an issue the caller cannot read is `404 Issue Not Found`. */
  const findNoteable = (ctx: RequestContext, ref: string, iidText: string): { project: GitlabProjectRecord; issue: GitlabIssue } => {
    const iid = pathInt(iidText, 'noteable_id');
    const project = userProject(ctx, ref);
    const issue = issuesOf(project.id).find((i) => i.iid === iid);
    if (!issue || !canSeeIssue(project, issue, ctx.user)) throw new ApiError(404, notFoundMessage('Issue'));
    return { project, issue };
  };

  const listNotes: Handler = {
    auth: true,
    run: (ctx, [ref = '', iidText = '']) => {
      const orderBy = enumParam(ctx.params, 'order_by', ['created_at', 'updated_at'], 'created_at');
      const sort = enumParam(ctx.params, 'sort', ['asc', 'desc'], 'desc');
      const { project, issue } = findNoteable(ctx, ref, iidText);
      const dir = sort === 'asc' ? 1 : -1;
      const field = orderBy === 'updated_at' ? 'updated_at' : 'created_at';
      const list = [...notesOf(project.id, issue.iid)].sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0) * dir || (a.id - b.id) * dir);
      const page = paginate(list, ctx.query, ctx.origin, ctx.url.pathname);
      return json(200, page.items, page.headers);
    },
  };

  const createNote: Handler = {
    auth: true,
    run: (ctx, [ref = '', iidText = '']) => {
      const p = ctx.params;
      if (p.body === undefined || p.body === null) throw invalid('body is missing');
      const body = stringParam(p, 'body') ?? '';
      const internal = boolParam(p, 'internal') ?? boolParam(p, 'confidential') ?? false;
      const { project, issue } = findNoteable(ctx, ref, iidText);
      forbidUnless(canWriteIssues(project, ctx.user));
      if (!body.trim()) throw new ApiError(400, { message: '400 Bad request - Note {:note=>["can\'t be blank"]}' });
      const now = nowIso();
      const note: GitlabNote = {
        id: nextNoteId++,
        type: null,
        body,
        author: userBasic(ctx.user as GitlabUser),
        created_at: now,
        updated_at: now,
        system: false,
        noteable_id: issue.id,
        noteable_type: 'Issue',
        project_id: project.id,
        resolvable: false,
        confidential: internal,
        internal,
        imported: false,
        imported_from: 'none',
        noteable_iid: issue.iid,
        commands_changes: {},
      };
      notesOf(project.id, issue.iid).push(note);
      // Note belongs_to :noteable, touch: true.
      issue.updated_at = now;
      project.last_activity_at = now;
      return json(201, note);
    },
  };

  // --- handlers: commits -----------------------------------------------------------------------

  const newestFirst = (list: GitlabCommitRecord[]) => [...list].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));

  /** A ref as git resolves it: the default branch, or a unique hex prefix of 4+ characters. */
  const resolveCommit = (project: GitlabProjectRecord, ref: string): GitlabCommitRecord | undefined => {
    const list = commitsOf(project.id);
    if (ref === project.default_branch || ref === 'HEAD') return newestFirst(list)[0];
    const sha = ref.toLowerCase();
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return undefined;
    const matches = list.filter((c) => c.id.startsWith(sha));
    return matches.length === 1 ? matches[0] : undefined;
  };

  const getCommit: Handler = {
    auth: false,
    run: (ctx, [ref = '', sha = '']) => {
      const project = userProject(ctx, ref);
      forbidUnless(canReadCode(project, ctx.user));
      const commit = resolveCommit(project, sha);
      if (!commit) throw new ApiError(404, notFoundMessage('Commit'));
      return json(200, commitEntity(data, project, commit));
    },
  };

  const listCommits: Handler = {
    auth: false,
    run: (ctx, [ref = '']) => {
      const project = userProject(ctx, ref);
      forbidUnless(canReadCode(project, ctx.user));
      const refName = stringParam(ctx.params, 'ref_name');
      if (refName !== undefined && refName !== project.default_branch && !resolveCommit(project, refName)) {
        throw new ApiError(404, notFoundMessage('Tree'));
      }
      const page = paginate(newestFirst(commitsOf(project.id)), ctx.query, ctx.origin, ctx.url.pathname);
      return json(200, page.items.map((c) => ({ ...commitEntity(data, project, c), stats: undefined })), page.headers);
    },
  };

  // --- handlers: error tracking ------------------------------------------------------------------

  /** `authorize! :admin_operations, user_project`: Maintainer or above. */
  const operationsProject = (ctx: RequestContext, ref: string): GitlabProjectRecord => {
    const project = userProject(ctx, ref);
    forbidUnless(canAdminOperations(project, ctx.user));
    return project;
  };
  const settingOrNotFound = (project: GitlabProjectRecord): ErrorTrackingSettings => {
    const setting = settingsStore.get(project.id);
    if (!setting) throw new ApiError(404, notFoundMessage('Error Tracking Setting'));
    return setting;
  };
  const requiredBool = (p: Params, name: string): boolean => {
    if (p[name] === undefined || p[name] === null) throw invalid(`${name} is missing`);
    if (p[name] === '') throw invalid(`${name} is empty`);
    return boolParam(p, name) as boolean;
  };

  const getSettings: Handler = {
    auth: true,
    run: (ctx, [ref = '']) => json(200, presentSettings(settingOrNotFound(operationsProject(ctx, ref)))),
  };

  const patchSettings: Handler = {
    auth: true,
    run: (ctx, [ref = '']) => {
      const project = operationsProject(ctx, ref);
      const active = requiredBool(ctx.params, 'active');
      const integrated = boolParam(ctx.params, 'integrated');
      const setting = settingOrNotFound(project);
      setting.active = active;
      if (integrated !== undefined) setting.integrated = integrated;
      return json(200, presentSettings(setting));
    },
  };

  const putSettings: Handler = {
    auth: true,
    run: (ctx, [ref = '']) => {
      const project = operationsProject(ctx, ref);
      const active = requiredBool(ctx.params, 'active');
      const integrated = requiredBool(ctx.params, 'integrated');
      // `not_found!` without a resource name, unless feature flag integrated_error_tracking is on.
      if (!integratedFlag) throw new ApiError(404, { message: '404 Not Found' });
      const setting = settingsStore.get(project.id) ?? buildSettings({ api_url: null, integrated });
      setting.active = active;
      setting.integrated = integrated;
      settingsStore.set(project.id, setting);
      // after_save :create_client_key! when enabled && integrated and no active key exists.
      if (active && integrated && !clientKeysOf(project.id).some((k) => k.active)) {
        clientKeysOf(project.id).push(buildClientKey(data, project.id, nextClientKeyId++));
      }
      return json(200, presentSettings(setting));
    },
  };

  const listClientKeys: Handler = {
    auth: true,
    run: (ctx, [ref = '']) => {
      const project = operationsProject(ctx, ref);
      const page = paginate(clientKeysOf(project.id), ctx.query, ctx.origin, ctx.url.pathname);
      return json(200, page.items, page.headers);
    },
  };

  const createClientKey: Handler = {
    auth: true,
    run: (ctx, [ref = '']) => {
      const project = operationsProject(ctx, ref);
      const key = buildClientKey(data, project.id, nextClientKeyId++);
      clientKeysOf(project.id).push(key);
      return json(201, key);
    },
  };

  const deleteClientKey: Handler = {
    auth: true,
    run: (ctx, [ref = '', keyId = '']) => {
      const project = operationsProject(ctx, ref);
      const list = clientKeysOf(project.id);
      const index = list.findIndex((k) => String(k.id) === keyId);
      if (index < 0) throw new ApiError(404, MSG_RECORD_NOT_FOUND);
      const [key] = list.splice(index, 1);
      return json(200, key);
    },
  };

  // --- routing ---------------------------------------------------------------------------------

  const P = '/api/v4/projects/([^/]+)';
  const routes: Route[] = [
    { pattern: /^\/api\/v4\/user$/, methods: { GET: getUser } },
    { pattern: /^\/api\/v4\/(?:version|metadata)$/, methods: { GET: getVersion } },
    { pattern: /^\/api\/v4\/personal_access_tokens\/self$/, methods: { GET: getTokenSelf, DELETE: revokeTokenSelf } },
    { pattern: /^\/api\/v4\/projects$/, methods: { GET: listProjects } },
    { pattern: new RegExp(`^${P}$`), methods: { GET: getProject } },
    { pattern: new RegExp(`^${P}/issues$`), methods: { GET: listIssues, POST: createIssue } },
    { pattern: new RegExp(`^${P}/issues/([^/]+)$`), methods: { GET: getIssue, PUT: updateIssue } },
    { pattern: new RegExp(`^${P}/issues/([^/]+)/notes$`), methods: { GET: listNotes, POST: createNote } },
    { pattern: new RegExp(`^${P}/repository/commits$`), methods: { GET: listCommits } },
    { pattern: new RegExp(`^${P}/repository/commits/([^/]+)$`), methods: { GET: getCommit } },
    { pattern: new RegExp(`^${P}/error_tracking/settings$`), methods: { GET: getSettings, PATCH: patchSettings, PUT: putSettings } },
    { pattern: new RegExp(`^${P}/error_tracking/client_keys$`), methods: { GET: listClientKeys, POST: createClientKey } },
    { pattern: new RegExp(`^${P}/error_tracking/client_keys/([^/]+)$`), methods: { DELETE: deleteClientKey } },
  ];

  const matchRoute = (pathname: string): { route: Route; params: string[] } | undefined => {
    // Grape's router normalizes the path: repeated and trailing slashes do not matter.
    const normalized = pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
    for (const route of routes) {
      const m = route.pattern.exec(normalized);
      if (m) {
        try {
          return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
        } catch {
          return undefined;
        }
      }
    }
    return undefined;
  };

  // --- auth ------------------------------------------------------------------------------------

  type Auth =
    | { kind: 'anonymous' }
    | { kind: 'unknown' }
    | { kind: 'token'; token: string; config: TokenConfig; user: GitlabUser };

  /** Gitlab::Auth::AuthFinders: `private_token` param, then PRIVATE-TOKEN, then an OAuth-style Bearer header. */
  const findToken = (req: IncomingMessage, url: URL): Auth => {
    const header = req.headers['private-token'];
    const bearer = /^Bearer\s+(\S.*)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const token =
      url.searchParams.get('private_token') || (Array.isArray(header) ? header[0] : header) || url.searchParams.get('access_token') || bearer;
    if (!token) return { kind: 'anonymous' };
    const config = tokens[token];
    if (!config) return { kind: 'unknown' };
    return { kind: 'token', token, config, user: userFor(data, config.username) };
  };

  const oauthError = (status: number, error: string, description: string, extra: Record<string, string> = {}): Reply => {
    const params = [`realm="${OAUTH_REALM}"`, `error="${error}"`, `error_description="${description}"`];
    for (const [k, v] of Object.entries(extra)) params.push(`${k}="${v}"`);
    return json(status, { error, error_description: description, ...extra }, status === 401 ? { 'WWW-Authenticate': `Bearer ${params.join(', ')}` } : {});
  };

  /** AccessTokenValidationService: expiry, then revocation, then scopes. */
  const authorizeRequest = (auth: Auth, method: string, handler: Handler): Reply | undefined => {
    if (auth.kind === 'unknown') return json(401, MSG_UNAUTHORIZED);
    if (auth.kind === 'anonymous') return handler.auth ? json(401, MSG_UNAUTHORIZED) : undefined;
    if (auth.config.expired) return oauthError(401, 'invalid_token', DESC_EXPIRED);
    if (auth.config.revoked) return oauthError(401, 'invalid_token', DESC_REVOKED);
    const reading = method === 'GET' || method === 'HEAD';
    const allowed = handler.scopes === 'any' ? ALL_SCOPES : [...(reading ? READ_SCOPES : WRITE_SCOPES), ...(handler.scopes ?? [])];
    if (!auth.config.scopes.some((s) => allowed.includes(s))) {
      return oauthError(403, 'insufficient_scope', DESC_INSUFFICIENT_SCOPE, { scope: allowed.join(' ') });
    }
    return undefined;
  };

  // --- rate limiting (Rack::Attack) ---------------------------------------------------------------

  const currentWindowStart = () => {
    const windowMs = rateLimit.windowSeconds * 1000;
    return Math.floor(Date.now() / windowMs) * windowMs;
  };

  /** Gitlab::RackAttack.throttled_response_headers; gitlab.com sends them on every API response. */
  const rateLimitHeaders = (name: string, observed: number, windowStart: number): Record<string, string> => {
    const resetMs = windowStart + rateLimit.windowSeconds * 1000;
    return {
      'RateLimit-Name': name,
      'RateLimit-Limit': String(Math.ceil((rateLimit.limit * 60) / rateLimit.windowSeconds)),
      'RateLimit-Observed': String(observed),
      'RateLimit-Remaining': String(Math.max(rateLimit.limit - observed, 0)),
      'RateLimit-Reset': String(Math.floor(resetMs / 1000)),
      'RateLimit-ResetTime': new Date(resetMs).toUTCString(),
    };
  };

  const countRateLimit = (key: string, name: string) => {
    const windowStart = currentWindowStart();
    const window = rateWindows.get(key);
    const observed = window && window.windowStart === windowStart ? window.count + 1 : 1;
    rateWindows.set(key, { windowStart, count: observed });
    const headers = rateLimitHeaders(name, observed, windowStart);
    const limited = observed > rateLimit.limit;
    if (limited) headers['Retry-After'] = String(Math.max(1, Math.ceil((windowStart + rateLimit.windowSeconds * 1000 - Date.now()) / 1000)));
    return { limited, headers };
  };

  // --- CORS (only with opts.cors) ----------------------------------------------------------------

  const corsHeaders = (origin: string | undefined): Record<string, string> => {
    if (!opts.cors || !origin) return {};
    // The first Rack::Cors rule admits GitLab's own origin with credentials; the second any origin without.
    const own = origin === data.externalUrl;
    return {
      'Access-Control-Allow-Origin': own ? origin : '*',
      ...(own && { 'Access-Control-Allow-Credentials': 'true' }),
      'Access-Control-Allow-Methods': CORS_METHODS,
      'Access-Control-Expose-Headers': CORS_EXPOSE,
      'Access-Control-Max-Age': '7200',
      Vary: 'Origin',
    };
  };

  // --- request handling ----------------------------------------------------------------------------

  /**
   * GitLab's order: Rack::Attack (throttle), then Grape routing (unknown → catch-all 404), then the route's
   * `authenticate!` / token validation, then parameter validation and the endpoint (project 404, authorize 403).
   */
  const handleApiRequest = (req: IncomingMessage, entry: LoggedRequest, url: URL, rawBody: string): Reply => {
    const failure = pendingFailures.shift();
    if (failure) {
      const extra = failure.status === 429 ? { ...rateLimitHeaders('throttle_authenticated_api', rateLimit.limit + 1, currentWindowStart()), 'Retry-After': '60' } : {};
      return json(failure.status, failure.body, extra);
    }

    const auth = findToken(req, url);
    const validUser = auth.kind === 'token' && !auth.config.expired && !auth.config.revoked ? auth.user : undefined;
    if (validUser) entry.username = validUser.username;
    const rate = validUser
      ? countRateLimit(`user:${validUser.id}`, 'throttle_authenticated_api')
      : countRateLimit(`ip:${req.socket.remoteAddress ?? ''}`, 'throttle_unauthenticated_api');
    const respond = (reply: Reply): Reply => ({ ...reply, headers: { ...rate.headers, ...reply.headers } });
    if (rate.limited) return respond(json(429, RATE_LIMITED_TEXT));

    const method = entry.method === 'HEAD' ? 'GET' : entry.method;
    const matched = matchRoute(url.pathname);
    const handler = matched?.route.methods[method];
    if (!matched || !handler) return respond(json(404, MSG_ROUTE_NOT_FOUND));

    const refusal = authorizeRequest(auth, method, handler);
    if (refusal) return respond(refusal);
    currentToken = auth.kind === 'token' ? { token: auth.token, config: auth.config } : undefined;

    try {
      const params = parseParams(req, url, rawBody);
      const ctx: RequestContext = { method, url, query: url.searchParams, params, origin: `https://${entry.host}`, user: validUser };
      return respond(handler.run(ctx, matched.params));
    } catch (error) {
      if (error instanceof ApiError) return respond(json(error.status, error.body, error.headers));
      return respond(json(500, { message: '500 Internal Server Error' }));
    }
  };

  /** Grape answers OPTIONS for its routes with 204 + Allow; other paths fall through to the catch-all 404. */
  const handleOptions = (req: IncomingMessage, url: URL): Reply => {
    const origin = req.headers.origin;
    const isApi = url.pathname.startsWith('/api/');
    if (opts.cors && isApi && origin && req.headers['access-control-request-method']) {
      const headers = corsHeaders(origin);
      const requested = req.headers['access-control-request-headers'];
      if (requested) headers['Access-Control-Allow-Headers'] = requested;
      return { status: 200, headers: { ...headers, 'Content-Type': 'text/plain' } };
    }
    if (!isApi) return { status: 404, body: notFoundHtml() };
    const matched = matchRoute(url.pathname);
    if (!matched) return json(404, MSG_ROUTE_NOT_FOUND);
    const methods = Object.keys(matched.route.methods);
    const allow = ['OPTIONS', ...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    return { status: 204, headers: { Allow: allow } };
  };

  const siteFor = (host: string | undefined): SiteContext => {
    const pageUser = opts.pageUser === undefined ? 'alice' : opts.pageUser;
    return {
      origin: originFor(host ?? externalHost),
      csrfToken,
      theme,
      version,
      revision: DEFAULT_REVISION,
      user: pageUser === null ? undefined : userFor(data, pageUser),
    };
  };

  /** What a project page shows, from the stand-in's data; undefined = GitLab's 404 (unknown commit). */
  const projectPageKind = (project: GitlabProjectRecord, page: string, pageTypeId: string, pathname: string): ProjectPageKind | undefined => {
    switch (page) {
      case 'projects:show':
        return { kind: 'home', openIssues: openIssuesCount(project), lastCommit: commitsOf(project.id).at(-1) };
      case 'projects:issues:index':
        return { kind: 'issues', issues: issuesOf(project.id) };
      case 'projects:issues:show': {
        const iid = Number(pageTypeId);
        // An unknown iid still gets the issue page's frame (data-page, data-page-type-id) with no description.
        return { kind: 'issue', iid, issue: issuesOf(project.id).find((i) => i.iid === iid) };
      }
      case 'projects:blob:show': {
        const [ref = project.default_branch, ...path] = pageTypeId.split('/');
        return path.length ? { kind: 'blob', ref, path: path.join('/') } : undefined;
      }
      case 'projects:commit:show': {
        const sha = pageTypeId.toLowerCase();
        const commit = commitsOf(project.id).find((c) => c.id.startsWith(sha));
        return commit ? { kind: 'commit', commit } : undefined;
      }
      case 'projects:error_tracking:index': {
        const settings = settingsStore.get(project.id);
        return { kind: 'error-tracking', enabled: settings?.active ?? false, integrated: Boolean(settings?.integrated && integratedFlag), canEnable: true };
      }
      case 'projects:error_tracking:details':
        return { kind: 'error-details', errorId: /\/error_tracking\/([^/]+)\/details/.exec(pathname)?.[1] ?? '' };
      default:
        return { kind: 'other', heading: page.split(':').slice(1).join(' ') };
    }
  };

  /** The built-in page: project pages (GitLab 18.x markup, gitlab-pages.ts), `/`, else a 404 page. */
  const defaultPage = (pathname: string, host?: string): { status: number; html: string } => {
    const site = siteFor(host);
    if (pathname === '/' || pathname === '') {
      const list = projects.filter((p) => canReadProject(p, site.user)).map((p) => ({ path: p.path_with_namespace, name: projectNameWithNamespace(data, p) }));
      return { status: 200, html: renderDashboardPage(site, list) };
    }
    const where = classifyProjectPath(pathname);
    const project = where && findProject(where.fullPath);
    if (!where || !project) return { status: 404, html: notFoundHtml() };
    const kind = projectPageKind(project, where.page, where.pageTypeId, pathname);
    if (!kind) return { status: 404, html: notFoundHtml() };
    const context = { project, nameWithNamespace: projectNameWithNamespace(data, project), errorTrackingMenu: !opts.hideErrorTrackingFeatures };
    return { status: 200, html: renderProjectPage(site, context, where.page, where.pageTypeId, kind) };
  };

  const pageOverride = (pathname: string, request: Partial<PageRequest>): string | undefined =>
    pages?.(pathname, { method: request.method ?? 'GET', query: request.query ?? '', body: request.body ?? '', host: request.host ?? externalHost });

  const renderPage = (pathname: string, request: Partial<PageRequest> = {}): { status: number; html: string } => {
    const override = pageOverride(pathname, request);
    return override !== undefined ? { status: 200, html: override } : defaultPage(pathname, request.host);
  };

  /** Non-API requests: the `pages` override for any method, else the built-in page for GET/HEAD, else 404. */
  const handlePageRequest = (entry: LoggedRequest, pathname: string): Reply => {
    const host = entry.host.replace(/:\d+$/, '').toLowerCase() || externalHost;
    const request = { method: entry.method, query: entry.query, body: entry.body, host };
    const override = pageOverride(pathname, request);
    const page =
      override !== undefined
        ? { status: 200, html: override }
        : entry.method === 'GET' || entry.method === 'HEAD'
          ? defaultPage(pathname, host)
          : { status: 404, html: notFoundHtml() };
    return { status: page.status, body: page.html, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
  };

  const send = (res: ServerResponse, reply: Reply, isApi: boolean, origin: string | undefined) => {
    const headers: Record<string, string> = isApi
      ? {
          'Cache-Control': 'max-age=0, private, must-revalidate',
          'X-Content-Type-Options': 'nosniff',
          'X-Frame-Options': 'SAMEORIGIN',
          'X-Request-Id': randomBytes(13).toString('base64url'),
          ...corsHeaders(origin),
          ...reply.headers,
        }
      : { 'X-Frame-Options': 'SAMEORIGIN', ...reply.headers };
    let payload: Buffer | undefined;
    if (reply.body !== undefined && reply.status !== 204) {
      const isText = typeof reply.body === 'string';
      const isMarkup = isText && (reply.body as string).trimStart().startsWith('<');
      payload = Buffer.from(isText ? (reply.body as string) : JSON.stringify(reply.body));
      headers['Content-Type'] ??= isMarkup ? 'text/html; charset=utf-8' : isText ? 'text/plain' : 'application/json';
    }
    if (payload) headers['Content-Length'] = String(payload.length);
    res.writeHead(reply.status, headers);
    res.end(payload);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    const url = new URL(req.url ?? '/', `https://${host || 'gitlab.com'}`);
    const rawBody = await readBody(req);
    const origin = req.headers.origin;
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers: lowerCaseHeaders(req),
      host,
      body: rawBody,
      ...(origin !== undefined && { origin }),
      time: Date.now(),
    };
    requests.push(entry);
    if (latencyMs > 0) await sleep(latencyMs);
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    let reply: Reply;
    if (entry.method === 'OPTIONS') reply = handleOptions(req, url);
    else if (isApi) {
      reply = handleApiRequest(req, entry, url, rawBody);
      reply = { ...reply, body: rebaseUrls(reply.body, originFor(host)) };
    } else reply = handlePageRequest(entry, url.pathname);
    entry.status = reply.status;
    send(res, reply, isApi, origin);
  };

  // --- server ----------------------------------------------------------------------------------

  const { key, cert } = makeCert();
  const server = https.createServer({ key, cert }, (req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, json(500, { message: `500 Internal Server Error (${String(error)})` }), true, undefined);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    baseUrl: `https://127.0.0.1:${port}`,
    cert,
    csrfToken,
    close: () =>
      new Promise<void>((resolve) => {
        // Chromium keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    requests,
    clearLog: () => void requests.splice(0, requests.length),
    tokens,
    user: (username) => userFor(data, username),
    projects,
    project: findProject,
    addProject,
    setRole: (ref, username, accessLevel) => {
      const project = projectOrThrow(ref);
      userFor(data, username);
      if (accessLevel === null || accessLevel <= 0) delete project.members[username];
      else project.members[username] = accessLevel;
    },
    issues: (ref) => issuesOf(projectOrThrow(ref).id),
    addIssue,
    notes: (ref, iid) => notesOf(projectOrThrow(ref).id, iid),
    errorTrackingSettings: (ref) => settingsStore.get(projectOrThrow(ref).id) ?? null,
    setErrorTrackingSettings: (ref, settings) => {
      const project = projectOrThrow(ref);
      if (settings === null) settingsStore.delete(project.id);
      else settingsStore.set(project.id, buildSettings(settings));
    },
    clientKeys: (ref) => clientKeysOf(projectOrThrow(ref).id),
    setIntegratedErrorTracking: (enabled) => {
      integratedFlag = enabled;
    },
    commits,
    addCommit: (ref, commit) => {
      const built = buildCommit(commit);
      commitsOf(projectOrThrow(ref).id).push(built);
      return built;
    },
    failNext: (count, status, body) => {
      for (let i = 0; i < count; i++) pendingFailures.push({ status, body: body ?? defaultFailureBody(status) });
    },
    setLatencyMs: (ms) => {
      latencyMs = ms;
    },
    setRateLimit: (config) => {
      rateLimit = { ...config };
      rateWindows.clear();
    },
    renderPage,
    setPages: (next) => {
      pages = next;
    },
    setTheme: (next) => {
      theme = next;
    },
    hosts,
    addHost: (host) => {
      const name = host.toLowerCase();
      if (!hosts.includes(name)) hosts.push(name);
    },
    originFor,
  };
}
