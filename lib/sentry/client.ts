import type * as z from 'zod/mini';
import { failedWith, RemoteError, unlessFailedWith } from '../domain/errors';
import { checkedErrorId } from '../domain/error-id';
import { detailOf, requestJson, type HttpResponse } from '../remote/http';
import { parseRemote } from '../remote/parse';
import type { ErrorDetails, ErrorEvent, ErrorPage, ErrorSummary, ListQuery, StatusChange } from '../domain/model';
import { SentryEventShape } from './event';
import { toErrorDetails, toErrorEvent, toErrorSummary } from './map';
import { parseCursorLinks } from './link-header';
import { apiBaseFor } from './hosts';
import { environmentParams, searchQuery, sortParam } from './query';
import { RateLimitGate, rateLimitedError } from './rate-limit';
import {
  SentryIssue,
  SentryIssueDetails,
  SentryIssueList,
  SentryReleaseList,
  SentryEnvironmentList,
  SentryOrganizationList,
  sentryIssuesCount,
  SentryProjectList,
  type SentryOrganization,
  type SentryProject,
} from './schemas';

export interface SentryConnection {
  baseUrl: string;
  token: string;
}

/** Where a linked Sentry project lives. */
export interface SentryTarget {
  org: string;
  projectId: string;
  projectSlug: string;
  regionUrl?: string;
}

const PAGE_SIZE = 100;
const MAX_PAGES = 20;
const ISSUES_COUNT_CAP = 100;

interface CallOptions {
  /** The organization's region (`links.regionUrl`): its API host where the token may go there (./hosts). */
  region?: string | null;
  params?: Array<[string, string]>;
  method?: 'GET' | 'PUT' | 'POST';
  json?: unknown;
  /** The scope Sentry wants for this call, named in a 403 message. */
  scope: string;
  /** What we were doing, for messages: "list organizations". */
  what: string;
}

const sharedGate = new RateLimitGate();
/** The API path of an organization, for the routes under it. */
const organizationPath = (org: string) => `/api/0/organizations/${encodeURIComponent(org)}/`;
/** The API path of a project, for the older project-scoped routes. */
const projectPath = (target: SentryTarget) =>
  `/api/0/projects/${encodeURIComponent(target.org)}/${encodeURIComponent(target.projectSlug)}/`;

export class SentryClient {
  constructor(
    private readonly connection: SentryConnection,
    private readonly gate: RateLimitGate = sharedGate,
  ) {}

  async listOrganizations(): Promise<SentryOrganization[]> {
    return this.allPages('/api/0/organizations/', SentryOrganizationList, {
      scope: 'org:read',
      what: 'list organizations',
    });
  }

  async listProjects(org: Pick<SentryOrganization, 'slug' | 'links'>): Promise<SentryProject[]> {
    return this.allPages(`${organizationPath(org.slug)}projects/`, SentryProjectList, {
      region: org.links?.regionUrl,
      scope: 'org:read',
      what: `list the projects of ${org.slug}`,
    });
  }

  async listIssues(target: SentryTarget, query: ListQuery, cursor?: string, limit = PAGE_SIZE): Promise<ErrorPage> {
    return this.searchIssues(target, searchQuery(query), sortParam(query.sort), cursor, limit, environmentParams(query.environment));
  }

  /** Issue search with a raw Sentry query (`is:unresolved firstRelease:"1.0"`); `filters` are further parameters. */
  async searchIssues(
    target: SentryTarget,
    query: string,
    sort = 'date',
    cursor?: string,
    limit = PAGE_SIZE,
    filters: Array<[string, string]> = [],
  ): Promise<ErrorPage> {
    const params: Array<[string, string]> = [
      ['query', query],
      ['sort', sort],
      ['limit', String(limit)],
      // Stats stay: their hourly buckets are the rows' sparklines (the period is named per route below).
      ...['lifetime', 'filtered', 'unhandled'].map((c): [string, string] => ['collapse', c]),
      ...filters,
    ];
    if (cursor) params.push(['cursor', cursor]);
    const options = {
      region: target.regionUrl,
      scope: 'event:read',
      what: `list the errors of ${target.org} / ${target.projectSlug}`,
    };
    let response: HttpResponse;
    try {
      response = await this.call(`${organizationPath(target.org)}issues/`, {
        ...options,
        // On this route `statsPeriod` would be the search window; the sparkline's period is `groupStatsPeriod`.
        params: [['project', target.projectId], ...params, ['groupStatsPeriod', '24h']],
      });
    } catch (error) {
      // Sentry versions before the organization issue search only have the (deprecated) project route.
      if (!failedWith(error, 'not-found')) throw error;
      response = await this.call(`${projectPath(target)}issues/`, { ...options, params: [...params, ['statsPeriod', '24h']] });
    }
    const issues = parse(SentryIssueList, response.body, options.what);
    const links = parseCursorLinks(response.headers.get('link'));
    const hits = headerNumber(response.headers.get('x-hits'));
    const maxHits = headerNumber(response.headers.get('x-max-hits'));
    return {
      errors: issues.map((issue) => toErrorSummary(issue, this.connection.baseUrl)),
      nextCursor: links.next,
      previousCursor: links.previous,
      total: hits ?? (links.next || cursor ? undefined : issues.length),
      totalCapped: hits !== undefined && maxHits !== undefined && hits >= maxHits,
    };
  }

