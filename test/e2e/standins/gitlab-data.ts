// Data model, default data set, entity serializers, search/pagination, permissions (a reduced
// ProjectPolicy), Grape-style parameter validation and HTML pages of the GitLab stand-in. Shapes follow
// GitLab's API entities (lib/api/entities/*.rb) as of GitLab 17/18; shared/notes/gitlab-error-tracking.md §1
// for the error tracking settings and client keys.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TrackedErrorInput } from './gitlab-errors';

export type JsonObject = Record<string, unknown>;

/** Gitlab::Access levels. Planner exists since 17.7. */
export const ACCESS_LEVEL = {
  NO_ACCESS: 0,
  MINIMAL_ACCESS: 5,
  GUEST: 10,
  PLANNER: 15,
  REPORTER: 20,
  DEVELOPER: 30,
  MAINTAINER: 40,
  OWNER: 50,
} as const;

export type Visibility = 'private' | 'internal' | 'public';
/** ProjectFeature access levels as the API names them. */
export type FeatureAccess = 'enabled' | 'private' | 'disabled';

export interface TokenConfig {
  username: string;
  scopes: string[];
  expired?: boolean;
  revoked?: boolean;
  /** The token's name as shown by /personal_access_tokens/self. Default: `e2e-<username>`. */
  name?: string;
  /** `YYYY-MM-DD` or null. Default: a date in the past when expired, else about a year ahead. */
  expiresAt?: string | null;
}

export const DEFAULT_TOKENS: Readonly<Record<string, TokenConfig>> = {
  'glpat-good': { username: 'alice', scopes: ['api'] },
  'glpat-readonly': { username: 'bob', scopes: ['read_api'] },
  'glpat-expired': { username: 'alice', scopes: ['api'], expired: true },
  'glpat-revoked': { username: 'alice', scopes: ['api'], revoked: true },
};

export interface GitlabUser {
  id: number;
  username: string;
  name: string;
  state: string;
  locked: boolean;
  avatar_url: string;
  web_url: string;
  [field: string]: unknown;
}

export interface GitlabNamespace {
  id: number;
  name: string;
  path: string;
  kind: 'group' | 'user';
  full_path: string;
  parent_id: number | null;
  avatar_url: string | null;
  web_url: string;
}

/** A project as the stand-in stores it; the API entities are built from it. Mutate freely. */
export interface GitlabProjectRecord {
  id: number;
  name: string;
  path: string;
  path_with_namespace: string;
  description: string | null;
  visibility: Visibility;
  issues_access_level: FeatureAccess;
  repository_access_level: FeatureAccess;
  archived: boolean;
  default_branch: string;
  created_at: string;
  last_activity_at: string;
  namespace: GitlabNamespace;
  /** username → access level (ACCESS_LEVEL). Users not listed are not members. */
  members: Record<string, number>;
}

export interface ErrorTrackingSettings {
  active: boolean;
  project_name: string | null;
  sentry_external_url: string | null;
  api_url: string | null;
  integrated: boolean;
}

export interface ClientKey {
  id: number;
  active: boolean;
  public_key: string;
  sentry_dsn: string;
}

export interface GitlabCommitRecord {
  id: string;
  title: string;
  message: string;
  author_name: string;
  author_email: string;
  /** Commit time, `2025-02-03T14:30:00.000+00:00` like Gitaly reports it. */
  created_at: string;
  parent_ids: string[];
}

/** The fields the stand-in reads or maintains; every other entity field rides along untyped. */
export interface GitlabIssueFields {
  id: number;
  iid: number;
  project_id: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed';
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: JsonObject | null;
  labels: string[];
  author: JsonObject;
  confidential: boolean;
  web_url: string;
  references: { short: string; relative: string; full: string };
}

export interface GitlabIssue extends GitlabIssueFields {
  [field: string]: unknown;
}

export interface GitlabNote {
  id: number;
  body: string;
  author: JsonObject;
  created_at: string;
  updated_at: string;
  system: boolean;
  noteable_id: number;
  noteable_type: 'Issue';
  noteable_iid: number;
  project_id: number;
  [field: string]: unknown;
}

