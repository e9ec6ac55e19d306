import type * as z from 'zod/mini';
import { failedWith, RemoteError, unlessFailedWith } from '../domain/errors';
import { detailOf, requestJson, type HttpResponse } from '../remote/http';
import { parseRemote } from '../remote/parse';
import { GraphqlEnvelope } from './graphql-schemas';
import {
  GitlabClientKey,
  GitlabClientKeyList,
  GitlabCommit,
  GitlabErrorTrackingSettings,
  GitlabIssue,
  GitlabIssueList,
  GitlabMember,
  GitlabMergeRequestChanges,
  GitlabMergeRequestCommitList,
  GitlabMergeRequestDiffList,
  GitlabProject,
  GitlabProjectList,
  GitlabTokenInfo,
  GitlabUser,
  type GitlabMergeRequestCommit,
  type GitlabMergeRequestDiff,
} from './schemas';

export interface GitlabConnection {
  baseUrl: string;
  token: string;
}

interface CallOptions {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  params?: Record<string, string>;
  json?: unknown;
  /** What we were doing, for messages: "create an issue in group/app". */
  what: string;
}

/** The API path of a project, by its id or its full path. */
const projectPath = (idOrPath: number | string) => `/api/v4/projects/${encodeURIComponent(String(idOrPath))}`;
/** GitLab shows at most 3,000 files of a merge request (its diff_max_files limit): 30 pages of 100. */
const MAX_DIFF_PAGES = 30;

export class GitlabClient {
  constructor(private readonly connection: GitlabConnection) {}

  /** Where this GitLab lives; links from its answers must point here. */
  get baseUrl(): string {
    return this.connection.baseUrl;
  }

  async currentUser(): Promise<GitlabUser> {
    const response = await this.call('/api/v4/user', { what: 'verify the token' });
    const user = GitlabUser.safeParse(response.body);
    if (!user.success) {
      throw new RemoteError('bad-response', `${this.connection.baseUrl} answered, but not like GitLab. Is the GitLab URL right?`);
    }
    return user.data;
  }

  /** The token's scopes; undefined on GitLab versions without this endpoint. */
  async tokenInfo(): Promise<z.infer<typeof GitlabTokenInfo> | undefined> {
    const scopes = this.read(GitlabTokenInfo, '/api/v4/personal_access_tokens/self', { what: 'read the token’s scopes' });
    return unlessFailedWith(scopes, ['not-found', 'forbidden'], undefined);
  }

  async searchProjects(search: string): Promise<GitlabProject[]> {
    return this.read(GitlabProjectList, '/api/v4/projects', {
      params: { membership: 'true', search, search_namespaces: 'true', simple: 'true', order_by: 'last_activity_at', per_page: '10' },
      what: 'search your projects',
    });
  }

  async getProject(idOrPath: number | string): Promise<GitlabProject> {
    return this.read(GitlabProject, projectPath(idOrPath), { what: `read the project ${idOrPath}` });
  }

  /** The project's Error Tracking settings (Maintainer only), or null where none were ever saved (404). */
  async errorTrackingSettings(projectId: number): Promise<z.infer<typeof GitlabErrorTrackingSettings> | null> {
    const settings = this.read(GitlabErrorTrackingSettings, `${projectPath(projectId)}/error_tracking/settings`, {
      what: 'read the project’s Error Tracking settings',
    });
    return unlessFailedWith(settings, ['not-found'], null);
  }

  async clientKeys(projectId: number): Promise<GitlabClientKey[]> {
    return this.read(GitlabClientKeyList, `${projectPath(projectId)}/error_tracking/client_keys`, {
      params: { per_page: '100' },
      what: 'list the client keys',
    });
  }

  async createClientKey(projectId: number): Promise<GitlabClientKey> {
    return this.read(GitlabClientKey, `${projectPath(projectId)}/error_tracking/client_keys`, {
      method: 'POST',
      what: 'create a client key',
    });
  }

  async deleteClientKey(projectId: number, keyId: number): Promise<void> {
    await this.call(`${projectPath(projectId)}/error_tracking/client_keys/${keyId}`, {
      method: 'DELETE',
      what: 'remove the client key',
    });
  }

