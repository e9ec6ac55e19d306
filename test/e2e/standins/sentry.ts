// A local HTTPS stand-in for sentry.io's Web API, faithful to the behaviour documented in
// shared/notes/sentry-api.md (Origin refusal, auth + scopes, cursor pagination, X-Hits, rate limits,
// status changes). E2E tests judge the extension against it, so when in doubt it copies Sentry,
// including Sentry's refusals.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
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
  buildIssue,
  dailyStats,
  defaultOrgs,
  defaultProjects,
  exampleIssueDetails,
  exampleLatestEvent,
  generateDefaultIssues,
  makeOrg,
  makeProject,
  shortVersionOf,
  type IssueFactoryContext,
  type IssueInput,
  type JsonObject,
  type SentryIssue,
  type SentryOrg,
  type SentryProject,
  type SentryReleaseRef,
} from './sentry-data';
import { BadRequest, buildLinkHeader, compileIssueQuery, parseCursor, parseLimit, sortIssues } from './sentry-search';
import { DEFAULT_HIDDEN_ENVIRONMENTS, inEnvironments, projectEnvironments } from './sentry-environments';

export type { IssueInput, JsonObject, SentryIssue, SentryOrg, SentryProject, SentryReleaseRef } from './sentry-data';
export type { SentryEnvironment } from './sentry-environments';
export { fixtureEvents } from './sentry-data';
export type { RateLimitConfig } from './server';

// ---------------------------------------------------------------------------------------------
// Public types

export interface SentryStandInOptions {
  /** token → scopes. Default: DEFAULT_TOKENS. */
  tokens?: Record<string, string[]>;
  /** Organizations (merged into the example org shape). Default: the example orgs. */
  orgs?: Array<Partial<SentryOrg> & { slug: string }>;
  /** Projects per org slug (merged into the example project shape). Default: prime-mover + pump-station in the first org. */
  projects?: Record<string, Array<Partial<SentryProject> & { slug: string; id: string | number }>>;
  /** Replaces the generated default issues. Items are completed with makeIssue(). */
  issues?: IssueInput[];
  /** Fixed window per caller × endpoint. Default 1000 requests per 1 s. */
  rateLimit?: RateLimitConfig;
  latencyMs?: number;
  /** Reference time for the generated data (lastSeen/firstSeen are relative to it). Default: start time. */
  now?: Date;
  /** Sort keys this server refuses with 400, like a Sentry from before `trends` (it had `priority`). Default: none. */
  refusedSorts?: string[];
}

/** A request as the stand-in logged it; `host` is the Host header as sent: `sentry.io`, `us.sentry.io`, `127.0.0.1:PORT`, … */
export type LoggedRequest = BaseLoggedRequest;

/** A release a test registers (besides those named by issues' first releases). */
export interface ReleaseInput {
  version: string;
  /** Project ids or slugs; default: the first project of the first org. */
  projects?: Array<string | number>;
  /** Default: now. */
  dateCreated?: string;
  dateReleased?: string | null;
  ref?: string | null;
  url?: string | null;
}

export interface SentryStandIn {
  port: number;
  /** `https://127.0.0.1:PORT`, for calls from Node. */
  baseUrl: string;
  /** PEM of the self-signed certificate the server uses. */
  cert: string;
  close(): Promise<void>;

  requests: LoggedRequest[];
  clearLog(): void;

  tokens: Record<string, string[]>;
  orgs: SentryOrg[];
  projects: Record<string, SentryProject[]>;
  /** Live issue store; mutate freely or use the helpers. */
  issues: SentryIssue[];
  setIssues(list: IssueInput[]): void;
  getIssue(id: string): SentryIssue | undefined;
  /** Builds a complete issue (not stored); defaults to the first project of the first org. */
  makeIssue(partial?: IssueInput): SentryIssue;
  /** makeIssue + store it. */
  addIssue(partial?: IssueInput): SentryIssue;
  /** A new event arrives: count+1, lastSeen=now; a resolved issue regresses to unresolved/regressed. */
  newEvent(id: string): SentryIssue;
  /** Event served by `.../events/latest/`: an object, `null` for 404, `undefined` for the default example event. */
  setLatestEvent(issueId: string, event: JsonObject | null | undefined): void;
  /**
   * Sets an issue's first release (what its details report and `firstRelease:` matches); a string is the version.
   * null = no release; undefined = back to the default (the details example's release).
   */
  setFirstRelease(issueId: string, release: string | SentryReleaseRef | null | undefined): SentryIssue;
  /** Registers a release for `GET /organizations/{org}/releases/` (issues' first releases are listed anyway). */
  addRelease(input: ReleaseInput): JsonObject;
  /** The releases list of an org as the endpoint builds it (unfiltered, newest first). */
  releases(orgSlug?: string): JsonObject[];
  /**
   * Sets a project's environments list (by id or slug); undefined = back to the default: the environments its
   * issues were seen in, `development` hidden.
   */
  setEnvironments(project: string, environments: Array<{ name: string; isHidden?: boolean }> | undefined): void;

  /** Sort keys the issue lists refuse with 400 (an older Sentry); live, change it between requests. */
  refusedSorts: Set<string>;

  failNext(count: number, status: number, body?: unknown): void;
  setLatencyMs(ms: number): void;
  setRateLimit(config: RateLimitConfig): void;
}

export const DEFAULT_TOKENS: Readonly<Record<string, string[]>> = {
  'good-token': ['org:read', 'project:read', 'event:read', 'event:write'],
  'readonly-token': ['org:read', 'project:read', 'event:read'],
};

const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 1000, windowSeconds: 1 };

// ---------------------------------------------------------------------------------------------
// Sentry's fixed strings

const DETAIL_NOT_FOUND = 'The requested resource does not exist';
const DETAIL_NO_EVENT = 'No matching event found, try changing the environments, date range, or query.';
const DETAIL_PERMISSION = 'You do not have permission to perform this action.';
const DETAIL_INVALID_TOKEN = 'Invalid token';
const DETAIL_NO_CREDENTIALS = 'Authentication credentials were not provided.';

const CORS_ALLOW_HEADERS =
  'X-Sentry-Auth, X-Requested-With, Origin, Accept, Content-Type, Authentication, Authorization, Content-Encoding, sentry-trace, baggage, X-CSRFToken';