/** What a test may pass for a project; everything but id and full path has a default. */
export type ProjectInput = Partial<Omit<GitlabProjectRecord, 'namespace'>> & {
  id: number;
  path_with_namespace: string;
  /** Error tracking settings (partial: the rest is derived from api_url); null or absent = never saved. */
  errorTracking?: Partial<ErrorTrackingSettings> | null;
  commits?: Array<Partial<GitlabCommitRecord> & { id: string }>;
  /** The repository's file paths: the same at the default branch and at every commit (a stand-in's simplification). */
  files?: string[];
  /** The errors its Error Tracking shows (GraphQL sentryErrors, the web endpoints). Default: none. */
  errors?: TrackedErrorInput[];
};

/** What a test may pass for an issue; `author` is a username. */
export type IssueInput = Partial<Omit<GitlabIssueFields, 'author' | 'project_id' | 'web_url' | 'references'>> & {
  author?: string;
  [field: string]: unknown;
};

// ---------------------------------------------------------------------------------------------
// Default data set

/** Deterministic SHAs of the default commits (sha1 of "<project>: <title>"). */
export const COMMITS = {
  appInitial: 'f3c795ea2de5954a0b0f04d7e632335ded8d594b',
  appFix: 'cba78319f0cbb929de782eb3d50dd44ec40253c1',
  otherInitial: 'c5a56ed4c9add7d0ec1f4ada13465141c24d3fe0',
} as const;

export const PROJECT_IDS = { app: 101, other: 102, noIssues: 103, hidden: 104 } as const;

const KNOWN_USERS: Record<string, { id: number; name: string }> = {
  alice: { id: 4101, name: 'Alice Example' },
  bob: { id: 4102, name: 'Bob Example' },
  carol: { id: 4103, name: 'Carol Example' },
};

const KNOWN_NAMESPACES: Record<string, number> = { group: 11, secret: 12 };

export const DEFAULT_ERROR_TRACKING: ErrorTrackingSettings = {
  active: true,
  project_name: 'prime-mover',
  sentry_external_url: 'https://sentry.io/the-interstellar-jurisdiction/prime-mover',
  api_url: 'https://sentry.io/api/0/projects/the-interstellar-jurisdiction/prime-mover',
  integrated: false,
};