  async searchIssues(projectId: number, search: string): Promise<GitlabIssue[]> {
    return this.read(GitlabIssueList, `${projectPath(projectId)}/issues`, {
      params: { search, in: 'description', state: 'all', per_page: '20' },
      what: 'search the project’s issues',
    });
  }

  /** The user's role in the project, inherited ones included; 0 for someone who is not a member. */
  async memberAccessLevel(projectId: number, userId: number): Promise<number> {
    const member = this.read(GitlabMember, `${projectPath(projectId)}/members/all/${userId}`, { what: 'read the project’s members' });
    // Not a member, or members hidden from this user: either way not someone to trust.
    return unlessFailedWith(
      member.then((found) => found.access_level),
      ['not-found', 'forbidden'],
      0,
    );
  }

  async getIssue(projectId: number, iid: number): Promise<GitlabIssue> {
    return this.read(GitlabIssue, `${projectPath(projectId)}/issues/${iid}`, { what: `read issue #${iid}` });
  }

  async createIssue(projectId: number, title: string, description: string): Promise<GitlabIssue> {
    return this.read(GitlabIssue, `${projectPath(projectId)}/issues`, {
      method: 'POST',
      json: { title, description },
      what: 'create the issue',
    });
  }

  async closeIssue(projectId: number, iid: number): Promise<GitlabIssue> {
    return this.read(GitlabIssue, `${projectPath(projectId)}/issues/${iid}`, {
      method: 'PUT',
      json: { state_event: 'close' },
      what: `close issue #${iid}`,
    });
  }

  async addNote(projectId: number, iid: number, body: string): Promise<void> {
    await this.call(`${projectPath(projectId)}/issues/${iid}/notes`, {
      method: 'POST',
      json: { body },
      what: `comment on issue #${iid}`,
    });
  }

  /** The commit, or undefined when the repository has none with that SHA. */
  async getCommit(projectId: number, sha: string): Promise<z.infer<typeof GitlabCommit> | undefined> {
    const commit = this.read(GitlabCommit, `${projectPath(projectId)}/repository/commits/${encodeURIComponent(sha)}`, {
      what: `look up commit ${sha}`,
    });
    return unlessFailedWith(commit, ['not-found'], undefined);
  }

  /**
   * The files a merge request changes, with their diffs: every page of `/diffs` (GitLab 15.7 and later), or the
   * older `/changes` where that endpoint does not exist.
   */
  async mergeRequestDiffs(project: number | string, iid: number): Promise<GitlabMergeRequestDiff[]> {
    const base = `${projectPath(project)}/merge_requests/${iid}`;
    const what = `read the changes of merge request !${iid}`;
    const files: GitlabMergeRequestDiff[] = [];
    let page: string | null = '1';
    for (let read = 0; page && read < MAX_DIFF_PAGES; read++) {
      let response: HttpResponse;
      try {
        response = await this.call(`${base}/diffs`, {
          params: { per_page: '100', page },
          what,
        });
      } catch (error) {
        // A missing merge request is refused by `/changes` too; a missing endpoint means an older GitLab.
        if (read > 0 || !failedWith(error, 'not-found')) throw error;
        return parse(GitlabMergeRequestChanges, (await this.call(`${base}/changes`, { what })).body, what).changes;
      }
      files.push(...parse(GitlabMergeRequestDiffList, response.body, what));
      const next = response.headers.get('x-next-page');
      page = next && /^\d+$/.test(next) ? next : null;
    }
    return files;
  }

  /** A merge request's commits, newest first: its first page of 100. */
  async mergeRequestCommits(project: number | string, iid: number): Promise<GitlabMergeRequestCommit[]> {
    return this.read(GitlabMergeRequestCommitList, `${projectPath(project)}/merge_requests/${iid}/commits`, {
      params: { per_page: '100' },
      what: `read the commits of merge request !${iid}`,
    });
  }

  /** Whether the repository has this file at `ref` (a branch or a commit): HEAD, so no content travels. */
  async fileExists(projectId: number, path: string, ref: string): Promise<boolean> {
    const found = this.call(`${projectPath(projectId)}/repository/files/${encodeURIComponent(path)}`, {
      method: 'HEAD',
      params: { ref },
      what: `look up ${path}`,
    }).then(() => true);
    return unlessFailedWith(found, ['not-found'], false);
  }