const CORS_EXPOSE_HEADERS = 'X-Sentry-Error, X-Sentry-Direct-Hit, X-Hits, X-Max-Hits, Endpoint, Retry-After, Link';

// Issue search counts hits up to this many.
const ISSUE_SEARCH_MAX_HITS = 1000;
// issues-count caps every count here (ISSUES_COUNT_MAX_HITS_LIMIT).
const ISSUES_COUNT_CAP = 100;
const CONCURRENT_LIMIT = 25;

// Scopes per endpoint as in Sentry's permission classes: a write/admin scope also grants reading.
const ORG_READ = ['org:read', 'org:write', 'org:admin'];
const PROJECT_READ = ['project:read', 'project:write', 'project:admin'];
const EVENT_READ = ['event:read', 'event:write', 'event:admin'];
const EVENT_WRITE = ['event:write', 'event:admin'];
// OrganizationReleasePermission (GET).
const RELEASE_READ = ['project:read', 'project:write', 'project:admin', 'project:releases', 'org:ci'];

const STATUS_CHOICES = ['resolved', 'unresolved', 'ignored', 'resolvedInNextRelease', 'muted'];
const STATUS_OF_SUBSTATUS: Record<string, string> = {
  archived_until_escalating: 'ignored',
  archived_until_condition_met: 'ignored',
  archived_forever: 'ignored',
  escalating: 'unresolved',
  ongoing: 'unresolved',
  regressed: 'unresolved',
  new: 'unresolved',
};
const IGNORE_CONDITION_FIELDS = ['ignoreDuration', 'ignoreCount', 'ignoreWindow', 'ignoreUserCount', 'ignoreUserWindow'];
const BOOLEAN_ISSUE_FIELDS = ['hasSeen', 'isBookmarked', 'isSubscribed', 'isPublic'];

// ---------------------------------------------------------------------------------------------
// Request plumbing

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

interface RequestContext {
  method: string;
  url: URL;
  query: URLSearchParams;
  /** `https://<Host header>`: what Link URLs are built from. */
  origin: string;
  rawBody: string;
  scopes: string[];
}

interface Handler {
  scopes: string[];
  run(ctx: RequestContext, params: string[]): Reply;
}

interface Route {
  /** Rate limits are counted per caller × this name, like Sentry's per-endpoint limits. */
  name: string;
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
}

function notFound(detail = DETAIL_NOT_FOUND): never {
  throw new HttpError(404, { detail });
}

function defaultFailureBody(status: number, rateLimit: RateLimitConfig): unknown {
  if (status === 429) return { detail: rateLimitDetail(rateLimit) };
  if (status === 500) return { detail: 'Internal Error', errorId: randomBytes(16).toString('hex') };
  if (status >= 502) {
    // sentry.io's load balancer answers gateway errors with HTML, not the API's JSON.
    return `<html><head><title>${status}</title></head><body><h1>${status} Service Unavailable</h1></body></html>`;
  }
  return { detail: `Error ${status}` };
}

function rateLimitDetail(config: RateLimitConfig): string {
  return `You are attempting to use this endpoint too frequently. Limit is ${config.limit} requests in ${config.windowSeconds} seconds`;
}