export function defaultProjectInputs(): ProjectInput[] {
  return [
    {
      id: PROJECT_IDS.app,
      path_with_namespace: 'group/app',
      members: { alice: ACCESS_LEVEL.DEVELOPER, bob: ACCESS_LEVEL.DEVELOPER, carol: ACCESS_LEVEL.MAINTAINER },
      errorTracking: { ...DEFAULT_ERROR_TRACKING },
      created_at: '2024-03-01T10:00:00.000Z',
      last_activity_at: '2025-02-03T14:30:00.000Z',
      files: ['README.md', 'Gemfile', 'app/models/user.rb', 'app/controllers/users_controller.rb', 'config/routes.rb'],
      commits: [
        {
          id: COMMITS.appInitial,
          title: 'Initial commit',
          message: 'Initial commit\n',
          created_at: '2025-01-10T09:00:00.000+00:00',
          parent_ids: [],
        },
        {
          id: COMMITS.appFix,
          title: 'Fix crash when the Sentry token is missing',
          message: 'Fix crash when the Sentry token is missing\n\nThe poller read the token before it was stored.\n',
          created_at: '2025-02-03T14:30:00.000+00:00',
          parent_ids: [COMMITS.appInitial],
        },
      ],
    },
    {
      id: PROJECT_IDS.other,
      path_with_namespace: 'group/other',
      members: { alice: ACCESS_LEVEL.MAINTAINER },
      created_at: '2024-05-12T08:00:00.000Z',
      last_activity_at: '2025-01-20T12:00:00.000Z',
      commits: [
        { id: COMMITS.otherInitial, title: 'Initial commit', message: 'Initial commit\n', created_at: '2024-05-12T08:05:00.000+00:00' },
      ],
    },
    {
      id: PROJECT_IDS.noIssues,
      path_with_namespace: 'group/no-issues',
      name: 'No Issues',
      issues_access_level: 'disabled',
      members: { alice: ACCESS_LEVEL.DEVELOPER },
      created_at: '2024-06-01T08:00:00.000Z',
      last_activity_at: '2024-12-01T12:00:00.000Z',
    },
    {
      id: PROJECT_IDS.hidden,
      path_with_namespace: 'secret/hidden',
      members: { carol: ACCESS_LEVEL.OWNER },
      created_at: '2024-07-01T08:00:00.000Z',
      last_activity_at: '2024-11-01T12:00:00.000Z',
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Builders

export interface DataContext {
  /** `https://gitlab.com`: what web_url, _links and DSNs are built from. */
  externalUrl: string;
  users: Map<string, GitlabUser>;
  namespaces: Map<string, GitlabNamespace>;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** `no-issues` → `No Issues`. */
const titleCase = (path: string) =>
  path
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

export function userFor(ctx: DataContext, username: string): GitlabUser {
  const existing = ctx.users.get(username);
  if (existing) return existing;
  const known = KNOWN_USERS[username];
  const id = known?.id ?? 4100 + ctx.users.size + 10;
  const user: GitlabUser = {
    id,
    username,
    name: known?.name ?? titleCase(username),
    state: 'active',
    locked: false,
    avatar_url: `https://secure.gravatar.com/avatar/${md5(`${username}@example.com`)}?s=80&d=identicon`,
    web_url: `${ctx.externalUrl}/${username}`,
  };
  ctx.users.set(username, user);
  return user;
}

/** API::Entities::UserBasic. */
export const userBasic = (user: GitlabUser): JsonObject => ({
  id: user.id,
  username: user.username,
  name: user.name,
  state: user.state,
  locked: user.locked,
  avatar_url: user.avatar_url,
  web_url: user.web_url,
});

/** The `GET /user` entity (UserPublic) for the token's own user. */
export const currentUserEntity = (user: GitlabUser): JsonObject => ({
  ...userBasic(user),
  created_at: '2020-01-15T09:00:00.000Z',
  bio: '',
  location: '',
  public_email: null,
  linkedin: '',
  twitter: '',
  discord: '',
  website_url: '',
  organization: '',
  job_title: '',
  pronouns: null,
  bot: false,
  work_information: null,
  local_time: null,
  last_sign_in_at: '2025-02-01T08:00:00.000Z',
  confirmed_at: '2020-01-15T09:05:00.000Z',
  last_activity_on: new Date().toISOString().slice(0, 10),
  email: `${user.username}@example.com`,
  theme_id: 3,
  color_scheme_id: 1,
  projects_limit: 100000,
  current_sign_in_at: '2025-02-01T08:00:00.000Z',
  identities: [],
  can_create_group: true,
  can_create_project: true,
  two_factor_enabled: true,
  external: false,
  private_profile: false,
  commit_email: `${user.username}@example.com`,
});

function namespaceFor(ctx: DataContext, fullPath: string): GitlabNamespace {
  const existing = ctx.namespaces.get(fullPath);
  if (existing) return existing;
  const segments = fullPath.split('/');
  const path = segments.at(-1) ?? fullPath;
  const parent = segments.length > 1 ? namespaceFor(ctx, segments.slice(0, -1).join('/')) : undefined;
  const namespace: GitlabNamespace = {
    id: KNOWN_NAMESPACES[fullPath] ?? 20 + ctx.namespaces.size,
    name: titleCase(path),
    path,
    kind: 'group',
    full_path: fullPath,
    parent_id: parent?.id ?? null,
    avatar_url: null,
    web_url: `${ctx.externalUrl}/groups/${fullPath}`,
  };
  ctx.namespaces.set(fullPath, namespace);
  return namespace;
}

const namespaceFullName = (ctx: DataContext, namespace: GitlabNamespace): string =>
  namespace.full_path
    .split('/')
    .map((_, i, all) => namespaceFor(ctx, all.slice(0, i + 1).join('/')).name)
    .join(' / ');

export function buildProject(ctx: DataContext, input: ProjectInput): GitlabProjectRecord {
  const fullPath = input.path_with_namespace.replace(/^\/+|\/+$/g, '');
  const slash = fullPath.lastIndexOf('/');
  if (slash < 1) throw new Error(`project path must include a namespace: ${fullPath}`);
  const path = fullPath.slice(slash + 1);
  const created = input.created_at ?? '2024-01-01T00:00:00.000Z';
  for (const username of Object.keys(input.members ?? {})) userFor(ctx, username);
  return {
    id: input.id,
    name: input.name ?? titleCase(path),
    path,
    path_with_namespace: fullPath,
    description: input.description ?? null,
    visibility: input.visibility ?? 'private',
    issues_access_level: input.issues_access_level ?? 'enabled',
    repository_access_level: input.repository_access_level ?? 'enabled',
    archived: input.archived ?? false,
    default_branch: input.default_branch ?? 'main',
    created_at: created,
    last_activity_at: input.last_activity_at ?? created,
    namespace: namespaceFor(ctx, fullPath.slice(0, slash)),
    members: { ...(input.members ?? {}) },
  };
}

export const projectNameWithNamespace = (ctx: DataContext, project: GitlabProjectRecord) =>
  `${namespaceFullName(ctx, project.namespace)} / ${project.name}`;

/** API::Entities::BasicProjectDetails: what `simple=true` lists return. */
export function simpleProjectEntity(ctx: DataContext, project: GitlabProjectRecord): JsonObject {
  const webUrl = `${ctx.externalUrl}/${project.path_with_namespace}`;
  const host = new URL(ctx.externalUrl).host;
  return {
    id: project.id,
    description: project.description,
    name: project.name,
    name_with_namespace: projectNameWithNamespace(ctx, project),
    path: project.path,
    path_with_namespace: project.path_with_namespace,
    created_at: project.created_at,
    default_branch: project.default_branch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@${host}:${project.path_with_namespace}.git`,
    http_url_to_repo: `${webUrl}.git`,
    web_url: webUrl,
    readme_url: `${webUrl}/-/blob/${project.default_branch}/README.md`,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: project.last_activity_at,
    visibility: project.visibility,
    namespace: { ...project.namespace },
  };
}

/** The member with the highest role stands in for the creator. */
function creatorId(ctx: DataContext, project: GitlabProjectRecord): number | null {
  const [top] = Object.entries(project.members).sort((a, b) => b[1] - a[1]);
  return top ? userFor(ctx, top[0]).id : null;
}

/** API::Entities::ProjectWithAccess (the full entity plus the caller's permissions). */
export function projectEntity(
  ctx: DataContext,
  project: GitlabProjectRecord,
  extra: { accessLevel: number; openIssuesCount?: number; withPermissions: boolean },
): JsonObject {
  const api = `${ctx.externalUrl}/api/v4/projects/${project.id}`;
  const issuesEnabled = project.issues_access_level !== 'disabled';
  return {
    ...simpleProjectEntity(ctx, project),
    container_registry_image_prefix: `registry.${new URL(ctx.externalUrl).host}/${project.path_with_namespace}`,
    _links: {
      self: api,
      issues: `${api}/issues`,
      merge_requests: `${api}/merge_requests`,
      repo_branches: `${api}/repository/branches`,
      labels: `${api}/labels`,
      events: `${api}/events`,
      members: `${api}/members`,
      cluster_agents: `${api}/cluster_agents`,
    },
    packages_enabled: true,
    empty_repo: false,
    archived: project.archived,
    resolve_outdated_diff_discussions: false,
    container_registry_enabled: true,
    issues_enabled: issuesEnabled,
    merge_requests_enabled: true,
    wiki_enabled: true,
    jobs_enabled: true,
    snippets_enabled: true,
    service_desk_enabled: false,
    can_create_merge_request_in: extra.accessLevel >= ACCESS_LEVEL.DEVELOPER,
    issues_access_level: project.issues_access_level,
    repository_access_level: project.repository_access_level,
    merge_requests_access_level: 'enabled',
    forking_access_level: 'enabled',
    wiki_access_level: 'enabled',
    builds_access_level: 'enabled',
    snippets_access_level: 'enabled',
    pages_access_level: 'private',
    analytics_access_level: 'enabled',
    container_registry_access_level: 'enabled',
    security_and_compliance_access_level: 'private',
    releases_access_level: 'enabled',
    environments_access_level: 'enabled',
    feature_flags_access_level: 'enabled',
    infrastructure_access_level: 'enabled',
    monitor_access_level: 'enabled',
    model_experiments_access_level: 'enabled',
    model_registry_access_level: 'enabled',
    emails_disabled: false,
    emails_enabled: true,
    shared_runners_enabled: true,
    lfs_enabled: true,
    creator_id: creatorId(ctx, project),
    import_status: 'none',
    ...(issuesEnabled && extra.openIssuesCount !== undefined ? { open_issues_count: extra.openIssuesCount } : {}),
    description_html: '',
    updated_at: project.last_activity_at,
    ci_config_path: null,
    public_jobs: true,
    shared_with_groups: [],
    only_allow_merge_if_pipeline_succeeds: false,
    request_access_enabled: true,
    only_allow_merge_if_all_discussions_are_resolved: false,
    remove_source_branch_after_merge: true,
    printing_merge_request_link_enabled: true,
    merge_method: 'merge',
    squash_option: 'default_off',
    auto_devops_enabled: false,
    keep_latest_artifact: true,
    ...(extra.withPermissions && {
      permissions: {
        project_access: extra.accessLevel > 0 ? { access_level: extra.accessLevel, notification_level: 3 } : null,
        group_access: null,
      },
    }),
  };
}

export function buildSettings(input: Partial<ErrorTrackingSettings>): ErrorTrackingSettings {
  const apiUrl = input.api_url ?? null;
  return {
    active: input.active ?? true,
    project_name: input.project_name ?? (apiUrl ? (apiUrl.replace(/\/+$/, '').split('/').at(-1) ?? null) : null),
    // ProjectErrorTrackingSetting.extract_sentry_external_url: api_url without `api/0/projects/`.
    sentry_external_url: input.sentry_external_url ?? (apiUrl ? apiUrl.replace('api/0/projects/', '').replace(/\/+$/, '') : null),
    api_url: apiUrl,
    integrated: input.integrated ?? false,
  };
}

export function buildClientKey(ctx: DataContext, projectId: number, id: number): ClientKey {
  const publicKey = `glet_${md5(`client-key:${projectId}:${id}`)}`;
  const url = new URL(ctx.externalUrl);
  return {
    id,
    active: true,
    public_key: publicKey,
    sentry_dsn: `${url.protocol}//${publicKey}@${url.host}/api/v4/error_tracking/collector/${projectId}`,
  };
}

export function buildCommit(input: Partial<GitlabCommitRecord> & { id: string }): GitlabCommitRecord {
  const id = input.id.toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(id)) throw new Error(`commit id must be 40 hex characters: ${input.id}`);
  const title = input.title ?? input.message?.split('\n')[0] ?? 'Update';
  return {
    id,
    title,
    message: input.message ?? `${title}\n`,
    author_name: input.author_name ?? 'Alice Example',
    author_email: input.author_email ?? 'alice@example.com',
    created_at: input.created_at ?? '2025-01-01T00:00:00.000+00:00',
    parent_ids: input.parent_ids ?? [],
  };
}

/** API::Entities::CommitDetail. */
export function commitEntity(ctx: DataContext, project: GitlabProjectRecord, commit: GitlabCommitRecord): JsonObject {
  return {
    id: commit.id,
    short_id: commit.id.slice(0, 8),
    created_at: commit.created_at,
    parent_ids: commit.parent_ids,
    title: commit.title,
    message: commit.message,
    author_name: commit.author_name,
    author_email: commit.author_email,
    authored_date: commit.created_at,
    committer_name: commit.author_name,
    committer_email: commit.author_email,
    committed_date: commit.created_at,
    trailers: {},
    extended_trailers: {},
    web_url: `${ctx.externalUrl}/${project.path_with_namespace}/-/commit/${commit.id}`,
    stats: { additions: 12, deletions: 3, total: 15 },
    status: null,
    project_id: project.id,
    last_pipeline: null,
  };
}

export function buildIssue(
  ctx: DataContext,
  project: GitlabProjectRecord,
  input: IssueInput,
  ids: { id: number; iid: number; now: string },
): GitlabIssue {
  const { author: authorName, ...rest } = input;
  const author = userBasic(userFor(ctx, authorName ?? 'alice'));
  const iid = input.iid ?? ids.iid;
  const created = input.created_at ?? ids.now;
  const state = input.state ?? 'opened';
  return {
    ...rest,
    id: input.id ?? ids.id,
    iid,
    project_id: project.id,
    title: input.title ?? `Issue ${iid}`,
    description: input.description ?? null,
    state,
    created_at: created,
    updated_at: input.updated_at ?? created,
    closed_at: state === 'closed' ? (input.closed_at ?? input.updated_at ?? created) : null,
    closed_by: state === 'closed' ? (input.closed_by ?? author) : null,
    labels: input.labels ?? [],
    author,
    confidential: input.confidential ?? false,
    web_url: `${ctx.externalUrl}/${project.path_with_namespace}/-/issues/${iid}`,
    references: { short: `#${iid}`, relative: `#${iid}`, full: `${project.path_with_namespace}#${iid}` },
  };
}

/** API::Entities::Issue, from the stored issue plus what is derived at read time. */
export function issueEntity(ctx: DataContext, issue: GitlabIssue, userNotesCount: number, subscribed?: boolean): JsonObject {
  const api = `${ctx.externalUrl}/api/v4/projects/${issue.project_id}`;
  return {
    milestone: null,
    assignees: [],
    assignee: null,
    type: 'ISSUE',
    upvotes: 0,
    downvotes: 0,
    merge_requests_count: 0,
    due_date: null,
    discussion_locked: null,
    issue_type: 'issue',
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    task_completion_status: { count: 0, completed_count: 0 },
    weight: null,
    blocking_issues_count: 0,
    has_tasks: false,
    severity: 'UNKNOWN',
    moved_to_id: null,
    imported: false,
    imported_from: 'none',
    service_desk_reply_to: null,
    health_status: null,
    ...issue,
    user_notes_count: userNotesCount,
    _links: {
      self: `${api}/issues/${issue.iid}`,
      notes: `${api}/issues/${issue.iid}/notes`,
      award_emoji: `${api}/issues/${issue.iid}/award_emoji`,
      project: api,
      closed_as_duplicate_of: null,
    },
    ...(subscribed !== undefined && { subscribed }),
  };
}

// ---------------------------------------------------------------------------------------------
// Search and pagination

/**
 * Gitlab::SQL::Pattern#fuzzy_search over `columns`: the query is split into words (a "quoted phrase" is one
 * word); words of 3+ characters must all occur (ILIKE %word%) in the same column. With no such word the
 * whole query must equal a column exactly.
 */
export function fuzzyMatches(query: string, columns: Array<string | null | undefined>): boolean {
  const squished = query.trim().replace(/\s+/g, ' ');
  if (!squished) return true;
  const phrases: string[] = [];
  const rest = squished.replace(/(?<=^| )"([^"]+)"(?= |$)/g, (_, phrase: string) => {
    phrases.push(phrase);
    return '';
  });
  const words = [...rest.split(' ').filter(Boolean), ...phrases].filter((w) => w.length >= 3).map((w) => w.toLowerCase());
  return columns.some((column) => {
    if (column == null) return false;
    if (!words.length) return column === squished;
    const lower = column.toLowerCase();
    return words.every((w) => lower.includes(w));
  });
}