  async getIssue(target: SentryTarget, issueId: string): Promise<ErrorDetails> {
    const what = `read error ${issueId}`;
    const response = await this.issueCall(target, issueId, {
      params: [
        ['collapse', 'tags'],
        ['expand', 'integrationIssues'],
      ],
      scope: 'event:read',
      what,
    });
    return toErrorDetails(parse(SentryIssueDetails, response.body, what), this.connection.baseUrl);
  }

  /** The newest event with its stack trace, or null when Sentry keeps none for this error. */
  async latestEvent(target: SentryTarget, issueId: string): Promise<ErrorEvent | null> {
    const what = `read the latest event of error ${issueId}`;
    const event = this.call(`${this.issuePath(target, issueId)}events/latest/`, { region: target.regionUrl, scope: 'event:read', what });
    return unlessFailedWith(
      event.then((response) => toErrorEvent(parse(SentryEventShape, response.body, what))),
      ['not-found'],
      null,
    );
  }

  async updateStatus(target: SentryTarget, issueId: string, change: StatusChange): Promise<ErrorSummary> {
    const what = `change the status of error ${issueId}`;
    const response = await this.issueCall(target, issueId, { method: 'PUT', json: statusBody(change), scope: 'event:write', what });
    return toErrorSummary(parse(SentryIssue, response.body, what), this.connection.baseUrl);
  }

  /** Release versions of the project that contain `text` (Sentry matches versions by substring). */
  async releaseVersions(target: SentryTarget, text: string): Promise<string[]> {
    const what = `list the releases of ${target.org} / ${target.projectSlug}`;
    const response = await this.call(`${organizationPath(target.org)}releases/`, {
      region: target.regionUrl,
      params: [
        ['project', target.projectId],
        ['query', text],
        ['per_page', '10'],
      ],
      scope: 'project:read',
      what,
    });
    return parse(SentryReleaseList, response.body, what).map((release) => release.version);
  }

  /** The project's visible environments, by name, in Sentry's order (by name). */
  async listEnvironments(target: SentryTarget): Promise<string[]> {
    const what = `list the environments of ${target.org} / ${target.projectSlug}`;
    const response = await this.call(`${projectPath(target)}environments/`, {
      region: target.regionUrl,
      params: [['visibility', 'visible']],
      scope: 'project:read',
      what,
    });
    // Events sent without an environment may show as an environment named '': not one a list can offer.
    const names = parse(SentryEnvironmentList, response.body, what).map((environment) => environment.name);
    return [...new Set(names.filter(Boolean))];
  }

  private issuePath(target: SentryTarget, issueId: string): string {
    return `${organizationPath(target.org)}issues/${checkedErrorId(issueId)}/`;
  }

  /**
   * An issue's own route. Sentry versions from before organization-scoped issue routes only answer
   * `/api/0/issues/{id}/`, which current Sentry still serves (deprecated): that is the fallback on a 404.
   */
  private async issueCall(target: SentryTarget, issueId: string, options: Omit<CallOptions, 'region'>): Promise<HttpResponse> {
    const region = target.regionUrl;
    try {
      return await this.call(this.issuePath(target, issueId), { ...options, region });
    } catch (error) {
      if (!failedWith(error, 'not-found')) throw error;
      return this.call(`/api/0/issues/${checkedErrorId(issueId)}/`, { ...options, region });
    }
  }

