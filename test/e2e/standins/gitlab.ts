// A local HTTPS stand-in for gitlab.com's REST API v4 (GitLab 17/18), faithful to GitLab's documented and
// coded behaviour: PAT auth with GitLab's OAuth-style refusals, scopes, project visibility and roles,
// issues + notes, commits, error tracking settings and client keys (shared/notes/gitlab-error-tracking.md
// §1), offset pagination headers, Rack::Attack rate limits. E2E tests judge the extension against it,
// so when in doubt it copies GitLab, including GitLab's refusals. Non-API paths serve GitLab 18.x-shaped
// HTML pages (gitlab-pages.ts): project home, issues, files, commits, Error Tracking, in light or dark theme.
// Besides gitlab.com (externalUrl) it can answer as more host names (`hosts`, e.g. a self-hosted
// gitlab.example.test mapped to it): pages and API URLs requested there use that origin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { graphqlSync } from 'graphql';
import {
  createStandInControls,
  json,
  readRequest,
  startHttpsServer,
  type BaseLoggedRequest,
  type RateLimitConfig,
  type Reply,
} from './server';
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
  effectiveLevel,
  enumParam,
  formToObject,
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
  PROJECT_IDS,
} from './gitlab-data';
import {
  escapeHtml,
  renderDashboardPage,
  renderProjectPage,
  renderSignInPage,
  type PageTheme,
  type ProjectPageKind,
  type SiteContext,
} from './gitlab-pages';
import {
  ERROR_SORTS,
  ISSUE_STATUSES,
  buildTrackedError,
  cursorPage,
  defaultAppErrors,
  errorTrackingSchema,
  graphqlError,
  graphqlStackTrace,
  highlightedFrames,
  searchErrors,
  sortErrors,
  webErrorEntity,
  type ErrorSource,
  type TrackedError,
  type TrackedErrorInput,
  type TrackedErrorStatus,
} from './gitlab-errors';
import {
  buildMergeRequest,
  diffEntity,
  hasDiffsEndpoint,
  mergeRequestEntity,
  mergeRequestRoute,
  type MergeRequestInput,
  type MergeRequestRecord,
  type MergeRequestTab,
} from './gitlab-merge-requests';

export type { PageTheme } from './gitlab-pages';
export { renderMarkdown } from './gitlab-pages';
export type {
  ClientKey,
  ErrorTrackingSettings,
  GitlabCommitRecord,
  GitlabIssue,
  GitlabNote,
  GitlabProjectRecord,
  GitlabUser,
  IssueInput,
  ProjectInput,
  TokenConfig,
} from './gitlab-data';
export { ACCESS_LEVEL, COMMITS, DEFAULT_ERROR_TRACKING, PROJECT_IDS } from './gitlab-data';
export type { TrackedError, TrackedErrorInput } from './gitlab-errors';
export type { MergeRequestInput, MergeRequestRecord } from './gitlab-merge-requests';
export { DEFAULT_RAISING_CONTEXT, highlightLine } from './gitlab-errors';
export type { RateLimitConfig } from './server';

// ---------------------------------------------------------------------------------------------
// Public types

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
  /** Fixed window per caller (the token's user, else the IP). Default 2000 requests per 60 s (gitlab.com's authenticated API limit). */
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
  /**
   * Errors per project id, besides a project input's own `errors`. Default: group/app (when the default
   * projects are used) gets defaultAppErrors(): 14 unresolved, 3 ignored, 2 resolved.
   */
  errors?: Record<number, TrackedErrorInput[]>;
  /** How many errors GitLab asks its backend for per page (ListIssuesService::DEFAULT_LIMIT). Default 20. */
  errorPageSize?: number;
  /** Merge requests per project id (REST and pages: standins/gitlab-merge-requests.ts). Default: none. */
  mergeRequests?: Record<number, MergeRequestInput[]>;
  /**
   * GitLab's web session: `_gitlab_session` cookie value → username. Given (even `{}`), the web side acts
   * like GitLab with sessions: pages show the cookie's user (signed out: private projects and `/` redirect
   * to /users/sign_in), each session has its own CSRF token (`csrfTokenFor`), and the session-only error
   * tracking endpoints exist: `GET /<project>/-/error_tracking.json`, `…/error_tracking/<id>/details.json`,
   * `…/stack_trace.json`, `PUT …/error_tracking/<id>.json` and the `POST /<project>/-/issues` form.
   * Without it the web side stays as before: pages look signed in as `pageUser` to everyone, carry
   * `csrfToken`, and those endpoints answer 404.
   */
  sessions?: Record<string, string>;
}

/** A `sentry_issues` row: GitLab's link from an error (by Sentry id) to the issue created for it. */
export interface SentryIssueLink {
  sentryIssueIdentifier: string;
  issueId: number;
  issueIid: number;
}

/** Reads still to answer "not ready" (GraphQL `errors: null` / `detailedError: null`; web 204). */
export interface WarmUp {
  graphql: number;
  web: number;
}

/** A request as the stand-in logged it (`path` e.g. `/api/v4/projects/group%2Fapp`, `host` e.g. `gitlab.com`). */
export interface LoggedRequest extends BaseLoggedRequest {
  /** The Origin header, when the request carried one. */
  origin?: string;
  /** Username of a valid (known, unexpired, unrevoked) token, if one was sent. */
  username?: string;
  /** Username of the `_gitlab_session` cookie's session (session mode), if one was sent and is known. */
  sessionUser?: string;
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
  /** Live merge requests of a project. */
  mergeRequests(project: number | string): MergeRequestRecord[];
  addMergeRequest(project: number | string, input: MergeRequestInput): MergeRequestRecord;
  addCommit(project: number | string, commit: Partial<GitlabCommitRecord> & { id: string }): GitlabCommitRecord;
  /** Live file paths of a project's repository, the same at every ref (`GET|HEAD …/repository/files/:path`). */
  repositoryFiles(project: number | string): Set<string>;

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

  // --- error tracking data (GraphQL sentryErrors and the web endpoints read these) ---
  /** Live error list of a project (all statuses). */
  trackedErrors(project: number | string): TrackedError[];
  trackedError(project: number | string, sentryId: string | number): TrackedError | undefined;
  addTrackedError(project: number | string, input: TrackedErrorInput): TrackedError;
  /** Replaces a project's errors. */
  setTrackedErrors(project: number | string, inputs: TrackedErrorInput[]): void;
  /**
   * GitLab's reactive cache is cold: the next `graphql` GraphQL requests touching the project's sentryErrors
   * answer `errors: null` / `detailedError: null` / `errorStackTrace: null`, and the next `web` list / details /
   * stack-trace requests answer 204 with Poll-Interval. Replaces what was left.
   */
  warmUp(project: number | string, counts: Partial<WarmUp>): void;
  /** What is left of a project's warm-up. */
  warmUpLeft(project: number | string): WarmUp;
  /** After each status change (PUT) GitLab expires its list cache: this much warm-up follows. Default none. */
  setWarmUpAfterChange(counts: Partial<WarmUp>): void;
  /** Live `sentry_issues` rows of a project. */
  sentryIssueLinks(project: number | string): SentryIssueLink[];