const MAX_PER_PAGE = 100;

/** Offset pagination with GitLab's X-* headers and Link (prev, next, first, last). */
export function paginate<T>(items: T[], query: URLSearchParams, requestOrigin: string, pathname: string) {
  const perPageRaw = Number.parseInt(query.get('per_page') ?? '', 10);
  const perPage = Number.isFinite(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, MAX_PER_PAGE) : 20;
  const pageRaw = Number.parseInt(query.get('page') ?? '', 10);
  const page = Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const next = page < totalPages ? page + 1 : undefined;
  const prev = page > 1 ? Math.min(page - 1, totalPages) : undefined;
  const href = (p: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(p));
    q.set('per_page', String(perPage));
    return `${requestOrigin}${pathname}?${q}`;
  };
  const links = [
    ...(prev !== undefined ? [`<${href(prev)}>; rel="prev"`] : []),
    ...(next !== undefined ? [`<${href(next)}>; rel="next"`] : []),
    `<${href(1)}>; rel="first"`,
    `<${href(totalPages)}>; rel="last"`,
  ];
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: {
      'X-Page': String(page),
      'X-Per-Page': String(perPage),
      'X-Next-Page': next === undefined ? '' : String(next),
      'X-Prev-Page': prev === undefined ? '' : String(prev),
      'X-Total': String(total),
      'X-Total-Pages': String(totalPages),
      Link: links.join(', '),
    } as Record<string, string>,
  };
}