  /** A GraphQL query with the token. GraphQL errors become one sentence; data is parsed by the caller. */
  async graphql<T>(schema: z.ZodMiniType<T>, query: string, variables: Record<string, unknown>, what: string): Promise<T> {
    const response = await this.call('/api/graphql', { method: 'POST', json: { query, variables }, what });
    const envelope = parse(GraphqlEnvelope, response.body, what);
    if (envelope.errors?.length) {
      throw new RemoteError(
        'bad-request',
        `GitLab could not ${what}: ${envelope.errors
          .map((e) => e.message)
          .join('; ')
          .slice(0, 300)}`,
      );
    }
    return parse(schema, envelope.data, what);
  }

  /** A call whose answer is parsed with `schema`. */
  private async read<T>(schema: z.ZodMiniType<T>, path: string, options: CallOptions): Promise<T> {
    return parse(schema, (await this.call(path, options)).body, options.what);
  }

  private async call(path: string, options: CallOptions): Promise<HttpResponse> {
    const url = new URL(`${this.connection.baseUrl}${path}`);
    url.search = String(new URLSearchParams(options.params));
    const response = await requestJson({
      url,
      method: options.method,
      json: options.json,
      headers: { 'PRIVATE-TOKEN': this.connection.token },
      service: 'GitLab',
    });
    if (response.status >= 200 && response.status < 300) return response;
    throw gitlabFailure(response, url, options.what);
  }
}

function gitlabFailure(response: HttpResponse, url: URL, what: string): RemoteError {
  const { status, body, headers } = response;
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const description = typeof record.error_description === 'string' ? record.error_description : '';
  const detail = description || flattenMessage(record.message) || detailOf(body);
  if (status === 401) {
    if (/expired/i.test(description)) {
      return new RemoteError('auth', 'GitLab says the personal access token has expired. Create a new one with the api scope.', status);
    }
    if (/revoked/i.test(description)) {
      return new RemoteError('auth', 'GitLab says the personal access token was revoked. Create a new one with the api scope.', status);
    }
    return new RemoteError(
      'auth',
      `GitLab rejected the personal access token${detail ? ` (“${detail}”)` : ''}. Check it, or create one with the api scope.`,
      status,
    );
  }
  if (status === 403) {
    if (record.error === 'insufficient_scope' || /scope|higher privileges/i.test(detail ?? '')) {
      return new RemoteError('forbidden', `The personal access token lacks the api scope needed to ${what}.`, status);
    }
    return new RemoteError('forbidden', `GitLab does not let you ${what}${detail ? ` (“${detail}”)` : ''}.`, status);
  }
  if (status === 404) return new RemoteError('not-found', `GitLab could not ${what}: not found (or not visible to you).`, status);
  if (status === 409)
    return new RemoteError(
      'bad-request',
      `GitLab refused to ${what}: it conflicts with a change made meanwhile${detail ? ` (${detail})` : ''}.`,
      status,
    );
  if (status === 400 || status === 422) {
    return new RemoteError('bad-request', `GitLab refused to ${what}${detail ? `: ${detail}` : '.'}`, status);
  }
  if (status === 429) {
    const retryAfter = Number(headers.get('retry-after'));
    const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 60;
    return new RemoteError(
      'rate-limited',
      `GitLab's rate limit was reached; try again in ${Math.ceil(seconds)} s.`,
      status,
      Date.now() + seconds * 1000,
    );
  }
  if (status >= 500)
    return new RemoteError('server', `GitLab had a server error (HTTP ${status}) trying to ${what}. Try again later.`, status);
  return new RemoteError('bad-response', `GitLab answered HTTP ${status} when asked to ${what} at ${url.origin}.`, status);
}

/** GitLab's `message` is a string, or a map of field → errors (`{"title": ["can't be blank"]}`). */
function flattenMessage(message: unknown): string | undefined {
  if (typeof message === 'string') return message.slice(0, 300);
  if (message && typeof message === 'object') {
    return Object.entries(message as Record<string, unknown>)
      .map(([field, errors]) => `${field} ${Array.isArray(errors) ? errors.join(', ') : String(errors)}`)
      .join('; ')
      .slice(0, 300);
  }
  return undefined;
}

const parse = <T>(schema: z.ZodMiniType<T>, body: unknown, what: string): T => parseRemote(schema, body, 'GitLab', what);
