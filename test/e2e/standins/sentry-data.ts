// Data model and deterministic default data set of the Sentry stand-in.
// Objects are shaped from the verbatim spec examples in test/fixtures/sentry, so the
// stand-in's payloads drift with those files rather than with what this code happens to assume.
import { readJsonFixture } from '../../support/fixtures';
import { defaultEnvironmentsAt } from './sentry-environments';

export type JsonObject = Record<string, unknown>;

export interface SentryProjectRef {
  id: string;
  name: string;
  slug: string;
  platform: string | null;
}

/** The fields the stand-in reads or maintains; every other list-item field rides along untyped. */
/** A release as issue details name it (`firstRelease` / `lastRelease`); more fields may ride along. */
export interface SentryReleaseRef {
  version: string;
  shortVersion?: string;
  dateCreated?: string;
  dateReleased?: string | null;
  ref?: string | null;
  url?: string | null;
  [field: string]: unknown;
}

export interface SentryIssueFields {
  id: string;
  shortId: string;
  title: string;
  culprit: string | null;
  permalink: string;
  level: string;
  status: string;
  substatus: string | null;
  statusDetails: JsonObject;
  /** Sentry sends the event count as a string (it can exceed 2^53 in theory). */
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  project: SentryProjectRef;
  metadata: JsonObject;
  stats: Record<string, Array<[number, number]>>;
  /**
   * The release the issue was first seen in: what the details endpoint reports and what `firstRelease:` searches
   * match. Absent = the details example's release (as before this field existed); null = no release. The list
   * endpoints never include it (Sentry's list serializer has no releases).
   */
  firstRelease?: SentryReleaseRef | null;
  /**
   * The environments its events were seen in: what the `environment` filter matches and what the project's
   * environments list is made of. Absent = seen in every environment. Never serialized (Sentry's issue has no
   * such field).
   */
  environments?: string[];
}

export interface SentryIssue extends SentryIssueFields {
  [field: string]: unknown;
}

export interface SentryOrg {
  id: string;
  slug: string;
  name: string;
  links: { organizationUrl: string; regionUrl: string };
  [field: string]: unknown;
}

export interface SentryProject {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  [field: string]: unknown;
}

/** What a test may pass for an issue; `project` may name a project by id or slug only. */
export type IssueInput = Partial<Omit<SentryIssueFields, 'project'>> & {
  project?: Partial<SentryProjectRef>;
  [field: string]: unknown;
};

const EXAMPLES = 'sentry';

const exampleOrganizations = (): SentryOrg[] => readJsonFixture<SentryOrg[]>(`${EXAMPLES}/organizations.list.json`);
const exampleProjects = (): SentryProject[] => readJsonFixture<SentryProject[]>(`${EXAMPLES}/projects.list.json`);
const exampleIssueListItem = (): JsonObject => firstOf(readJsonFixture<JsonObject[]>(`${EXAMPLES}/organization-issues.list.json`));
export const exampleIssueDetails = (): JsonObject => readJsonFixture<JsonObject>(`${EXAMPLES}/issue.details.json`);
export const exampleLatestEvent = (): JsonObject => readJsonFixture<JsonObject>(`${EXAMPLES}/issue.latest-event.json`);

/** Real-world events recorded by GitLab's Sentry client tests (Ruby, with and without a stack trace). */
export const fixtureEvents = {
  rubyWithStack: (): JsonObject => readJsonFixture<JsonObject>('gitlab-sentry/issue_latest_event_sample_response.json'),
  rubyNoStack: (): JsonObject => readJsonFixture<JsonObject>('gitlab-sentry/issue_latest_event_no_stack_sample_response.json'),
};

function firstOf<T>(list: T[]): T {
  const first = list[0];
  if (first === undefined) throw new Error('shared contract example is an empty list');
  return first;
}

// ---------------------------------------------------------------------------------------------
// Organizations and projects

function organizationUrl(slug: string): string {
  return `https://${slug}.sentry.io`;
}