// ---------------------------------------------------------------------------------------------
// Permissions: a reduced ProjectPolicy

export const memberLevel = (p: GitlabProjectRecord, user?: GitlabUser) => (user ? (p.members[user.username] ?? 0) : 0);
export const canReadProject = (p: GitlabProjectRecord, user?: GitlabUser) =>
  memberLevel(p, user) >= ACCESS_LEVEL.GUEST || p.visibility === 'public' || (p.visibility === 'internal' && !!user);
/** Members' level; signed-in non-members of public/internal projects act as Guests. */
export const effectiveLevel = (p: GitlabProjectRecord, user?: GitlabUser) => {
  const level = memberLevel(p, user);
  if (level >= ACCESS_LEVEL.GUEST) return level;
  return user && canReadProject(p, user) ? ACCESS_LEVEL.GUEST : 0;
};
const canReadIssues = (p: GitlabProjectRecord, user?: GitlabUser) => {
  if (p.issues_access_level === 'disabled') return false;
  if (p.issues_access_level === 'private') return memberLevel(p, user) >= ACCESS_LEVEL.GUEST;
  return canReadProject(p, user);
};
export const canSeeIssue = (p: GitlabProjectRecord, issue: GitlabIssue, user?: GitlabUser) =>
  canReadIssues(p, user) &&
  (!issue.confidential || memberLevel(p, user) >= ACCESS_LEVEL.PLANNER || (!!user && issue.author.username === user.username));