function parseJsonObject(raw: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = raw ? JSON.parse(raw) : {};
  } catch (error) {
    throw new HttpError(400, { detail: `JSON parse error - ${(error as Error).message}` });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(400, { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  }
  return parsed as JsonObject;
}

// ---------------------------------------------------------------------------------------------
// The stand-in

export async function startSentryStandIn(opts: SentryStandInOptions = {}): Promise<SentryStandIn> {
  const nowAtStart = opts.now?.getTime() ?? Date.now();
  const tokens: Record<string, string[]> = { ...(opts.tokens ?? DEFAULT_TOKENS) };
  const orgs: SentryOrg[] = opts.orgs ? opts.orgs.map((o) => makeOrg(o)) : defaultOrgs();
  const projects: Record<string, SentryProject[]> = opts.projects
    ? Object.fromEntries(Object.entries(opts.projects).map(([slug, list]) => [slug, list.map((p) => makeProject(p))]))
    : defaultProjects(orgs);
  const issues: SentryIssue[] = [];
  const refusedSorts = new Set(opts.refusedSorts ?? []);
  const requests: LoggedRequest[] = [];
  const latestEvents = new Map<string, JsonObject | null>();
  /** Environments lists tests set, by project id. */
  const configuredEnvironments = new Map<string, Array<{ name: string; isHidden?: boolean }>>();
  const activities = new Map<string, JsonObject[]>();
  const inFlight = new Map<string, number>();
  const controls = createStandInControls({
    rateLimit: opts.rateLimit ?? DEFAULT_RATE_LIMIT,
    latencyMs: opts.latencyMs,
    defaultFailureBody,
  });
  let issueCounter = 0;
  const shortIdCounters = new Map<string, number>();
  /** Releases registered by tests, by org slug. */
  const registeredReleases = new Map<
    string,
    Array<{
      version: string;
      projectIds: string[];
      dateCreated: string;
      dateReleased: string | null;
      ref: string | null;
      url: string | null;
    }>
  >();
  const releaseIds = new Map<string, number>();
  // What the details endpoint has always reported for an issue without its own first release.
  const DEFAULT_FIRST_RELEASE = (exampleIssueDetails().firstRelease ?? null) as SentryReleaseRef | null;

  // Generated data is relative to the start time; later mutations (newEvent, PUT) use the real clock.
  let clock: () => number = () => nowAtStart;

  // --- lookups ---------------------------------------------------------------------------------

  const allProjects = () => Object.values(projects).flat();
  const orgSlugOfProject = (projectId: string) => Object.entries(projects).find(([, list]) => list.some((p) => p.id === projectId))?.[0];
  const findOrg = (slug: string) => orgs.find((o) => o.slug === slug || o.id === slug);
  const orgOrNotFound = (slug: string): SentryOrg => findOrg(slug) ?? notFound();
  const projectsOf = (org: SentryOrg) => projects[org.slug] ?? [];
  const issuesOfOrg = (org: SentryOrg) => {
    const ids = new Set(projectsOf(org).map((p) => p.id));
    return issues.filter((i) => ids.has(i.project.id));
  };
  const findIssue = (idOrShortId: string, inIssues: SentryIssue[] = issues) =>
    inIssues.find((i) => i.id === idOrShortId) ?? inIssues.find((i) => i.shortId.toLowerCase() === idOrShortId.toLowerCase());

  const factory: IssueFactoryContext = {
    orgSlugOfProject,
    findProject: (ref) => {
      const candidates = allProjects();
      if (ref.id !== undefined) return candidates.find((p) => p.id === String(ref.id));
      if (ref.slug !== undefined) return candidates.find((p) => p.slug === ref.slug);
      return candidates[0];
    },
    nextIssueNumber: () => ++issueCounter,
    nextShortIdNumber: (projectId) => {
      const next = (shortIdCounters.get(projectId) ?? 0) + 1;
      shortIdCounters.set(projectId, next);
      return next;
    },
    now: () => clock(),
  };

  const makeIssue = (partial: IssueInput = {}) => buildIssue(partial, factory);
  const setIssues = (list: IssueInput[]) => {
    issues.splice(0, issues.length, ...list.map((item) => makeIssue(item)));
  };

  if (opts.issues) setIssues(opts.issues);
  else {
    const firstOrg = orgs[0];
    issues.push(...generateDefaultIssues(firstOrg ? projectsOf(firstOrg) : [], factory));
  }
  clock = () => Date.now();

  // --- releases --------------------------------------------------------------------------------

  /** The issue's first release: its own field, else the details example's (null = none). */
  const firstReleaseOf = (issue: SentryIssue): SentryReleaseRef | null =>
    issue.firstRelease !== undefined ? issue.firstRelease : DEFAULT_FIRST_RELEASE;

  /** A release reference completed the way Sentry serializes one (shortVersion, dates, ref, url). */
  const completeRelease = (release: SentryReleaseRef | null, fallbackDate: string): SentryReleaseRef | null =>
    release === null
      ? null
      : {
          shortVersion: shortVersionOf(release.version),
          dateCreated: fallbackDate,
          dateReleased: null,
          ref: null,
          url: null,
          ...release,
        };

  const searchFields = { firstReleaseVersion: (issue: SentryIssue) => firstReleaseOf(issue)?.version };
  const issueQuery = (query: string) => compileIssueQuery(query, Date.now(), searchFields);

  const releaseIdOf = (version: string) => {
    let id = releaseIds.get(version);
    if (id === undefined) releaseIds.set(version, (id = 1_000_000 + releaseIds.size + 1));
    return id;
  };

  /**
   * The org's releases in the list endpoint's shape: every first release its issues name, plus those tests
   * registered, newest dateCreated first.
   */
  const releasesOfOrg = (org: SentryOrg): JsonObject[] => {
    interface Collected {
      version: string;
      projectIds: Set<string>;
      dateCreated: string;
      dateReleased: string | null;
      ref: string | null;
      url: string | null;
      issues: SentryIssue[];
    }
    const byVersion = new Map<string, Collected>();
    const collected = (version: string, dateCreated: string): Collected => {
      let entry = byVersion.get(version);
      if (!entry)
        byVersion.set(
          version,
          (entry = { version, projectIds: new Set(), dateCreated, dateReleased: null, ref: null, url: null, issues: [] }),
        );
      return entry;
    };
    for (const issue of issuesOfOrg(org)) {
      const release = completeRelease(firstReleaseOf(issue), issue.firstSeen);
      if (!release) continue;
      const entry = collected(release.version, String(release.dateCreated));
      if (Date.parse(String(release.dateCreated)) < Date.parse(entry.dateCreated)) entry.dateCreated = String(release.dateCreated);
      entry.projectIds.add(issue.project.id);
      entry.issues.push(issue);
    }
    for (const registered of registeredReleases.get(org.slug) ?? []) {
      const entry = collected(registered.version, registered.dateCreated);
      entry.dateCreated = registered.dateCreated;
      entry.dateReleased = registered.dateReleased;
      entry.ref = registered.ref;
      entry.url = registered.url;
      for (const id of registered.projectIds) entry.projectIds.add(id);
    }
    const orgProjects = projectsOf(org);
    return [...byVersion.values()]
      .map((entry) => {
        const firstSeen = entry.issues.map((i) => Date.parse(i.firstSeen)).sort((a, b) => a - b)[0];
        const lastSeen = entry.issues.map((i) => Date.parse(i.lastSeen)).sort((a, b) => b - a)[0];
        const at = entry.version.lastIndexOf('@');
        return {
          id: releaseIdOf(entry.version),
          version: entry.version,
          shortVersion: shortVersionOf(entry.version),
          status: 'open',
          ref: entry.ref,
          url: entry.url,
          dateReleased: entry.dateReleased,
          dateCreated: entry.dateCreated,
          data: {},
          newGroups: entry.issues.length,
          owner: null,
          commitCount: 0,
          lastCommit: null,
          deployCount: 0,
          lastDeploy: null,
          authors: [],
          projects: orgProjects
            .filter((p) => entry.projectIds.has(p.id))
            .map((p) => ({
              id: Number(p.id),
              slug: p.slug,
              name: p.name,
              newGroups: entry.issues.filter((i) => i.project.id === p.id).length,
              platform: p.platform,
              platforms: p.platform ? [p.platform] : [],
              hasHealthData: false,
            })),
          firstEvent: firstSeen === undefined ? null : new Date(firstSeen).toISOString(),
          lastEvent: lastSeen === undefined ? null : new Date(lastSeen).toISOString(),
          currentProjectMeta: {},
          userAgent: null,
          adoptionStages: null,
          versionInfo: {
            package: at > 0 ? entry.version.slice(0, at) : null,
            version: { raw: at > 0 ? entry.version.slice(at + 1) : entry.version },
            description: shortVersionOf(entry.version),
            buildHash: /^[0-9a-f]{40}$/i.test(at > 0 ? entry.version.slice(at + 1) : entry.version)
              ? at > 0
                ? entry.version.slice(at + 1)
                : entry.version
              : null,
          },
          _projectIds: [...entry.projectIds],
        } as JsonObject;
      })
      .sort((a, b) => Date.parse(String(b.dateCreated)) - Date.parse(String(a.dateCreated)) || Number(b.id) - Number(a.id));
  };

  const publicRelease = (release: JsonObject): JsonObject => {
    const { _projectIds: _ignored, ...rest } = release;
    return rest;
  };

  const addRelease = (input: ReleaseInput): JsonObject => {
    const refs = input.projects?.length ? input.projects.map(String) : [allProjects()[0]?.id ?? ''];
    const projectIds = refs.map((ref) => {
      const project = allProjects().find((p) => p.id === ref || p.slug === ref);
      if (!project) throw new Error(`addRelease: unknown project ${ref}`);
      return project.id;
    });
    const orgSlug = orgSlugOfProject(projectIds[0] as string);
    if (!orgSlug) throw new Error('addRelease: the project belongs to no org');
    const list = registeredReleases.get(orgSlug) ?? [];
    const registered = {
      version: input.version,
      projectIds,
      dateCreated: input.dateCreated ?? new Date().toISOString(),
      dateReleased: input.dateReleased ?? null,
      ref: input.ref ?? null,
      url: input.url ?? null,
    };
    const existing = list.findIndex((r) => r.version === input.version);
    if (existing >= 0) list.splice(existing, 1, registered);
    else list.push(registered);
    registeredReleases.set(orgSlug, list);
    const org = orgOrNotFound(orgSlug);
    return publicRelease(releasesOfOrg(org).find((r) => r.version === input.version) as JsonObject);
  };

  // --- issue mutations -------------------------------------------------------------------------

  const addActivity = (issue: SentryIssue, type: string, data: JsonObject = {}) => {
    const list = activities.get(issue.id) ?? [];
    list.unshift({ id: String(list.length + 1), type, data, dateCreated: new Date().toISOString(), user: null });
    activities.set(issue.id, list);
  };

  const syncLifetime = (issue: SentryIssue) => {
    issue.lifetime = { count: issue.count, userCount: issue.userCount, firstSeen: issue.firstSeen, lastSeen: issue.lastSeen };
  };

  const newEvent = (id: string): SentryIssue => {
    const issue = findIssue(id);
    if (!issue) throw new Error(`newEvent: no issue ${id}`);
    issue.count = String(Number(issue.count) + 1);
    issue.lastSeen = new Date().toISOString();
    const buckets = issue.stats['24h'];
    const lastBucket = buckets?.[buckets.length - 1];
    if (lastBucket) lastBucket[1] += 1;
    if (issue.status === 'resolved') {
      // Sentry reopens a resolved issue when a new event arrives (a regression).
      issue.status = 'unresolved';
      issue.substatus = 'regressed';
      issue.statusDetails = {};
      addActivity(issue, 'set_regression');
    }
    syncLifetime(issue);
    return issue;
  };

  interface StatusUpdate {
    status?: string;
    substatus?: string | null;
    statusDetails: JsonObject;
    flags: Record<string, boolean>;
  }

  /** GroupValidator: only the fields sent are changed; choices as in STATUS_UPDATE_CHOICES. */
  const validateUpdate = (body: JsonObject): StatusUpdate => {
    const errors: Record<string, string[]> = {};
    const status = body.status;
    if (status !== undefined && (typeof status !== 'string' || !STATUS_CHOICES.includes(status))) {
      errors.status = [`"${String(status)}" is not a valid choice.`];
    }
    const substatus = body.substatus;
    if (substatus !== undefined && substatus !== null && (typeof substatus !== 'string' || !(substatus in STATUS_OF_SUBSTATUS))) {
      errors.substatus = [`"${String(substatus)}" is not a valid choice.`];
    }
    const details = body.statusDetails ?? {};
    if (typeof details !== 'object' || details === null || Array.isArray(details)) {
      errors.statusDetails = ['Invalid data. Expected a dictionary.'];
    }
    if (Object.keys(errors).length) throw new HttpError(400, errors);
    const flags: Record<string, boolean> = {};
    for (const field of BOOLEAN_ISSUE_FIELDS) {
      if (typeof body[field] === 'boolean') flags[field] = body[field] as boolean;
    }
    const normalizedStatus = status === 'muted' ? 'ignored' : (status as string | undefined);
    if (typeof substatus === 'string' && normalizedStatus) {
      const expected = normalizedStatus === 'resolvedInNextRelease' ? 'resolved' : normalizedStatus;
      if (STATUS_OF_SUBSTATUS[substatus] !== expected) {
        throw new HttpError(400, { substatus: ['The substatus provided does not match the status.'] });
      }
    }
    return { status: normalizedStatus, substatus: substatus as string | null | undefined, statusDetails: details as JsonObject, flags };
  };

  const ignoredStatusDetails = (details: JsonObject, substatus: string): JsonObject => {
    const out: JsonObject = {};
    if (typeof details.ignoreDuration === 'number') {
      out.ignoreUntil = new Date(Date.now() + details.ignoreDuration * 60_000).toISOString();
    }
    for (const field of IGNORE_CONDITION_FIELDS.slice(1)) if (details[field] !== undefined) out[field] = details[field];
    if (substatus === 'archived_until_escalating') out.ignoreUntilEscalating = true;
    return out;
  };

  const applyUpdate = (issue: SentryIssue, update: StatusUpdate) => {
    Object.assign(issue, update.flags);
    const { status, statusDetails } = update;
    if (status === 'resolved' || status === 'resolvedInNextRelease') {
      const inNextRelease = status === 'resolvedInNextRelease' || statusDetails.inNextRelease === true;
      issue.status = 'resolved';
      issue.substatus = null;
      issue.statusDetails = inNextRelease
        ? { inNextRelease: true }
        : statusDetails.inRelease !== undefined
          ? { inRelease: statusDetails.inRelease }
          : {};
      addActivity(issue, inNextRelease ? 'set_resolved_in_release' : 'set_resolved');
    } else if (status === 'ignored') {
      // status_change.infer_substatus: an ignore condition means "until condition met", else "forever".
      const hasCondition = IGNORE_CONDITION_FIELDS.some((f) => statusDetails[f] !== undefined);
      const substatus = update.substatus ?? (hasCondition ? 'archived_until_condition_met' : 'archived_forever');
      issue.status = 'ignored';
      issue.substatus = substatus;
      issue.statusDetails = ignoredStatusDetails(statusDetails, substatus);
      addActivity(issue, 'set_ignored', issue.statusDetails);
    } else if (status === 'unresolved') {
      issue.status = 'unresolved';
      issue.substatus = update.substatus ?? 'ongoing';
      issue.statusDetails = {};
      addActivity(issue, 'set_unresolved');
    }
  };

  // --- serializers -----------------------------------------------------------------------------

  // Fields of the list serializer that the details endpoint does not return.
  const LIST_ONLY_FIELDS = new Set([
    'lifetime',
    'filtered',
    'inbox',
    'owners',
    'integrationIssues',
    'sentryAppIssues',
    'sessionCount',
    'latestEventHasAttachments',
    'matchingEventId',
    'matchingEventEnvironment',
    'derivedData',
  ]);

  /** The issue in issue.details.json's shape: the stored fields plus activity, tags, 24h/30d stats. */
  const toIssueDetails = (issue: SentryIssue): JsonObject => {
    const template = exampleIssueDetails();
    const stored = Object.fromEntries(Object.entries(issue).filter(([key]) => !LIST_ONLY_FIELDS.has(key) && key !== 'environments'));
    const count = Number(issue.count);
    const dailyShare = Math.max(1, Math.floor(count / 30));
    return {
      ...template,
      ...stored,
      firstRelease: completeRelease(firstReleaseOf(issue), issue.firstSeen),
      activity: [...(activities.get(issue.id) ?? []), { id: '0', type: 'first_seen', data: {}, dateCreated: issue.firstSeen, user: null }],
      tags: [
        { key: 'browser', name: 'Browser', totalValues: count },
        { key: 'level', name: 'Level', totalValues: count },
      ],
      stats: {
        '24h': issue.stats['24h'] ?? [],
        '30d': dailyStats(Date.now(), (day) => ((day * 7 + count) % 3 === 0 ? 0 : dailyShare)),
      },
    };
  };

  /** An issue as the list endpoints serialize it: without the details-only release fields. */
  /**
   * A list item: the stored fields without releases, and `stats` as the request asks (`collapse=stats` or an
   * empty period drops them; a period other than 24h has no buckets here).
   */
  const toListItem = (issue: SentryIssue, statsPeriod = '24h'): JsonObject => {
    const { firstRelease: _first, lastRelease: _last, environments: _environments, stats, ...rest } = issue;
    if (statsPeriod === '') return rest;
    return { ...rest, stats: statsPeriod === '24h' || statsPeriod === 'auto' ? { '24h': stats['24h'] ?? [] } : { [statsPeriod]: [] } };
  };

  const latestEventOf = (issue: SentryIssue): JsonObject => {
    const stored = latestEvents.has(issue.id) ? latestEvents.get(issue.id) : exampleLatestEvent();
    if (stored === null || stored === undefined) notFound(DETAIL_NO_EVENT);
    // The event belongs to the issue it is served for, whatever fixture it came from.
    return { ...structuredClone(stored), groupID: issue.id };
  };

  // --- handlers --------------------------------------------------------------------------------

  const projectIdsForSearch = (org: SentryOrg, query: URLSearchParams): Set<string> => {
    const orgProjects = projectsOf(org);
    const requested = query.getAll('project');
    if (!requested.length || requested.includes('-1')) return new Set(orgProjects.map((p) => p.id));
    const ids = new Set<string>();
    for (const ref of requested) {
      // Numeric ids are the long-standing form; slugs are accepted by newer Sentry versions.
      const project = orgProjects.find((p) => p.id === ref || p.slug === ref);
      if (!project) throw new HttpError(403, { detail: DETAIL_PERMISSION });
      ids.add(project.id);
    }
    return ids;
  };

  /** `statsPeriod`: the sparkline's period as the route names it ('' = none); `collapse=stats` drops it too. */
  const searchIssues = (ctx: RequestContext, org: SentryOrg, projectIds: Set<string>, statsPeriod = '24h'): Reply => {
    const q = ctx.query;
    const query = q.get('query') ?? 'is:unresolved';
    const sort = q.get('sort') || 'date';
    if (refusedSorts.has(sort)) throw new BadRequest(`Invalid sort: ${sort}`);
    const listItem = (issue: SentryIssue) => toListItem(issue, q.getAll('collapse').includes('stats') ? '' : statsPeriod);
    const limit = parseLimit(q.get('limit'));
    const offset = parseCursor(q.get('cursor'));
    const inScope = issues.filter((i) => projectIds.has(i.project.id)).filter(inEnvironments(q));

    if (q.get('shortIdLookup') === '1' || q.get('shortIdLookup') === 'true') {
      const direct = issuesOfOrg(org).find((i) => i.shortId.toLowerCase() === query.trim().toLowerCase());
      if (direct) return json(200, [listItem(direct)], { 'X-Sentry-Direct-Hit': '1' });
    }

    const matching = sortIssues(inScope.filter(issueQuery(query)), sort);
    const page = { offset, limit };
    return json(200, matching.slice(offset, offset + limit).map(listItem), {
      'X-Hits': String(Math.min(matching.length, ISSUE_SEARCH_MAX_HITS)),
      'X-Max-Hits': String(ISSUE_SEARCH_MAX_HITS),
      Link: buildLinkHeader(ctx.origin, ctx.url.pathname, q, page, matching.length),
    });
  };

  /** Generic `per_page` + cursor pagination of the non-issue list endpoints. */
  const paginated = (ctx: RequestContext, items: unknown[]): Reply => {
    const limit = parseLimit(ctx.query.get('per_page'));
    const offset = parseCursor(ctx.query.get('cursor'));
    return json(200, items.slice(offset, offset + limit), {
      Link: buildLinkHeader(ctx.origin, ctx.url.pathname, ctx.query, { offset, limit }, items.length),
    });
  };

  const listOrganizations: Handler = { scopes: ORG_READ, run: (ctx) => paginated(ctx, orgs) };

  const organizationDetails: Handler = {
    scopes: ORG_READ,
    run: (ctx, [slug = '']) => {
      const org = orgOrNotFound(slug);
      if (ctx.query.get('detailed') === '0') return json(200, org);
      return json(200, { ...org, projects: projectsOf(org), teams: [] });
    },
  };

  const listProjects: Handler = {
    scopes: ORG_READ,
    run: (ctx, [slug = '']) => {
      const org = orgOrNotFound(slug);
      const text = (ctx.query.get('query') ?? '').toLowerCase();
      // Sentry orders bookmarked projects first, then by slug.
      const list = projectsOf(org)
        .filter((p) => !text || p.slug.toLowerCase().includes(text) || p.name.toLowerCase().includes(text))
        .sort((a, b) => Number(Boolean(b.isBookmarked)) - Number(Boolean(a.isBookmarked)) || a.slug.localeCompare(b.slug));
      if (ctx.query.get('all_projects') === '1') return json(200, list);
      return paginated(ctx, list);
    },
  };

  const listOrgIssues: Handler = {
    scopes: EVENT_READ,
    run: (ctx, [slug = '']) => {
      const org = orgOrNotFound(slug);
      // Here `statsPeriod` is the search window; the sparkline's period is `groupStatsPeriod` (default 24h).
      const groupStatsPeriod = ctx.query.get('groupStatsPeriod') ?? '24h';
      if (!['', '24h', '14d', 'auto'].includes(groupStatsPeriod)) {
        throw new BadRequest("Invalid stats_period. Valid choices are '', '24h', '14d' and 'auto'");
      }
      return searchIssues(ctx, org, projectIdsForSearch(org, ctx.query), groupStatsPeriod);
    },
  };

  const bulkUpdateOrgIssues: Handler = {
    scopes: EVENT_WRITE,
    run: (ctx, [slug = '']) => {
      const org = orgOrNotFound(slug);
      const update = validateUpdate(parseJsonObject(ctx.rawBody));
      const ids = ctx.query.getAll('id');
      const projectIds = projectIdsForSearch(org, ctx.query);
      const candidates = issuesOfOrg(org).filter((i) => projectIds.has(i.project.id));
      const selected = ids.length
        ? candidates.filter((i) => ids.includes(i.id))
        : candidates.filter(issueQuery(ctx.query.get('query') ?? 'is:unresolved')).slice(0, 1000);
      if (!selected.length) return { status: 204 };
      for (const issue of selected) applyUpdate(issue, update);
      const first = selected[0] as SentryIssue;
      // The bulk endpoint answers with the delta, not the issues.
      return json(200, {
        ...update.flags,
        ...(update.status && { status: first.status, substatus: first.substatus, statusDetails: first.statusDetails }),
      });
    },
  };

  const issuesCount: Handler = {
    scopes: EVENT_READ,
    run: (ctx, [slug = '']) => {
      const org = orgOrNotFound(slug);
      const projectIds = projectIdsForSearch(org, ctx.query);
      const inScope = issues.filter((i) => projectIds.has(i.project.id)).filter(inEnvironments(ctx.query));
      const counts: Record<string, number> = {};
      for (const query of ctx.query.getAll('query')) {
        counts[query] = Math.min(inScope.filter(issueQuery(query)).length, ISSUES_COUNT_CAP);
      }
      return json(200, counts);
    },
  };

  const issueInOrg = (slug: string, id: string): SentryIssue => {
    const org = orgOrNotFound(slug);
    return findIssue(id, issuesOfOrg(org)) ?? notFound();
  };

  const issueAnywhere = (id: string): SentryIssue => findIssue(id) ?? notFound();

  const getIssueDetails = (lookup: (params: string[]) => SentryIssue): Handler => ({
    scopes: EVENT_READ,
    run: (_ctx, params) => json(200, toIssueDetails(lookup(params))),
  });

  const updateIssue = (lookup: (params: string[]) => SentryIssue): Handler => ({
    scopes: EVENT_WRITE,
    run: (ctx, params) => {
      const issue = lookup(params);
      applyUpdate(issue, validateUpdate(parseJsonObject(ctx.rawBody)));
      return json(200, toIssueDetails(issue));
    },
  });

  const getLatestEvent = (lookup: (params: string[]) => SentryIssue): Handler => ({
    scopes: EVENT_READ,
    run: (_ctx, params) => json(200, latestEventOf(lookup(params))),
  });

  const listProjectIssues: Handler = {
    scopes: EVENT_READ,
    run: (ctx, [orgSlug = '', projectSlug = '']) => {
      const org = orgOrNotFound(orgSlug);
      const project = projectsOf(org).find((p) => p.slug === projectSlug || p.id === projectSlug) ?? notFound();
      // On this endpoint statsPeriod picks the sparkline, and only these values are valid.
      const statsPeriod = ctx.query.get('statsPeriod');
      if (statsPeriod !== null && !['', '24h', '14d'].includes(statsPeriod)) {
        throw new BadRequest("Invalid stats_period. Valid choices are '', '24h', and '14d'");
      }
      return searchIssues(ctx, org, new Set([project.id]), statsPeriod ?? '24h');
    },
  };

  /** OrganizationReleasesEndpoint GET: `project` filter, `query` = case-insensitive substring of the version. */
  const listReleases: Handler = {
    scopes: RELEASE_READ,
    run: (ctx, [slug = '']) => {
      const org = orgOrNotFound(slug);
      const projectIds = projectIdsForSearch(org, ctx.query);
      const text = (ctx.query.get('query') ?? '').toLowerCase();
      const list = releasesOfOrg(org)
        .filter((r) => (r._projectIds as string[]).some((id) => projectIds.has(id)))
        .filter((r) => !text || String(r.version).toLowerCase().includes(text))
        .map(publicRelease);
      return paginated(ctx, list);
    },
  };

  /** ProjectEnvironmentsEndpoint GET: unpaginated, by name, `visibility` default visible. */
  const listProjectEnvironments: Handler = {
    scopes: PROJECT_READ,
    run: (ctx, [orgSlug = '', projectSlug = '']) => {
      const org = orgOrNotFound(orgSlug);
      const project = projectsOf(org).find((p) => p.slug === projectSlug || p.id === projectSlug) ?? notFound();
      const ofProject = issues.filter((i) => i.project.id === project.id);
      const list = projectEnvironments(
        ofProject,
        configuredEnvironments.get(project.id),
        DEFAULT_HIDDEN_ENVIRONMENTS,
        ctx.query.get('visibility'),
      );
      return json(200, list);
    },
  };

  const userRegions: Handler = {
    scopes: ORG_READ,
    run: () => json(200, { regions: [{ name: 'us', url: 'https://us.sentry.io' }] }),
  };

  const byOrgAndIssue = ([slug = '', id = '']: string[]) => issueInOrg(slug, id);
  const byIssue = ([id = '']: string[]) => issueAnywhere(id);

  const ISSUE = '(?:issues|groups)';
  const EVENT = '(?:latest|oldest|recommended)';
  const routes: Route[] = [
    { name: 'organizations', pattern: /^\/api\/0\/organizations\/$/, methods: { GET: listOrganizations } },
    { name: 'user-regions', pattern: /^\/api\/0\/users\/me\/regions\/$/, methods: { GET: userRegions } },
    { name: 'organization', pattern: /^\/api\/0\/organizations\/([^/]+)\/$/, methods: { GET: organizationDetails } },
    { name: 'organization-projects', pattern: /^\/api\/0\/organizations\/([^/]+)\/projects\/$/, methods: { GET: listProjects } },
    {
      name: 'organization-issues',
      pattern: new RegExp(`^/api/0/organizations/([^/]+)/${ISSUE}/$`),
      methods: { GET: listOrgIssues, PUT: bulkUpdateOrgIssues },
    },
    { name: 'organization-releases', pattern: /^\/api\/0\/organizations\/([^/]+)\/releases\/$/, methods: { GET: listReleases } },
    { name: 'organization-issues-count', pattern: /^\/api\/0\/organizations\/([^/]+)\/issues-count\/$/, methods: { GET: issuesCount } },
    {
      name: 'group-details',
      pattern: new RegExp(`^/api/0/organizations/([^/]+)/${ISSUE}/([^/]+)/$`),
      methods: { GET: getIssueDetails(byOrgAndIssue), PUT: updateIssue(byOrgAndIssue) },
    },
    {
      name: 'group-event-details',
      pattern: new RegExp(`^/api/0/organizations/([^/]+)/${ISSUE}/([^/]+)/events/${EVENT}/$`),
      methods: { GET: getLatestEvent(byOrgAndIssue) },
    },
    { name: 'project-issues', pattern: /^\/api\/0\/projects\/([^/]+)\/([^/]+)\/issues\/$/, methods: { GET: listProjectIssues } },
    {
      name: 'project-environments',
      pattern: /^\/api\/0\/projects\/([^/]+)\/([^/]+)\/environments\/$/,
      methods: { GET: listProjectEnvironments },
    },
    // Deprecated org-less issue routes; still served by sentry.io.
    {
      name: 'group-details',
      pattern: new RegExp(`^/api/0/${ISSUE}/(\\d+)/$`),
      methods: { GET: getIssueDetails(byIssue), PUT: updateIssue(byIssue) },
    },
    {
      name: 'group-event-details',
      pattern: new RegExp(`^/api/0/${ISSUE}/(\\d+)/events/${EVENT}/$`),
      methods: { GET: getLatestEvent(byIssue) },
    },
  ];

  const matchRoute = (pathname: string): { route: Route; params: string[] } | undefined => {
    for (const route of routes) {
      const m = route.pattern.exec(pathname);
      if (m) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    }
    return undefined;
  };

  // --- cross-cutting behaviour -----------------------------------------------------------------

  /** DRF's `allowed_methods`: the handler's methods plus OPTIONS. */
  const allowedMethods = (route: Route) => [...Object.keys(route.methods), 'OPTIONS'].join(', ');

  const corsHeaders = (origin: string | undefined, route: Route | undefined): Record<string, string> => {
    const allow = route ? allowedMethods(route) : '';
    return {
      Allow: allow,
      'Access-Control-Allow-Methods': allow,
      'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
      'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS,
      'Access-Control-Allow-Origin': origin && origin !== 'null' ? origin : '*',
    };
  };

  const callerKey = (req: IncomingMessage, authorization: string | undefined) =>
    authorization ? `auth:${authorization}` : `ip:${req.socket.remoteAddress ?? ''}`;

  const rateLimitHeaders = (used: number, windowStart: number, concurrent: number): Record<string, string> => {
    const { rateLimit } = controls;
    return {
      'X-Sentry-Rate-Limit-Limit': String(rateLimit.limit),
      'X-Sentry-Rate-Limit-Remaining': String(Math.max(rateLimit.limit - used, 0)),
      'X-Sentry-Rate-Limit-Reset': String(Math.floor((windowStart + rateLimit.windowSeconds * 1000) / 1000)),
      'X-Sentry-Rate-Limit-ConcurrentLimit': String(CONCURRENT_LIMIT),
      'X-Sentry-Rate-Limit-ConcurrentRemaining': String(Math.max(CONCURRENT_LIMIT - concurrent, 0)),
    };
  };

  /** Counts the request in its fixed window and returns the headers + whether it is over the limit. */
  const countRateLimit = (key: string): { headers: Record<string, string>; limited: boolean } => {
    const { count: used, windowStart } = controls.countInWindow(key);
    return { limited: used > controls.rateLimit.limit, headers: rateLimitHeaders(used, windowStart, inFlight.get(key) ?? 0) };
  };

  type Auth = { kind: 'anonymous' } | { kind: 'invalid'; detail: string } | { kind: 'token'; scopes: string[] };

  const authenticate = (authorization: string | undefined): Auth => {
    if (authorization === undefined) return { kind: 'anonymous' };
    const m = /^Bearer(?:\s+(.*))?$/i.exec(authorization.trim());
    if (!m) return { kind: 'invalid', detail: DETAIL_INVALID_TOKEN };
    const token = (m[1] ?? '').trim();
    if (!token) return { kind: 'invalid', detail: 'Invalid token header. No credentials provided.' };
    const scopes = tokens[token];
    return scopes ? { kind: 'token', scopes } : { kind: 'invalid', detail: DETAIL_INVALID_TOKEN };
  };

  /**
   * The order Sentry applies its checks in: rate-limit middleware, then (in Endpoint.dispatch) authentication,
   * which fails on a bad token before anything else, then the Origin check, then permissions/scopes.
   */
  const handleApiRequest = (req: IncomingMessage, ctx: RequestContext, origin: string | undefined): Reply => {
    const matched = matchRoute(ctx.url.pathname);
    if (!matched) {
      if (!ctx.url.pathname.endsWith('/')) {
        return json(404, { info: `Route not found, did you forget a trailing slash? try: ${ctx.url.pathname}/` });
      }
      return json(404, { detail: DETAIL_NOT_FOUND });
    }
    const { route, params } = matched;
    const cors = corsHeaders(origin, route);
    const withCors = (reply: Reply, extra: Record<string, string> = {}): Reply => ({
      ...reply,
      headers: { ...cors, ...extra, ...reply.headers },
    });

    const failure = controls.takeFailure();
    if (failure) {
      // An injected 429 looks like an exhausted window; other injected failures carry no rate-limit headers,
      // like errors raised in front of Sentry's middleware.
      const extra = failure.status === 429 ? rateLimitHeaders(controls.rateLimit.limit, controls.currentWindowStart(), 0) : {};
      return withCors(json(failure.status, failure.body), extra);
    }

    const authorization = req.headers.authorization;
    const rate = countRateLimit(`${callerKey(req, authorization)}|${route.name}`);
    if (rate.limited) return withCors(json(429, { detail: rateLimitDetail(controls.rateLimit) }), rate.headers);

    const handler = route.methods[ctx.method];
    const auth = authenticate(authorization);
    const respond = (reply: Reply) => withCors(reply, rate.headers);
    if (auth.kind === 'invalid') return respond(json(401, { detail: auth.detail }));
    if (origin && origin !== 'null') {
      // Personal tokens have no allowed origins, so Sentry refuses any request that names one: Chrome's
      // chrome-extension://<id> and Firefox's moz-extension://<uuid> (both browsers add it to an extension's PUT/POST).
      return respond(json(400, `Invalid origin: ${origin}`));
    }
    if (!handler) return respond(json(405, { detail: `Method "${ctx.method}" not allowed.` }));
    if (auth.kind === 'anonymous') return respond(json(401, { detail: DETAIL_NO_CREDENTIALS }));
    if (!handler.scopes.some((s) => auth.scopes.includes(s))) return respond(json(403, { detail: DETAIL_PERMISSION }));

    try {
      return respond(handler.run({ ...ctx, scopes: auth.scopes }, params));
    } catch (error) {
      if (error instanceof HttpError) return respond(json(error.status, error.body));
      if (error instanceof BadRequest) return respond(json(400, { detail: error.message }));
      return respond(json(500, { detail: 'Internal Error', errorId: randomBytes(16).toString('hex') }));
    }
  };

  const send = (res: ServerResponse, reply: Reply) => {
    const headers: Record<string, string> = { ...reply.headers };
    let payload: Buffer | undefined;
    if (reply.body !== undefined && reply.status !== 204) {
      const isMarkup = typeof reply.body === 'string' && reply.body.startsWith('<');
      payload = Buffer.from(isMarkup ? (reply.body as string) : JSON.stringify(reply.body));
      headers['Content-Type'] = isMarkup ? 'text/html; charset=utf-8' : 'application/json';
    }
    if (payload) headers['Content-Length'] = String(payload.length);
    res.writeHead(reply.status, headers);
    res.end(payload);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const { host, url, rawBody, entry } = await readRequest(req, 'sentry.io');
    requests.push(entry);
    const origin = req.headers.origin;
    const key = callerKey(req, req.headers.authorization);
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    try {
      await controls.delay();
      let reply: Reply;
      if (entry.method === 'OPTIONS') {
        // Preflights are answered before authentication or the Origin check (allow_cors_options).
        const matched = matchRoute(url.pathname);
        reply = matched
          ? { status: 200, headers: { ...corsHeaders(origin, matched.route), 'Access-Control-Max-Age': '3600' } }
          : json(404, { detail: DETAIL_NOT_FOUND });
      } else {
        const ctx: RequestContext = { method: entry.method, url, query: url.searchParams, origin: `https://${host}`, rawBody, scopes: [] };
        reply = handleApiRequest(req, ctx, origin);
      }
      entry.status = reply.status;
      send(res, reply);
    } finally {
      inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
    }
  };

  // --- server ----------------------------------------------------------------------------------

  const server = await startHttpsServer(onRequest, (res, error) =>
    send(res, json(500, { detail: 'Internal Error', errorId: String(error) })),
  );

  return {
    ...server,
    requests,
    clearLog: () => void requests.splice(0, requests.length),
    tokens,
    orgs,
    projects,
    issues,
    setIssues,
    getIssue: (id) => findIssue(id),
    makeIssue,
    addIssue: (partial) => {
      const issue = makeIssue(partial);
      issues.push(issue);
      return issue;
    },
    newEvent,
    setLatestEvent: (issueId, event) => {
      if (event === undefined) latestEvents.delete(issueId);
      else latestEvents.set(issueId, event);
    },
    setFirstRelease: (issueId, release) => {
      const issue = findIssue(issueId);
      if (!issue) throw new Error(`setFirstRelease: no issue ${issueId}`);
      if (release === undefined) delete issue.firstRelease;
      else issue.firstRelease = typeof release === 'string' ? { version: release } : release;
      return issue;
    },
    addRelease,
    releases: (orgSlug) => {
      const org = orgSlug ? orgOrNotFound(orgSlug) : orgs[0];
      return org ? releasesOfOrg(org).map(publicRelease) : [];
    },
    setEnvironments: (ref, list) => {
      const project = allProjects().find((p) => p.id === ref || p.slug === ref);
      if (!project) throw new Error(`setEnvironments: unknown project ${ref}`);
      if (list === undefined) configuredEnvironments.delete(project.id);
      else configuredEnvironments.set(project.id, list);
    },
    refusedSorts,
    failNext: controls.failNext,
    setLatencyMs: controls.setLatencyMs,
    setRateLimit: controls.setRateLimit,
  };
}