/** An org in the example's shape; links point at sentry.io's customer domain and the US region. */
export function makeOrg(partial: Partial<SentryOrg> & { slug: string }): SentryOrg {
  const template = firstOf(exampleOrganizations());
  return {
    ...template,
    name: partial.slug,
    ...partial,
    id: String(partial.id ?? template.id),
    links: { organizationUrl: organizationUrl(partial.slug), regionUrl: 'https://us.sentry.io', ...partial.links },
  };
}

export function makeProject(partial: Partial<SentryProject> & { slug: string; id: string | number }): SentryProject {
  const template = firstOf(exampleProjects());
  return { ...template, name: partial.slug, ...partial, id: String(partial.id) };
}

export function defaultOrgs(): SentryOrg[] {
  return exampleOrganizations().map((org) => makeOrg(org));
}

/**
 * Two projects in the first example org: "prime-mover" (the example project, listed first because Sentry
 * orders by slug) and "pump-station" (the project the issue examples belong to).
 */
export function defaultProjects(orgs: SentryOrg[]): Record<string, SentryProject[]> {
  const [firstOrg, ...otherOrgs] = orgs;
  if (!firstOrg) return {};
  const exampleProject = firstOf(exampleProjects());
  const projects: Record<string, SentryProject[]> = {
    [firstOrg.slug]: [
      makeProject({ ...exampleProject, id: exampleProject.id, slug: exampleProject.slug, platform: 'javascript' }),
      makeProject({ id: '2', slug: 'pump-station', name: 'Pump Station', platform: 'python' }),
    ],
  };
  for (const org of otherOrgs) projects[org.slug] = [];
  return projects;
}

// ---------------------------------------------------------------------------------------------
// Issues

// Sentry renders the per-project short-id counter in Crockford-style base32 (PROJ-1, …, PROJ-1A).
const BASE32_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(n: number): string {
  let out = '';
  let rest = n;
  do {
    out = BASE32_ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  } while (rest > 0);
  return out;
}

function shortIdFor(projectSlug: string, counter: number): string {
  return `${projectSlug.toUpperCase()}-${base32(counter)}`;
}

/**
 * Sentry's short form of a version, as the examples show it: a commit SHA is cut to 7 characters
 * (`17642328ead2…` → `1764232`), and `package@version` keeps the short form of its version part.
 */
export function shortVersionOf(version: string): string {
  const at = version.lastIndexOf('@');
  const bare = at > 0 ? version.slice(at + 1) : version;
  if (/^[0-9a-f]{12,64}$/i.test(bare)) return bare.slice(0, 7);
  return bare || version;
}

function issuePermalink(orgSlug: string, issueId: string): string {
  return `${organizationUrl(orgSlug)}/issues/${issueId}/`;
}

/** Hourly buckets for the last 24 h, as in `stats["24h"]`. */
function hourlyStats(nowMs: number, valueAt: (hour: number) => number): Array<[number, number]> {
  const currentHour = Math.floor(nowMs / 3_600_000) * 3600;
  return Array.from({ length: 24 }, (_, i) => [currentHour - (23 - i) * 3600, valueAt(i)] as [number, number]);
}

/** Daily buckets for the last 30 days, as in `stats["30d"]` of the issue details. */
export function dailyStats(nowMs: number, valueAt: (day: number) => number): Array<[number, number]> {
  const currentDay = Math.floor(nowMs / 86_400_000) * 86_400;
  return Array.from({ length: 30 }, (_, i) => [currentDay - (29 - i) * 86_400, valueAt(i)] as [number, number]);
}

/**
 * `stats["24h"]` that agree with the issue: no events after it was last seen (all zero when that was over
 * 24 hours ago), at least one in the hour it was last seen, a steady rate in step with its count, and never
 * more events than its count. Draws exactly 24 numbers from `random`, one per hour, whatever the issue.
 */