export const canWriteIssues = (p: GitlabProjectRecord, user?: GitlabUser) =>
  !!user && !p.archived && canReadIssues(p, user) && effectiveLevel(p, user) >= ACCESS_LEVEL.GUEST;
export const canUpdateIssue = (p: GitlabProjectRecord, issue: GitlabIssue, user?: GitlabUser) =>
  canWriteIssues(p, user) && (effectiveLevel(p, user) >= ACCESS_LEVEL.PLANNER || issue.author.username === user?.username);
export const canReadCode = (p: GitlabProjectRecord, user?: GitlabUser) => {
  if (p.repository_access_level === 'disabled') return false;
  if (p.visibility === 'private' || p.repository_access_level === 'private') return memberLevel(p, user) >= ACCESS_LEVEL.REPORTER;
  return canReadProject(p, user);
};
export const canAdminOperations = (p: GitlabProjectRecord, user?: GitlabUser) => memberLevel(p, user) >= ACCESS_LEVEL.MAINTAINER;

// ---------------------------------------------------------------------------------------------
// Sorting

export const sortProjects = (list: GitlabProjectRecord[], orderBy: string, sort: string, search: string | undefined) => {
  const key = (p: GitlabProjectRecord): string | number => {
    switch (orderBy) {
      case 'name':
        return p.name.toLowerCase();
      case 'path':
        return p.path.toLowerCase();
      case 'created_at':
        return p.created_at;
      case 'updated_at':
      case 'last_activity_at':
        return p.last_activity_at;
      case 'similarity': {
        const s = (search ?? '').toLowerCase();
        return p.path.toLowerCase() === s || p.name.toLowerCase() === s ? 2 : p.path_with_namespace.toLowerCase().includes(s) ? 1 : 0;
      }
      default:
        return p.id;
    }
  };
  const dir = sort === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : 0) * dir || b.id - a.id;
  });
};