  /** Sentry's issues-count endpoint, for servers that send no X-Hits. It stops counting at 100. */
  async countIssues(target: SentryTarget, query: string, environment?: string): Promise<{ count: number; capped: boolean }> {
    const what = `count the errors of ${target.org} / ${target.projectSlug}`;
    const response = await this.call(`${organizationPath(target.org)}issues-count/`, {
      region: target.regionUrl,
      params: [['project', target.projectId], ['query', query], ...environmentParams(environment)],
      scope: 'event:read',
      what,
    });
    const counts = parse(sentryIssuesCount(query), response.body, what);
    const count = Array.isArray(counts) ? 0 : (counts[query] ?? 0);
    return { count, capped: count >= ISSUES_COUNT_CAP };
  }

  private async allPages<T>(path: string, schema: z.ZodMiniType<T[]>, options: CallOptions): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const params: Array<[string, string]> = [['per_page', '100']];
      if (cursor) params.push(['cursor', cursor]);
      const response = await this.call(path, { ...options, params });
      all.push(...parse(schema, response.body, options.what));
      cursor = parseCursorLinks(response.headers.get('link')).next;
      if (!cursor) break;
    }
    return all;
  }

  private async call(path: string, options: CallOptions): Promise<HttpResponse> {
    const url = new URL(`${apiBaseFor(this.connection.baseUrl, options.region)}${path}`);
    url.search = String(new URLSearchParams(options.params));
    for (let attempt = 0; ; attempt++) {
      await this.gate.pass(url.host);
      const response = await requestJson({
        url,
        method: options.method,
        json: options.json,
        headers: { Authorization: `Bearer ${this.connection.token}` },
        service: 'Sentry',
      });
      const retryAt = this.gate.observe(url.host, response.status, response.headers);
      if (response.status === 429 && retryAt !== undefined) {
        // One polite retry when Sentry's window reopens within moments; otherwise report it.
        if (attempt === 0 && retryAt - Date.now() <= 3_000) continue;
        throw rateLimitedError(retryAt);
      }
      if (response.status >= 200 && response.status < 300) return response;
      throw sentryFailure(response, url, options);
    }
  }
}

/** The bodies Sentry's own UI sends; ignoring is "archived forever" unless another option is picked. */
export function statusBody(change: StatusChange): Record<string, unknown> {
  switch (change.action) {
    case 'resolve':
      return { status: 'resolved', statusDetails: {}, substatus: null };
    case 'unresolve':
      return { status: 'unresolved', statusDetails: {} };
    case 'ignore':
      if (change.duration === 'forever') return { status: 'ignored', substatus: 'archived_forever', statusDetails: {} };
      if (change.duration === 'until_escalating') {
        return { status: 'ignored', substatus: 'archived_until_escalating', statusDetails: {} };
      }
      return { status: 'ignored', substatus: 'archived_until_condition_met', statusDetails: { ignoreDuration: Number(change.duration) } };
  }
}

function sentryFailure(response: HttpResponse, url: URL, options: CallOptions): RemoteError {
  const { status, body } = response;
  const detail = detailOf(body);
  if (status === 401) {
    return new RemoteError(
      'auth',
      `Sentry rejected the Auth Token${detail ? ` (“${detail}”)` : ''}. Create a token with the scopes org:read, project:read, event:read and event:write.`,
      status,
    );
  }
  if (status === 403) {
    return new RemoteError(
      'forbidden',
      `The Auth Token may not ${options.what}: it needs the ${options.scope} scope${detail ? ` (Sentry said “${detail}”)` : ''}.`,
      status,
    );
  }
  if (status === 404) {
    return new RemoteError('not-found', `Sentry could not ${options.what}: not found at ${url.origin}${url.pathname}.`, status);
  }
  if (status === 400 && detail?.startsWith('Invalid origin')) {
    return new RemoteError('bad-request', `Sentry refused the request because of its Origin header (${detail}).`, status);
  }
  if (status >= 500) {
    return new RemoteError(
      'server',
      `Sentry had a server error (HTTP ${status}) trying to ${options.what}. It will be tried again.`,
      status,
    );
  }
  return new RemoteError('bad-request', `Sentry refused to ${options.what} (HTTP ${status})${detail ? `: ${detail}` : '.'}`, status);
}

const parse = <T>(schema: z.ZodMiniType<T>, body: unknown, what: string): T => parseRemote(schema, body, 'Sentry', what);

function headerNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