function realisticHourly(nowMs: number, lastSeenMs: number, count: number, random: () => number): Array<[number, number]> {
  const perHour = Math.min(40, Math.max(1, Math.round(count / 100)));
  const lastSeenHour = Math.floor(lastSeenMs / 3_600_000) * 3600;
  // One event is kept for the hour of the last one.
  let left = count - 1;
  return hourlyStats(nowMs, () => random()).map(([hour, draw]) => {
    if (hour > lastSeenHour) return [hour, 0];
    const events = Math.min(left, Math.floor(draw * (perHour + 1)));
    left -= events;
    return [hour, hour === lastSeenHour ? events + 1 : events];
  });
}

function priorityFor(level: string): string {
  if (level === 'fatal') return 'high';
  if (level === 'error') return 'medium';
  return 'low';
}

export interface IssueFactoryContext {
  orgSlugOfProject(projectIdOrSlug: string): string | undefined;
  findProject(ref: Partial<SentryProjectRef>): SentryProject | undefined;
  /** Global counter behind numeric issue ids. */
  nextIssueNumber(): number;
  /** Per-project counter behind short ids (PROJ-1, PROJ-2, …), as in Sentry. */
  nextShortIdNumber(projectId: string): number;
  now(): number;
}

/**
 * A complete issue in the list-item shape of organization-issues.list.json. Fields not given are
 * filled consistently (shortId from the project slug, permalink from the org, lifetime from count…).
 */
export function buildIssue(input: IssueInput, ctx: IssueFactoryContext): SentryIssue {
  const project = ctx.findProject(input.project ?? {});
  if (!project) throw new Error(`makeIssue: unknown project ${JSON.stringify(input.project)}`);
  const orgSlug = ctx.orgSlugOfProject(project.id) ?? 'unknown-org';
  const n = ctx.nextIssueNumber();
  const id = input.id ?? String(4_800_000_000 + n);
  const title = input.title ?? `Error: Stand-in issue ${n}`;
  const [errorType, ...valueParts] = title.split(': ');
  const lastSeen = input.lastSeen ?? new Date(ctx.now()).toISOString();
  const firstSeen = input.firstSeen ?? lastSeen;
  const count = String(input.count ?? '1');
  const userCount = input.userCount ?? 1;
  const level = input.level ?? 'error';
  const status = input.status ?? 'unresolved';
  const template = exampleIssueListItem();
  const { project: _ignored, ...rest } = input;
  const issue: SentryIssue = {
    ...template,
    annotations: [],
    assignedTo: null,
    culprit: 'app/index in main',
    filtered: null,
    hasSeen: false,
    inbox: null,
    isBookmarked: false,
    isPublic: false,
    isSubscribed: false,
    isUnhandled: false,
    logger: null,
    metadata: valueParts.length ? { type: errorType, value: valueParts.join(': ') } : { title },
    numComments: 0,
    owners: null,
    platform: project.platform,
    priority: priorityFor(level),
    shareId: null,
    stats: { '24h': hourlyStats(ctx.now(), () => 0) },
    subscriptionDetails: null,
    issueCategory: 'error',
    issueType: 'error',
    type: valueParts.length ? 'error' : 'default',
    derivedData: undefined,
    ...rest,
    id,
    shortId: input.shortId ?? shortIdFor(project.slug, ctx.nextShortIdNumber(project.id)),
    title,
    permalink: input.permalink ?? issuePermalink(orgSlug, id),
    level,
    status,
    substatus: input.substatus !== undefined ? input.substatus : defaultSubstatus(status),
    statusDetails: input.statusDetails ?? {},
    count,
    userCount,
    firstSeen,
    lastSeen,
    project: { id: project.id, name: project.name, slug: project.slug, platform: project.platform },
    lifetime: { count, userCount, firstSeen, lastSeen },
  };
  // derivedData is an AI-autofix summary in the example; a plain issue has none.
  if (!('derivedData' in input)) delete issue.derivedData;
  return issue;
}

function defaultSubstatus(status: string): string | null {
  if (status === 'unresolved') return 'ongoing';
  if (status === 'ignored') return 'archived_forever';
  return null;
}

// --- deterministic generation -----------------------------------------------------------------