export const sortIssues = (list: GitlabIssue[], orderBy: string, sort: string) => {
  const key = (i: GitlabIssue): string | number =>
    orderBy === 'updated_at' ? i.updated_at : orderBy === 'title' ? i.title.toLowerCase() : orderBy === 'created_at' ? i.created_at : i.id;
  const dir = sort === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : 0) * dir || (b.id - a.id) * dir;
  });
};

// ---------------------------------------------------------------------------------------------
// Request parameters, coerced and validated like Grape

export type Params = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

/** A Grape parameter validation failure: 400 `{"error": "..."}`. */
export const invalid = (message: string) => new ApiError(400, { error: message });

/** `a=1&b[]=2&b[]=3` → { a: '1', b: ['2', '3'] }. */
export function formToObject(form: URLSearchParams): Params {
  const out: Params = {};
  for (const [key, value] of form) {
    if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      const list = Array.isArray(out[name]) ? (out[name] as unknown[]) : [];
      out[name] = [...list, value];
    } else out[key] = value;
  }
  return out;
}

export function parseParams(req: IncomingMessage, url: URL, rawBody: string): Params {
  const params = formToObject(url.searchParams);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!rawBody) return params;
  if (type.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      throw new ApiError(400, { error: 'message body does not match declared format' });
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
  } else if (type.includes('application/x-www-form-urlencoded')) {
    Object.assign(params, formToObject(new URLSearchParams(rawBody)));
  }
  return params;
}