  // --- web sessions (only with the `sessions` option) ---
  /** A new session for `username`; returns its `_gitlab_session` cookie value. */
  signIn(username: string): string;
  /** Ends a session (its cookie is then unknown: signed out). */
  signOut(cookie: string): void;
  /** A CSRF token (masked like Rails does) valid for the session of `cookie`. */
  csrfTokenFor(cookie: string): string;
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
  'Link',
  'X-Total',
  'X-Total-Pages',
  'X-Per-Page',
  'X-Page',
  'X-Next-Page',
  'X-Prev-Page',
  'X-Gitlab-Blob-Id',
  'X-Gitlab-Commit-Id',
  'X-Gitlab-Content-Sha256',
  'X-Gitlab-Encoding',
  'X-Gitlab-File-Name',
  'X-Gitlab-File-Path',
  'X-Gitlab-Last-Commit-Id',
  'X-Gitlab-Ref',
  'X-Gitlab-Size',
  'X-Request-Id',
  'ETag',
].join(', ');

const READ_SCOPES = ['api', 'read_api'];
const WRITE_SCOPES = ['api'];
const ALL_SCOPES = [
  'api',
  'read_api',
  'read_user',
  'create_runner',
  'manage_runner',
  'k8s_proxy',
  'read_repository',
  'write_repository',
  'read_registry',
  'write_registry',
  'read_virtual_registry',
  'write_virtual_registry',
  'ai_features',
  'sudo',
  'admin_mode',
  'read_service_ping',
  'self_rotate',
];

const PROJECT_ORDER_BY = [
  'id',
  'name',
  'path',
  'created_at',
  'updated_at',
  'last_activity_at',
  'similarity',
  'star_count',
  'storage_size',
  'repository_size',
  'wiki_size',
  'packages_size',
];
const ISSUE_ORDER_BY = [
  'created_at',
  'updated_at',
  'priority',
  'due_date',
  'relative_position',
  'label_priority',
  'milestone_due',
  'popularity',
  'weight',
  'title',
];
const ISSUE_UPDATE_FIELDS = [
  'title',
  'description',
  'assignee_ids',
  'assignee_id',
  'milestone_id',
  'discussion_locked',
  'labels',
  'add_labels',
  'remove_labels',
  'created_at',
  'due_date',
  'confidential',
  'state_event',
  'issue_type',
];
const ACCESS_LEVEL_VALUES: number[] = Object.values(ACCESS_LEVEL).filter((n) => n >= ACCESS_LEVEL.GUEST);