/** Small seeded PRNG (mulberry32) so the default data set is identical on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

interface ErrorShape {
  title: string;
  culprit: string;
  filename: string;
  fn: string;
}

const JS_ERRORS: Array<(i: number) => ErrorShape> = [
  (i) => ({
    title: `TypeError: Cannot read properties of undefined (reading 'x${i}')`,
    culprit: `app/components/Widget${i}.tsx in render`,
    filename: `app/components/Widget${i}.tsx`,
    fn: 'render',
  }),
  (i) => ({
    title: `ReferenceError: handler${i} is not defined`,
    culprit: `app/events/dispatch.ts in onClick${i}`,
    filename: 'app/events/dispatch.ts',
    fn: `onClick${i}`,
  }),
  (i) => ({
    title: `Error: GET /api/v1/items/${i} failed with status 502`,
    culprit: 'app/api/client.ts in request',
    filename: 'app/api/client.ts',
    fn: 'request',
  }),
  (i) => ({
    title: `ChunkLoadError: Loading chunk ${i} failed.`,
    culprit: 'webpack/runtime/jsonp chunk loading in ?',
    filename: 'webpack/runtime/jsonp chunk loading',
    fn: '?',
  }),
  (i) => ({
    title: `TypeError: items${i}.map is not a function`,
    culprit: `app/views/List${i}.tsx in ListView`,
    filename: `app/views/List${i}.tsx`,
    fn: 'ListView',
  }),
  (i) => ({
    title: `SyntaxError: Unexpected token '<' in JSON at position ${i}`,
    culprit: 'app/api/parse.ts in parseBody',
    filename: 'app/api/parse.ts',
    fn: 'parseBody',
  }),
  (i) => ({
    title: `UnhandledRejection: Non-Error promise rejection captured with value: timeout-${i}`,
    culprit: 'app/sync/worker.ts in poll',
    filename: 'app/sync/worker.ts',
    fn: 'poll',
  }),
  (i) => ({
    title: `RangeError: Invalid time value in formatDate${i}`,
    culprit: 'app/utils/date.ts in formatDate',
    filename: 'app/utils/date.ts',
    fn: 'formatDate',
  }),
];

const PYTHON_ERRORS: ErrorShape[] = [
  {
    title: 'ZeroDivisionError: divided by 0',
    culprit: 'billing.invoice in average_cost',
    filename: 'billing/invoice.py',
    fn: 'average_cost',
  },
  { title: "KeyError: 'user_id'", culprit: 'accounts.views in profile', filename: 'accounts/views.py', fn: 'profile' },
  {
    title: "ValueError: invalid literal for int() with base 10: 'abc'",
    culprit: 'orders.forms in clean_quantity',
    filename: 'orders/forms.py',
    fn: 'clean_quantity',
  },
  {
    title: "AttributeError: 'NoneType' object has no attribute 'email'",
    culprit: 'notifications.mail in send_receipt',
    filename: 'notifications/mail.py',
    fn: 'send_receipt',
  },
  {
    title: 'OperationalError: could not connect to server: Connection refused',
    culprit: 'db.pool in connect',
    filename: 'db/pool.py',
    fn: 'connect',
  },
];

function levelFor(i: number): string {
  if (i % 17 === 3) return 'fatal';
  if (i % 9 === 4) return 'warning';
  if (i % 23 === 7) return 'info';
  return 'error';
}

const MINUTE = 60_000;
const DAY = 86_400_000;

interface GeneratedIssueSpec {
  project: SentryProject;
  error: ErrorShape;
  status: string;
  index: number;
}

function substatusFor(status: string, firstSeenMs: number, nowMs: number, random: () => number): string | null {
  if (status === 'resolved') return null;
  if (status === 'ignored') {
    const choices = ['archived_until_escalating', 'archived_forever', 'archived_until_condition_met'];
    return choices[Math.floor(random() * choices.length)] ?? 'archived_forever';
  }
  if (nowMs - firstSeenMs < 7 * DAY) return 'new';
  const r = random();
  if (r < 0.1) return 'regressed';
  if (r < 0.15) return 'escalating';
  return 'ongoing';
}

function statusDetailsFor(substatus: string | null): JsonObject {
  if (substatus === 'archived_until_escalating') return { ignoreUntilEscalating: true };
  if (substatus === 'archived_until_condition_met') return { ignoreCount: 100, ignoreWindow: 60 };
  return {};
}

function generateIssue(spec: GeneratedIssueSpec, random: () => number, ctx: IssueFactoryContext): SentryIssue {
  const nowMs = ctx.now();
  // Independent draws per field (and a per-index offset against ties) so that sorting by date, new,
  // freq and user each put a different issue first.
  const lastSeenMs = nowMs - Math.floor(random() * 20 * DAY) - 2 * MINUTE - spec.index * 1000;
  const firstSeenMs = lastSeenMs - Math.floor(random() * random() * 90 * DAY) - spec.index * 1000;
  const count = Math.floor(Math.exp(random() * 9)) + spec.index;
  const userCount = Math.min(count, Math.floor(Math.exp(random() * 7)));
  const level = levelFor(spec.index);
  const substatus = substatusFor(spec.status, firstSeenMs, nowMs, random);
  const [errorType, ...valueParts] = spec.error.title.split(': ');
  const hourly = realisticHourly(nowMs, lastSeenMs, count, () => random());
  return buildIssue(
    {
      project: { id: spec.project.id },
      title: spec.error.title,
      culprit: spec.error.culprit,
      level,
      status: spec.status,
      substatus,
      statusDetails: statusDetailsFor(substatus),
      count: String(count),
      userCount,
      firstSeen: new Date(firstSeenMs).toISOString(),
      lastSeen: new Date(lastSeenMs).toISOString(),
      metadata: {
        type: errorType,
        value: valueParts.join(': '),
        filename: spec.error.filename,
        function: spec.error.fn,
        in_app_frame_mix: 'in-app-only',
      },
      isUnhandled: spec.index % 3 === 0,
      hasSeen: random() < 0.4,
      numComments: spec.index % 11 === 0 ? 2 : 0,
      assignedTo: spec.index % 13 === 0 ? { type: 'user', id: '1', name: 'John Doe', email: 'john.doe@example.com' } : null,
      inbox: substatus === 'new' ? { reason: 0, reason_details: null, date_added: new Date(firstSeenMs).toISOString() } : null,
      stats: { '24h': hourly },
      environments: defaultEnvironmentsAt(spec.index),
    },
    ctx,
  );
}

/** How many issues of each status the default data set puts in a project. */
export interface ProjectIssueMix {
  unresolved: number;
  ignored: number;
  resolved: number;
}