// Grape's parameter coercion: failures are `<name> is invalid`.
const TRUE_WORDS = ['true', '1', 't', 'yes', 'y', 'on'];
const FALSE_WORDS = ['false', '0', 'f', 'no', 'n', 'off'];

export function boolParam(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const word = String(value).toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  throw invalid(`${name} is invalid`);
}

export function intParam(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n)) throw invalid(`${name} is invalid`);
  return n;
}

export function stringParam(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(`${name} is invalid`);
}

export function enumParam(params: Params, name: string, values: string[], fallback: string): string {
  const value = stringParam(params, name);
  if (value === undefined) return fallback;
  if (!values.includes(value)) throw invalid(`${name} does not have a valid value`);
  return value;
}

/** `labels` as a comma-separated string or an array. */
export function labelsParam(params: Params, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return [...new Set(list.map((l) => l.trim()).filter(Boolean))];
}

export function pathInt(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw invalid(`${name} is invalid`);
  return Number(value);
}

// ---------------------------------------------------------------------------------------------
// Web pages

export function notFoundHtml(): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>Not Found</title></head>',
    '<body><h1>404</h1><h3>Page not found</h3>',
    '<p>Make sure the address is correct and the page has not moved.</p></body></html>',
  ].join('\n');
}

/** Which project page a path is: `/group/app/-/issues/3` → { fullPath: 'group/app', page: 'projects:issues:show', id: '3' }. */
export function classifyProjectPath(pathname: string): { fullPath: string; page: string; pageTypeId: string } | undefined {
  const clean = decodeURIComponent(pathname).replace(/\/+$/, '');
  const [projectPart = '', rest] = clean.split('/-/', 2) as [string, string | undefined];
  const fullPath = projectPart.replace(/^\/+/, '');
  if (!fullPath.includes('/')) return undefined;
  if (rest === undefined) return { fullPath, page: 'projects:show', pageTypeId: '' };
  const routes: Array<[RegExp, string]> = [
    [/^issues$/, 'projects:issues:index'],
    [/^issues\/new$/, 'projects:issues:new'],
    [/^issues\/(\d+)$/, 'projects:issues:show'],
    [/^blob\/(.+)$/, 'projects:blob:show'],
    [/^tree\/(.+)$/, 'projects:tree:show'],
    [/^commits\/(.+)$/, 'projects:commits:show'],
    [/^error_tracking$/, 'projects:error_tracking:index'],
    [/^error_tracking\/([^/]+)\/details$/, 'projects:error_tracking:details'],
    [/^commit\/([0-9a-f]{7,40})$/, 'projects:commit:show'],
    [/^merge_requests\/(\d+)$/, 'projects:merge_requests:show'],
    [/^merge_requests\/(\d+)\/diffs$/, 'projects:merge_requests:diffs'],
    [/^merge_requests\/(\d+)\/commits$/, 'projects:merge_requests:commits'],
    [/^merge_requests\/(\d+)\/pipelines$/, 'projects:merge_requests:pipelines'],
    [/^settings\/operations$/, 'projects:settings:operations:show'],
  ];
  for (const [pattern, page] of routes) {
    const m = pattern.exec(rest);
    // data-page-type-id is params[:id]: the issue or merge request iid, commit sha or `<ref>/<path>`; error tracking routes use :issue_id.
    if (m) return { fullPath, page, pageTypeId: page.startsWith('projects:error_tracking') ? '' : (m[1] ?? '') };
  }
  return undefined;
}