// ---------------------------------------------------------------------------------------------
// Request plumbing

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
  const data: DataContext = {
    externalUrl: (opts.externalUrl ?? 'https://gitlab.com').replace(/\/+$/, ''),
    users: new Map(),
    namespaces: new Map(),
  };
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
  const tokenIds = new Map<string, number>();
  const controls = createStandInControls({
    rateLimit: opts.rateLimit ?? DEFAULT_RATE_LIMIT,
    latencyMs: opts.latencyMs,
    defaultFailureBody,
  });
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
  const errorStore = new Map<number, TrackedError[]>();
  const warmUps = new Map<number, WarmUp>();
  const sentryIssueStore = new Map<number, SentryIssueLink[]>();
  const errorPageSize = opts.errorPageSize ?? 20;
  let warmUpAfterChange: WarmUp = { graphql: 0, web: 0 };
  interface Session {
    username: string;
    /** The session's real CSRF token (Rails' `session[:_csrf_token]`); pages carry it masked. */
    csrf: Buffer;
  }
  const newSession = (username: string): Session => ({ username, csrf: randomBytes(32) });
  /** Session mode (see GitlabStandInOptions.sessions) is on when this exists. */
  const sessionStore: Map<string, Session> | undefined = opts.sessions
    ? new Map(Object.entries(opts.sessions).map(([cookie, username]) => [cookie, newSession(username)]))
    : undefined;
  /** The CSRF secret of requests without a (known) session: pages still carry a token, no write accepts it. */
  const anonymousCsrf = randomBytes(32);

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
  const mergeRequestStore = new Map<number, MergeRequestRecord[]>();
  const mergeRequestsOf = (projectId: number): MergeRequestRecord[] => {
    let list = mergeRequestStore.get(projectId);
    if (!list) mergeRequestStore.set(projectId, (list = []));
    return list;
  };
  let nextMergeRequestId = 7001;
  const addMergeRequest = (ref: number | string, input: MergeRequestInput): MergeRequestRecord => {
    const project = projectOrThrow(ref);
    if (mergeRequestsOf(project.id).some((mr) => mr.iid === input.iid)) throw new Error(`duplicate merge request !${input.iid}`);
    const mr = buildMergeRequest(project.id, nextMergeRequestId++, input);
    mergeRequestsOf(project.id).push(mr);
    return mr;
  };
  const fileStore = new Map<number, Set<string>>();
  const filesOf = (projectId: number): Set<string> => {
    let files = fileStore.get(projectId);
    if (!files) fileStore.set(projectId, (files = new Set()));
    return files;
  };
  const errorsOf = (projectId: number): TrackedError[] => {
    let list = errorStore.get(projectId);
    if (!list) errorStore.set(projectId, (list = []));
    return list;
  };
  const warmUpOf = (projectId: number): WarmUp => {
    let w = warmUps.get(projectId);
    if (!w) warmUps.set(projectId, (w = { graphql: 0, web: 0 }));
    return w;
  };
  const sentryIssuesOf = (projectId: number): SentryIssueLink[] => {
    let list = sentryIssueStore.get(projectId);
    if (!list) sentryIssueStore.set(projectId, (list = []));
    return list;
  };
  const shortIdPrefix = (project: GitlabProjectRecord) => project.path.toUpperCase().replace(/[^A-Z0-9]+/g, '-');
  const addTrackedError = (ref: number | string, input: TrackedErrorInput): TrackedError => {
    const project = projectOrThrow(ref);
    const error = buildTrackedError(input, shortIdPrefix(project));
    if (errorsOf(project.id).some((e) => e.sentryId === error.sentryId))
      throw new Error(`duplicate error ${error.sentryId} in ${project.path_with_namespace}`);
    errorsOf(project.id).push(error);
    return error;
  };

  const addProject = (input: ProjectInput): GitlabProjectRecord => {
    const project = buildProject(data, input);
    if (findProject(project.id) || findProject(project.path_with_namespace)) throw new Error(`duplicate project ${project.id}`);
    projects.push(project);
    if (input.errorTracking) settingsStore.set(project.id, buildSettings(input.errorTracking));
    for (const commit of input.commits ?? []) commitsOf(project.id).push(buildCommit(commit));
    for (const file of input.files ?? []) filesOf(project.id).add(file);
    for (const error of input.errors ?? []) addTrackedError(project.id, error);
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

  const defaultProjects = () => defaultProjectInputs().map((p) => (p.id === PROJECT_IDS.app ? { ...p, errors: defaultAppErrors() } : p));
  for (const input of opts.projects ?? defaultProjects()) addProject(input);
  for (const [projectId, list] of Object.entries(opts.issues ?? {})) for (const item of list) addIssue(Number(projectId), item);
  for (const [projectId, list] of Object.entries(opts.errors ?? {})) for (const item of list) addTrackedError(Number(projectId), item);
  for (const [projectId, list] of Object.entries(opts.mergeRequests ?? {}))
    for (const item of list) addMergeRequest(Number(projectId), item);

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
      if (minAccess !== undefined && !ACCESS_LEVEL_VALUES.includes(minAccess))
        throw invalid('min_access_level does not have a valid value');
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
      const inColumns = (stringParam(p, 'in') ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c === 'title' || c === 'description');
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
        list = list.filter((issue) =>
          fuzzyMatches(
            search,
            columns.map((c) => (c === 'title' ? issue.title : issue.description)),
          ),
        );
      }
      const page = paginate(sortIssues(list, orderBy, sort), ctx.query, ctx.origin, ctx.url.pathname);
      return json(
        200,
        page.items.map((issue) => presentIssue(issue, user)),
        page.headers,
      );
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
      const list = [...notesOf(project.id, issue.iid)].sort(
        (a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0) * dir || (a.id - b.id) * dir,
      );
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

  const newestFirst = (list: GitlabCommitRecord[]) =>
    [...list].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));

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
      return json(
        200,
        page.items.map((c) => ({ ...commitEntity(data, project, c), stats: undefined })),
        page.headers,
      );
    },
  };

  // --- handlers: merge requests ------------------------------------------------------------------

  /** `GET /merge_requests/:iid`, its `/diffs` (15.7+, paginated), the older `/changes`, and `/commits`. */
  const getMergeRequest: Handler = {
    auth: false,
    run: (ctx, [ref = '', rest = '']) => {
      const route = mergeRequestRoute(rest);
      // No such route: Grape's catch-all, as for `/diffs` on a GitLab before 15.7.
      if (!route || (route.part === 'diffs' && !hasDiffsEndpoint(version))) throw new ApiError(404, MSG_ROUTE_NOT_FOUND);
      const project = userProject(ctx, ref);
      forbidUnless(canReadCode(project, ctx.user));
      const mr = mergeRequestsOf(project.id).find((candidate) => candidate.iid === route.iid);
      if (!mr) throw new ApiError(404, notFoundMessage('Merge Request'));
      const entity = mergeRequestEntity(ctx.origin, project.path_with_namespace, mr);
      if (route.part === 'merge_request') return json(200, entity);
      if (route.part === 'changes') return json(200, { ...entity, changes: mr.files.map(diffEntity), overflow: false });
      const items =
        route.part === 'diffs'
          ? mr.files.map(diffEntity)
          : mr.commits.map((c) => ({ ...commitEntity(data, project, c), stats: undefined }));
      const page = paginate(items, ctx.query, ctx.origin, ctx.url.pathname);
      return json(200, page.items, page.headers);
    },
  };

  /**
   * API::Files `assign_file_vars!`: read_code, then the ref as a commit (404 Commit Not Found), then the blob
   * (404 File Not Found). HEAD answers the same headers without the body (API::Files' `head` route).
   */
  const getFile: Handler = {
    auth: false,
    run: (ctx, [ref = '', filePath = '']) => {
      const project = userProject(ctx, ref);
      forbidUnless(canReadCode(project, ctx.user));
      const refName = stringParam(ctx.params, 'ref');
      if (!refName) throw new ApiError(400, { error: 'ref is missing' });
      const commit = resolveCommit(project, refName);
      if (!commit) throw new ApiError(404, notFoundMessage('Commit'));
      if (!filesOf(project.id).has(filePath)) throw new ApiError(404, notFoundMessage('File'));
      const content = Buffer.from(`# ${filePath}\n`);
      const headers = {
        'X-Gitlab-File-Name': filePath.split('/').pop() ?? filePath,
        'X-Gitlab-File-Path': filePath,
        'X-Gitlab-Ref': refName,
        'X-Gitlab-Commit-Id': commit.id,
        'X-Gitlab-Last-Commit-Id': commit.id,
        'X-Gitlab-Size': String(content.length),
        'X-Gitlab-Encoding': 'base64',
      };
      const body = {
        file_name: headers['X-Gitlab-File-Name'],
        file_path: filePath,
        size: content.length,
        encoding: 'base64',
        ref: refName,
        commit_id: commit.id,
        last_commit_id: commit.id,
        content: content.toString('base64'),
      };
      return json(200, body, headers);
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

  /** after_save :create_client_key! when enabled && integrated (flag on) and no active key exists. */
  const ensureClientKey = (project: GitlabProjectRecord, setting: ErrorTrackingSettings) => {
    if (setting.active && setting.integrated && integratedFlag && !clientKeysOf(project.id).some((k) => k.active)) {
      clientKeysOf(project.id).push(buildClientKey(data, project.id, nextClientKeyId++));
    }
  };

  /** Saves `active` (and `integrated`, when given) in a project's settings, then answers them as GitLab does. */
  const saveSettings = (
    project: GitlabProjectRecord,
    setting: ErrorTrackingSettings,
    active: boolean,
    integrated: boolean | undefined,
  ): Reply => {
    setting.active = active;
    if (integrated !== undefined) setting.integrated = integrated;
    settingsStore.set(project.id, setting);
    ensureClientKey(project, setting);
    return json(200, presentSettings(setting));
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
      return saveSettings(project, settingOrNotFound(project), active, integrated);
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
      return saveSettings(project, settingsStore.get(project.id) ?? buildSettings({ api_url: null, integrated }), active, integrated);
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

  // --- error tracking: what GitLab's Error Tracking reads ------------------------------------------

  /** Integrated (GitLab's own store, flag on) or the Sentry project of the settings. */
  const errorSource = (project: GitlabProjectRecord, origin: string): ErrorSource => {
    const settings = settingsStore.get(project.id);
    if (settings?.integrated && integratedFlag) {
      return {
        integrated: true,
        externalBaseUrl: `${origin}/${project.path_with_namespace}/-/error_tracking`,
        sentryProjectId: String(project.id),
        sentryProjectName: project.name,
        sentryProjectSlug: project.path,
      };
    }
    const name = settings?.project_name ?? '';
    const stableId = [...name].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 9000, 7) + 1000;
    return {
      integrated: false,
      externalBaseUrl: settings?.sentry_external_url ?? '',
      sentryProjectId: String(stableId),
      sentryProjectName: name,
      sentryProjectSlug: name,
    };
  };

  /** ErrorTracking::BaseService: no active setting, or a Sentry setting without api_url, answers no data. */
  const trackingEnabled = (project: GitlabProjectRecord): boolean => {
    const settings = settingsStore.get(project.id);
    if (!settings?.active) return false;
    return settings.integrated && integratedFlag ? true : Boolean(settings.api_url);
  };

  /** `read_sentry_issue`: Reporter and above. */
  const canReadErrors = (project: GitlabProjectRecord, user?: GitlabUser) =>
    canReadProject(project, user) && effectiveLevel(project, user) >= ACCESS_LEVEL.REPORTER;
  /** `update_sentry_issue`: Developer and above. */
  const canUpdateErrors = (project: GitlabProjectRecord, user?: GitlabUser) => effectiveLevel(project, user) >= ACCESS_LEVEL.DEVELOPER;

  /** Sentry's shortVersion: a SHA shortened to 12, a `package@version` without its package. */
  const shortVersion = (version: string | null) =>
    version === null ? null : /^[0-9a-f]{40}$/i.test(version) ? version.slice(0, 12) : (version.split('@').at(-1) ?? version);

  const linkedIssueOf = (project: GitlabProjectRecord, sentryId: string): GitlabIssue | undefined => {
    const link = sentryIssuesOf(project.id).find((l) => l.sentryIssueIdentifier === sentryId);
    return link && issuesOf(project.id).find((i) => i.id === link.issueId);
  };

  /** SentryDetailedError / IssueDetailsService: the error plus GitLab's own view (linked issue, commit). */
  const detailedErrorOf = (project: GitlabProjectRecord, e: TrackedError, origin: string) => {
    const source = errorSource(project, origin);
    // add_gitlab_issue_details: project.repository.commit(first_release_version)&.id
    const commit = e.firstReleaseVersion ? resolveCommit(project, e.firstReleaseVersion) : undefined;
    const issue = linkedIssueOf(project, e.sentryId);
    return {
      ...graphqlError(e, source),
      externalBaseUrl: source.externalBaseUrl,
      firstReleaseVersion: e.firstReleaseVersion,
      firstReleaseShortVersion: shortVersion(e.firstReleaseVersion),
      firstReleaseLastCommit: null,
      lastReleaseVersion: e.lastReleaseVersion,
      lastReleaseShortVersion: shortVersion(e.lastReleaseVersion),
      lastReleaseLastCommit: null,
      gitlabCommit: commit?.id ?? null,
      gitlabCommitPath: commit ? `/${project.path_with_namespace}/-/commit/${commit.id}` : null,
      // IssueDetailsService overwrites gitlab_issue with the linked issue's absolute URL.
      gitlabIssuePath: issue ? `${origin}/${project.path_with_namespace}/-/issues/${issue.iid}` : null,
      integrated: source.integrated,
      tags: source.integrated ? { level: null, logger: null } : { level: e.level, logger: e.logger },
    };
  };

  /**
   * One GraphQL execution's root: `project(fullPath)` as the caller may see it. A request that touches a
   * project's sentryErrors takes one read of its warm-up; while warming, every field of it answers null.
   */
  const graphqlRoot = (user: GitlabUser | undefined, origin: string) => {
    const coldIn = new Map<number, boolean>();
    const cold = (project: GitlabProjectRecord): boolean => {
      if (!coldIn.has(project.id)) {
        const warm = warmUpOf(project.id);
        coldIn.set(project.id, warm.graphql > 0);
        if (warm.graphql > 0) warm.graphql--;
      }
      return coldIn.get(project.id) as boolean;
    };
    const find = (project: GitlabProjectRecord, id: string) => errorsOf(project.id).find((e) => e.sentryId === id);
    const collection = (project: GitlabProjectRecord) => {
      const source = errorSource(project, origin);
      // SentryErrorsResolver / DetailedErrorResolver: a failed or not-ready service answer is null.
      const ready = () => trackingEnabled(project) && !cold(project);
      return {
        externalUrl: source.externalBaseUrl || null,
        errors: (args: {
          searchTerm?: string | null;
          sort?: string | null;
          after?: string | null;
          first?: number | null;
          last?: number | null;
        }) => {
          if (!ready()) return null;
          const sort = args.sort ?? 'last_seen';
          if (!(ERROR_SORTS as readonly string[]).includes(sort)) return null; // Sentry client: "Invalid value for sort param"
          const unresolved = errorsOf(project.id).filter((e) => e.status === 'unresolved');
          // ListIssuesService passes `after` as Sentry's cursor; `before` is not passed on at all.
          const { page, next, previous } = cursorPage(
            sortErrors(searchErrors(unresolved, args.searchTerm ?? undefined), sort),
            args.after ?? undefined,
            errorPageSize,
          );
          let nodes = page;
          if (typeof args.first === 'number') nodes = nodes.slice(0, Math.max(0, args.first));
          if (typeof args.last === 'number') nodes = args.last > 0 ? nodes.slice(-args.last) : [];
          const shown = nodes.map((e) => graphqlError(e, source));
          return {
            count: shown.length,
            nodes: shown,
            edges: shown.map((node, i) => ({ cursor: Buffer.from(String(i + 1)).toString('base64'), node })),
            pageInfo: {
              hasNextPage: Boolean(next),
              hasPreviousPage: Boolean(previous),
              startCursor: previous ?? null,
              endCursor: next ?? null,
            },
          };
        },
        detailedError: ({ id }: { id: string }) => {
          if (!ready()) return null;
          const e = find(project, id);
          return e ? detailedErrorOf(project, e, origin) : null;
        },
        errorStackTrace: ({ id }: { id: string }) => {
          if (!ready()) return null;
          const e = find(project, id);
          return e ? graphqlStackTrace(e) : null;
        },
      };
    };
    return {
      currentUser: () => (user ? { id: `gid://gitlab/User/${user.id}`, username: user.username, name: user.name } : null),
      project: ({ fullPath }: { fullPath: string }) => {
        const project = findProject(fullPath);
        if (!project || /^\d+$/.test(fullPath.trim()) || !canReadProject(project, user)) return null;
        return {
          id: `gid://gitlab/Project/${project.id}`,
          fullPath: project.path_with_namespace,
          name: project.name,
          webUrl: `${origin}/${project.path_with_namespace}`,
          // `authorize :read_sentry_issue` on SentryErrorCollectionType: unauthorized is null.
          sentryErrors: () => (canReadErrors(project, user) ? collection(project) : null),
        };
      },
    };
  };

  const graphqlEndpoint: Handler = {
    auth: false,
    // GraphqlController admits read_api tokens for queries (the stand-in has no mutations).
    scopes: ['read_api'],
    run: (ctx) => {
      const p = ctx.params;
      const query = typeof p.query === 'string' ? p.query : '';
      if (!query.trim()) return json(200, { errors: [{ message: 'No query string was present' }] });
      let variables: Record<string, unknown> | undefined;
      try {
        variables =
          typeof p.variables === 'string'
            ? p.variables
              ? JSON.parse(p.variables)
              : undefined
            : ((p.variables as Record<string, unknown> | undefined) ?? undefined);
      } catch {
        return json(422, { errors: [{ message: 'Variables are invalid JSON' }] });
      }
      const result = graphqlSync({
        schema: errorTrackingSchema(),
        source: query,
        rootValue: graphqlRoot(ctx.user, ctx.origin),
        variableValues: variables,
        operationName: typeof p.operationName === 'string' ? p.operationName : undefined,
      });
      return json(200, JSON.parse(JSON.stringify(result)));
    },
  };

  // --- routing ---------------------------------------------------------------------------------

  const P = '/api/v4/projects/([^/]+)';
  const GRAPHQL_PATTERN = /^\/api\/graphql$/;
  const routes: Route[] = [
    { pattern: GRAPHQL_PATTERN, methods: { GET: graphqlEndpoint, POST: graphqlEndpoint } },
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
    { pattern: new RegExp(`^${P}/merge_requests/(\\d+(?:/diffs|/changes|/commits)?)$`), methods: { GET: getMergeRequest } },
    { pattern: new RegExp(`^${P}/repository/files/([^/]+)$`), methods: { GET: getFile } },
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

  type Auth = { kind: 'anonymous' } | { kind: 'unknown' } | { kind: 'token'; token: string; config: TokenConfig; user: GitlabUser };

  /** Gitlab::Auth::AuthFinders: `private_token` param, then PRIVATE-TOKEN, then an OAuth-style Bearer header. */
  const findToken = (req: IncomingMessage, url: URL): Auth => {
    const header = req.headers['private-token'];
    const bearer = /^Bearer\s+(\S.*)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const token =
      url.searchParams.get('private_token') ||
      (Array.isArray(header) ? header[0] : header) ||
      url.searchParams.get('access_token') ||
      bearer;
    if (!token) return { kind: 'anonymous' };
    const config = tokens[token];
    if (!config) return { kind: 'unknown' };
    return { kind: 'token', token, config, user: userFor(data, config.username) };
  };

  const oauthError = (status: number, error: string, description: string, extra: Record<string, string> = {}): Reply => {
    const params = [`realm="${OAUTH_REALM}"`, `error="${error}"`, `error_description="${description}"`];
    for (const [k, v] of Object.entries(extra)) params.push(`${k}="${v}"`);
    return json(
      status,
      { error, error_description: description, ...extra },
      status === 401 ? { 'WWW-Authenticate': `Bearer ${params.join(', ')}` } : {},
    );
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

  /** Gitlab::RackAttack.throttled_response_headers; gitlab.com sends them on every API response. */
  const rateLimitHeaders = (name: string, observed: number, windowStart: number): Record<string, string> => {
    const { rateLimit } = controls;
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
    const { rateLimit } = controls;
    const { count: observed, windowStart } = controls.countInWindow(key);
    const headers = rateLimitHeaders(name, observed, windowStart);
    const limited = observed > rateLimit.limit;
    if (limited)
      headers['Retry-After'] = String(Math.max(1, Math.ceil((windowStart + rateLimit.windowSeconds * 1000 - Date.now()) / 1000)));
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
    const failure = controls.takeFailure();
    if (failure) {
      const extra =
        failure.status === 429
          ? {
              ...rateLimitHeaders('throttle_authenticated_api', controls.rateLimit.limit + 1, controls.currentWindowStart()),
              'Retry-After': '60',
            }
          : {};
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
    // GraphqlController renders its refusals as GraphQL errors.
    if (refusal && matched.route.pattern === GRAPHQL_PATTERN) {
      return respond({ ...refusal, body: { errors: [{ message: refusal.status === 401 ? 'Invalid token' : 'Insufficient scope' }] } });
    }
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

  /** Who a page is rendered for: the session's user and CSRF token in session mode, else pageUser and csrfToken. */
  interface Viewer {
    user?: GitlabUser;
    csrfToken: string;
  }

  const siteFor = (host: string | undefined, viewer?: Viewer): SiteContext => {
    const pageUser = opts.pageUser === undefined ? 'alice' : opts.pageUser;
    return {
      origin: originFor(host ?? externalHost),
      csrfToken: viewer ? viewer.csrfToken : csrfToken,
      theme,
      version,
      revision: DEFAULT_REVISION,
      user: viewer ? viewer.user : pageUser === null ? undefined : userFor(data, pageUser),
    };
  };

  /** What a project page shows, from the stand-in's data; undefined = GitLab's 404 (unknown commit). */
  const projectPageKind = (
    project: GitlabProjectRecord,
    page: string,
    pageTypeId: string,
    pathname: string,
  ): ProjectPageKind | undefined => {
    if (page.startsWith('projects:merge_requests:')) {
      const mergeRequest = mergeRequestsOf(project.id).find((mr) => mr.iid === Number(pageTypeId));
      return mergeRequest && { kind: 'merge-request', mergeRequest, tab: page.split(':')[2] as MergeRequestTab };
    }
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
        return {
          kind: 'error-tracking',
          enabled: settings?.active ?? false,
          integrated: Boolean(settings?.integrated && integratedFlag),
          canEnable: true,
        };
      }
      case 'projects:error_tracking:details':
        return { kind: 'error-details', errorId: /\/error_tracking\/([^/]+)\/details/.exec(pathname)?.[1] ?? '' };
      default:
        return { kind: 'other', heading: page.split(':').slice(1).join(' ') };
    }
  };

  /** The built-in page: project pages (GitLab 18.x markup, gitlab-pages.ts), `/`, else a 404 page. */
  const defaultPage = (pathname: string, host?: string, viewer?: Viewer, query = ''): { status: number; html: string } => {
    const site = siteFor(host, viewer);
    if (pathname === '/users/sign_in') return { status: 200, html: renderSignInPage(site) };
    if (pathname === '/' || pathname === '') {
      const list = projects
        .filter((p) => canReadProject(p, site.user))
        .map((p) => ({ path: p.path_with_namespace, name: projectNameWithNamespace(data, p) }));
      return { status: 200, html: renderDashboardPage(site, list) };
    }
    const classified = classifyProjectPath(pathname);
    // `/diffs?rapid_diffs=true` is served by another action: Rapid Diffs.
    const where =
      classified?.page === 'projects:merge_requests:diffs' && new URLSearchParams(query).get('rapid_diffs') === 'true'
        ? { ...classified, page: 'projects:merge_requests:rapid_diffs' }
        : classified;
    const project = where && findProject(where.fullPath);
    if (!where || !project) return { status: 404, html: notFoundHtml() };
    const kind = projectPageKind(project, where.page, where.pageTypeId, pathname);
    if (!kind) return { status: 404, html: notFoundHtml() };
    const context = {
      project,
      nameWithNamespace: projectNameWithNamespace(data, project),
      errorTrackingMenu: !opts.hideErrorTrackingFeatures,
    };
    return { status: 200, html: renderProjectPage(site, context, where.page, where.pageTypeId, kind) };
  };

  const pageOverride = (pathname: string, request: Partial<PageRequest>): string | undefined =>
    pages?.(pathname, {
      method: request.method ?? 'GET',
      query: request.query ?? '',
      body: request.body ?? '',
      host: request.host ?? externalHost,
    });

  const renderPage = (pathname: string, request: Partial<PageRequest> = {}): { status: number; html: string } => {
    const override = pageOverride(pathname, request);
    return override !== undefined ? { status: 200, html: override } : defaultPage(pathname, request.host, undefined, request.query);
  };

  // --- web session (session mode): pages, CSRF and the session-only error tracking endpoints ---------

  const SESSION_COOKIE = '_gitlab_session';
  /** Devise's answer to a non-navigational (JSON) request without a session. */
  const SIGN_IN_REQUIRED = { error: 'You need to sign in or sign up before continuing.' };
  const POLL = { 'Poll-Interval': '1000' };

  /** Rails' masked_authenticity_token: a one-time pad and the pad XOR the real token, Base64 (URL-safe). */
  const maskCsrf = (raw: Buffer): string => {
    const pad = randomBytes(32);
    const encrypted = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) encrypted[i] = (pad[i] as number) ^ (raw[i] as number);
    return Buffer.concat([pad, encrypted]).toString('base64url');
  };
  /** Rails' valid_authenticity_token?: a masked token (64 bytes) or the raw one (32 bytes). */
  const csrfMatches = (raw: Buffer, given: string | undefined): boolean => {
    if (!given) return false;
    const bytes = Buffer.from(given, 'base64');
    if (bytes.length === 32) return timingSafeEqual(bytes, raw);
    if (bytes.length !== 64) return false;
    const unmasked = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) unmasked[i] = (bytes[i] as number) ^ (bytes[i + 32] as number);
    return timingSafeEqual(unmasked, raw);
  };
  const cookieValue = (header: string | undefined, name: string): string | undefined => {
    for (const part of (header ?? '').split(/;\s*/)) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === name) {
        try {
          return decodeURIComponent(part.slice(eq + 1).trim());
        } catch {
          return part.slice(eq + 1).trim();
        }
      }
    }
    return undefined;
  };
  const sessionOf = (entry: LoggedRequest): Session | undefined => {
    const cookie = cookieValue(entry.headers.cookie, SESSION_COOKIE);
    return cookie === undefined ? undefined : sessionStore?.get(cookie);
  };

  interface WebRequest {
    entry: LoggedRequest;
    origin: string;
    session?: Session;
    user?: GitlabUser;
    /** Query and body (JSON or form) parameters; form keys stay literal (`issue[title]`). */
    params: Params;
  }

  const webJson = (status: number, body?: unknown, headers: Record<string, string> = {}): Reply => ({
    status,
    body,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'max-age=0, private, must-revalidate', ...headers },
  });
  const redirect = (location: string): Reply => ({
    status: 302,
    headers: { Location: location, 'Content-Type': 'text/html; charset=utf-8' },
    body: `<html><body>You are being <a href="${escapeHtml(location)}">redirected</a>.</body></html>`,
  });
  const signInRedirect = (w: WebRequest) => redirect(`${w.origin}/users/sign_in`);
  const notFoundPage = (): Reply => ({ status: 404, body: notFoundHtml(), headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  /** protect_from_forgery: the X-CSRF-Token header or the authenticity_token field must match the session. */
  const csrfOk = (w: WebRequest): boolean => {
    if (!w.session) return false;
    const field = typeof w.params.authenticity_token === 'string' ? w.params.authenticity_token : undefined;
    return csrfMatches(w.session.csrf, w.entry.headers['x-csrf-token']) || csrfMatches(w.session.csrf, field);
  };
  const INVALID_CSRF = () => webJson(422, { message: 'Invalid authenticity token' });

  const webParams = (entry: LoggedRequest): Params => {
    const params = formToObject(new URLSearchParams(entry.query));
    const type = (entry.headers['content-type'] ?? '').toLowerCase();
    if (!entry.body) return params;
    if (type.includes('application/json')) {
      try {
        const parsed: unknown = JSON.parse(entry.body);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
      } catch {
        throw new ApiError(400, { message: 'Invalid JSON' });
      }
    } else if (type.includes('application/x-www-form-urlencoded')) {
      Object.assign(params, formToObject(new URLSearchParams(entry.body)));
    }
    return params;
  };

  /** The JSON endpoints' common gate: a session, then read_sentry_issue (else 404, as GitLab hides the project). */
  const readableErrors = (w: WebRequest, project: GitlabProjectRecord | undefined): Reply | GitlabProjectRecord => {
    if (!w.user) return webJson(401, SIGN_IN_REQUIRED);
    if (!project || !canReadErrors(project, w.user)) return webJson(404, { message: '404 Not Found' });
    return project;
  };
  const takeWebWarmUp = (project: GitlabProjectRecord): boolean => {
    const warm = warmUpOf(project.id);
    if (warm.web <= 0) return false;
    warm.web--;
    return true;
  };
  const NOT_READY = (): Reply => ({ status: 204, headers: { ...POLL, 'Cache-Control': 'max-age=0, private, must-revalidate' } });

  /** GET /<project>/-/error_tracking.json?issue_status=&search_term=&sort=&cursor= (Projects::ErrorTrackingController#index). */
  const webListErrors = (w: WebRequest, found: GitlabProjectRecord | undefined): Reply => {
    const project = readableErrors(w, found);
    if (!('id' in project)) return project;
    const status = stringParam(w.params, 'issue_status') || 'unresolved';
    if (!trackingEnabled(project)) return webJson(400, { message: 'Error Tracking is not enabled' });
    if (!(ISSUE_STATUSES as string[]).includes(status)) return webJson(400, { message: 'Bad Request: Invalid issue_status' });
    const sort = stringParam(w.params, 'sort') || 'last_seen';
    if (!(ERROR_SORTS as readonly string[]).includes(sort)) return webJson(400, { message: 'Invalid value for sort param' });
    if (takeWebWarmUp(project)) return NOT_READY();
    const matching = searchErrors(
      errorsOf(project.id).filter((e) => e.status === status),
      stringParam(w.params, 'search_term'),
    );
    const { page, next, previous } = cursorPage(sortErrors(matching, sort), stringParam(w.params, 'cursor') || undefined, errorPageSize);
    const source = errorSource(project, w.origin);
    return webJson(
      200,
      {
        errors: page.map((e) => webErrorEntity(e, source)),
        pagination: { ...(next && { next: { cursor: next } }), ...(previous && { previous: { cursor: previous } }) },
        external_url: source.externalBaseUrl || null,
      },
      POLL,
    );
  };

  const errorOr404 = (project: GitlabProjectRecord, id: string): TrackedError | Reply =>
    errorsOf(project.id).find((e) => e.sentryId === id) ?? webJson(404, { message: 'Not Found' });

  /** What the details and stack-trace reads check, in order: readable, tracking on, warmed up, the error exists. */
  const readableError = (
    w: WebRequest,
    found: GitlabProjectRecord | undefined,
    id: string,
  ): { project: GitlabProjectRecord; e: TrackedError } | Reply => {
    const project = readableErrors(w, found);
    if (!('id' in project)) return project;
    if (!trackingEnabled(project)) return webJson(400, { message: 'Error Tracking is not enabled' });
    if (takeWebWarmUp(project)) return NOT_READY();
    const e = errorOr404(project, id);
    if (!('sentryId' in e)) return e;
    return { project, e };
  };

  /** GET …/-/error_tracking/<id>/details.json: `{error: DetailedErrorEntity}`. */
  const webErrorDetails = (w: WebRequest, found: GitlabProjectRecord | undefined, id: string): Reply => {
    const read = readableError(w, found, id);
    if ('status' in read) return read;
    const { project, e } = read;
    const d = detailedErrorOf(project, e, w.origin);
    const entity = {
      count: e.count,
      culprit: e.culprit,
      external_base_url: d.externalBaseUrl,
      external_url: d.externalUrl,
      first_release_last_commit: null,
      first_release_short_version: d.firstReleaseShortVersion,
      first_release_version: e.firstReleaseVersion,
      first_seen: e.firstSeen,
      frequency: e.frequency,
      gitlab_commit: d.gitlabCommit,
      gitlab_commit_path: d.gitlabCommitPath,
      gitlab_issue: d.gitlabIssuePath,
      id: e.sentryId,
      last_release_last_commit: null,
      last_release_short_version: d.lastReleaseShortVersion,
      last_release_version: e.lastReleaseVersion,
      last_seen: e.lastSeen,
      message: e.message,
      project_id: d.sentryProjectId,
      project_name: d.sentryProjectName,
      project_slug: d.sentryProjectSlug,
      short_id: e.shortId,
      status: e.status,
      tags: d.tags,
      title: e.title,
      type: e.type,
      user_count: e.userCount,
    };
    return webJson(200, { error: entity }, POLL);
  };

  /** GET …/-/error_tracking/<id>/stack_trace.json: the latest event's raw frames, context highlighted. */
  const webStackTrace = (w: WebRequest, found: GitlabProjectRecord | undefined, id: string): Reply => {
    const read = readableError(w, found, id);
    if ('status' in read) return read;
    const { e } = read;
    return webJson(
      200,
      { error: { issue_id: e.sentryId, date_received: e.dateReceived, stack_trace_entries: highlightedFrames(e) } },
      POLL,
    );
  };

  /**
   * PUT …/-/error_tracking/<id>.json `{status}`: update_sentry_issue (Developer+). Resolving closes the open
   * issue linked through sentry_issues and names it in closed_issue_iid.
   */
  const webUpdateError = (w: WebRequest, found: GitlabProjectRecord | undefined, id: string): Reply => {
    if (!w.user) return webJson(401, SIGN_IN_REQUIRED);
    if (!csrfOk(w)) return INVALID_CSRF();
    const project = readableErrors(w, found);
    if (!('id' in project)) return project;
    if (!canUpdateErrors(project, w.user)) return webJson(403, { message: '403 Forbidden' });
    if (!trackingEnabled(project)) return webJson(400, { message: 'Error Tracking is not enabled' });
    const e = errorOr404(project, id);
    if (!('sentryId' in e)) return e;
    const status = stringParam(w.params, 'status');
    if (!status || !(ISSUE_STATUSES as string[]).includes(status)) return webJson(400, { message: 'Sentry response status code: 400' });
    e.status = status as TrackedErrorStatus;
    let closedIid: number | null = null;
    const issue = status === 'resolved' ? linkedIssueOf(project, e.sentryId) : undefined;
    if (issue && issue.state === 'opened') {
      const now = nowIso();
      issue.state = 'closed';
      issue.closed_at = now;
      issue.closed_by = userBasic(w.user);
      issue.updated_at = now;
      project.last_activity_at = now;
      closedIid = issue.iid;
    }
    // expire_issues_cache: the next reads may find the cache cold again.
    const warm = warmUpOf(project.id);
    warm.graphql += warmUpAfterChange.graphql;
    warm.web += warmUpAfterChange.web;
    return webJson(200, { result: { updated: true, closed_issue_iid: closedIid } });
  };

  const newIssueForm = (w: WebRequest, project: GitlabProjectRecord, problems: string[]): Reply => ({
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: [
      '<!DOCTYPE html>',
      '<html class="gl-light" lang="en"><head><meta charset="utf-8"><title>New Issue · GitLab</title>',
      '<meta name="csrf-param" content="authenticity_token">',
      `<meta name="csrf-token" content="${escapeHtml(maskCsrf((w.session as Session).csrf))}">`,
      `</head><body data-page="projects:issues:new" data-project-full-path="${escapeHtml(project.path_with_namespace)}">`,
      `<div class="gl-alert gl-alert-danger" id="error_explanation"><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>`,
      `<form class="new_issue" action="/${escapeHtml(project.path_with_namespace)}/-/issues" method="post"></form>`,
      '</body></html>',
    ].join('\n'),
  });

  /**
   * POST /<project>/-/issues (the New issue form): creates the issue and, with
   * issue[sentry_issue_attributes][sentry_issue_identifier], its sentry_issues link (unique per project: a
   * second issue for the same error is created but not linked), then redirects to it.
   */
  const webCreateIssue = (w: WebRequest, project: GitlabProjectRecord | undefined): Reply => {
    if (!w.user) return signInRedirect(w);
    if (!csrfOk(w)) return INVALID_CSRF();
    if (!project || !canReadProject(project, w.user) || !canWriteIssues(project, w.user)) return notFoundPage();
    const title = stringParam(w.params, 'issue[title]') ?? '';
    const problems = [
      ...(!title.trim() ? ["Title can't be blank"] : []),
      ...(title.length > 255 ? ['Title is too long (maximum is 255 characters)'] : []),
    ];
    if (problems.length) return newIssueForm(w, project, problems);
    const issue = addIssue(project.id, {
      title,
      description: stringParam(w.params, 'issue[description]') ?? null,
      confidential: boolParam(w.params, 'issue[confidential]') ?? false,
      author: w.user.username,
    });
    project.last_activity_at = issue.created_at;
    const identifier = stringParam(w.params, 'issue[sentry_issue_attributes][sentry_issue_identifier]')?.trim();
    const links = sentryIssuesOf(project.id);
    if (identifier && !links.some((l) => l.sentryIssueIdentifier === identifier)) {
      links.push({ sentryIssueIdentifier: identifier, issueId: issue.id, issueIid: issue.iid });
    }
    return redirect(`${w.origin}/${project.path_with_namespace}/-/issues/${issue.iid}`);
  };

  const WEB_ROUTES: Array<{
    method: string;
    pattern: RegExp;
    run(w: WebRequest, project: GitlabProjectRecord | undefined, id: string): Reply;
  }> = [
    { method: 'GET', pattern: /^error_tracking\.json$/, run: webListErrors },
    { method: 'GET', pattern: /^error_tracking\/(\d+)\/details\.json$/, run: webErrorDetails },
    { method: 'GET', pattern: /^error_tracking\/(\d+)\/stack_trace\.json$/, run: webStackTrace },
    { method: 'PUT', pattern: /^error_tracking\/(\d+)\.json$/, run: webUpdateError },
    { method: 'POST', pattern: /^issues$/, run: webCreateIssue },
  ];

  /** Session mode: the session-only endpoints, then pages as the session's user sees them. */
  const handleSessionRequest = (entry: LoggedRequest, pathname: string, host: string): Reply => {
    const session = sessionOf(entry);
    const user = session ? userFor(data, session.username) : undefined;
    if (user) entry.sessionUser = user.username;
    const w: WebRequest = { entry, origin: originFor(entry.host || host), session, user, params: {} };
    const method = entry.method === 'HEAD' ? 'GET' : entry.method;
    let clean: string;
    try {
      clean = decodeURIComponent(pathname).replace(/\/+$/, '');
    } catch {
      return notFoundPage();
    }
    const [projectPart = '', rest] = clean.split('/-/', 2) as [string, string | undefined];
    const project = findProject(projectPart.replace(/^\/+/, ''));
    for (const route of rest === undefined ? [] : WEB_ROUTES) {
      const m = route.pattern.exec(rest as string);
      if (!m) continue;
      if (route.method !== method) return rest!.endsWith('.json') ? webJson(404, { message: '404 Not Found' }) : notFoundPage();
      try {
        w.params = webParams(entry);
        return route.run(w, project, m[1] ?? '');
      } catch (error) {
        if (error instanceof ApiError) return webJson(error.status, error.body);
        throw error;
      }
    }
    if (method !== 'GET') return notFoundPage();
    // Pages: signed out, GitLab sends anyone to sign in for what only members may see (and for `/`).
    const viewer: Viewer = { user, csrfToken: maskCsrf(session?.csrf ?? anonymousCsrf) };
    if (clean !== '/users/sign_in') {
      const where = clean === '' ? undefined : classifyProjectPath(clean);
      const target = where && findProject(where.fullPath);
      const visible = clean === '' ? Boolean(user) : Boolean(target && canReadProject(target, user));
      if (!visible) return user ? notFoundPage() : signInRedirect(w);
    }
    const page = defaultPage(pathname, host, viewer, entry.query);
    return { status: page.status, body: page.html, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
  };

  /** Non-API requests: the `pages` override for any method, else the built-in page for GET/HEAD, else 404. */
  const handlePageRequest = (entry: LoggedRequest, pathname: string): Reply => {
    const host = entry.host.replace(/:\d+$/, '').toLowerCase() || externalHost;
    const request = { method: entry.method, query: entry.query, body: entry.body, host };
    const override = pageOverride(pathname, request);
    if (override === undefined && sessionStore) return handleSessionRequest(entry, pathname, host);
    const page =
      override !== undefined
        ? { status: 200, html: override }
        : entry.method === 'GET' || entry.method === 'HEAD'
          ? defaultPage(pathname, host, undefined, entry.query)
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
    const origin = req.headers.origin;
    const { host, url, rawBody, entry } = await readRequest<Pick<LoggedRequest, 'origin'>>(
      req,
      'gitlab.com',
      origin !== undefined ? { origin } : {},
    );
    requests.push(entry);
    await controls.delay();
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

  const server = await startHttpsServer(onRequest, (res, error) =>
    send(res, json(500, { message: `500 Internal Server Error (${String(error)})` }), true, undefined),
  );

  return {
    ...server,
    csrfToken,
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
    mergeRequests: (ref) => mergeRequestsOf(projectOrThrow(ref).id),
    addMergeRequest,
    addCommit: (ref, commit) => {
      const built = buildCommit(commit);
      commitsOf(projectOrThrow(ref).id).push(built);
      return built;
    },
    repositoryFiles: (ref) => filesOf(projectOrThrow(ref).id),
    failNext: controls.failNext,
    setLatencyMs: controls.setLatencyMs,
    setRateLimit: controls.setRateLimit,
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
    trackedErrors: (ref) => errorsOf(projectOrThrow(ref).id),
    trackedError: (ref, sentryId) => errorsOf(projectOrThrow(ref).id).find((e) => e.sentryId === String(sentryId)),
    addTrackedError,
    setTrackedErrors: (ref, inputs) => {
      const project = projectOrThrow(ref);
      errorsOf(project.id).splice(0);
      for (const input of inputs) addTrackedError(project.id, input);
    },
    warmUp: (ref, counts) => {
      const warm = warmUpOf(projectOrThrow(ref).id);
      if (counts.graphql !== undefined) warm.graphql = counts.graphql;
      if (counts.web !== undefined) warm.web = counts.web;
    },
    warmUpLeft: (ref) => ({ ...warmUpOf(projectOrThrow(ref).id) }),
    setWarmUpAfterChange: (counts) => {
      warmUpAfterChange = { graphql: counts.graphql ?? 0, web: counts.web ?? 0 };
    },
    sentryIssueLinks: (ref) => sentryIssuesOf(projectOrThrow(ref).id),
    signIn: (username) => {
      if (!sessionStore) throw new Error('GitLab stand-in: start it with `sessions` (e.g. {}) to use web sessions');
      userFor(data, username);
      const cookie = randomBytes(16).toString('hex');
      sessionStore.set(cookie, newSession(username));
      return cookie;
    },
    signOut: (cookie) => {
      sessionStore?.delete(cookie);
    },
    csrfTokenFor: (cookie) => {
      const session = sessionStore?.get(cookie);
      if (!session) throw new Error(`GitLab stand-in: no session ${cookie}`);
      return maskCsrf(session.csrf);
    },
  };
}