const DEFAULT_ISSUE_MIX: readonly ProjectIssueMix[] = [
  { unresolved: 130, ignored: 12, resolved: 8 },
  { unresolved: 3, ignored: 1, resolved: 1 },
];

/**
 * The default issues: per DEFAULT_ISSUE_MIX for the first two projects of the first org.
 * Statuses are shuffled (seeded) so resolved/ignored issues are interleaved with unresolved ones
 * in every sort order.
 */
export function generateDefaultIssues(projects: SentryProject[], ctx: IssueFactoryContext, seed = 20_240_611): SentryIssue[] {
  const random = seededRandom(seed);
  const issues: SentryIssue[] = [];
  projects.slice(0, DEFAULT_ISSUE_MIX.length).forEach((project, projectIndex) => {
    const mix = DEFAULT_ISSUE_MIX[projectIndex];
    if (!mix) return;
    const statuses = shuffled(
      [
        ...Array<string>(mix.unresolved).fill('unresolved'),
        ...Array<string>(mix.ignored).fill('ignored'),
        ...Array<string>(mix.resolved).fill('resolved'),
      ],
      random,
    );
    statuses.forEach((status, index) => {
      const error =
        project.platform === 'python'
          ? (PYTHON_ERRORS[index % PYTHON_ERRORS.length] as ErrorShape)
          : (JS_ERRORS[index % JS_ERRORS.length] as (i: number) => ErrorShape)(index + 1);
      issues.push(generateIssue({ project, error, status, index }, random, ctx));
    });
  });
  return issues;
}
