import { RemoteError, toFailure, type Failure } from '../../domain/errors';
import type { ErrorSummary } from '../../domain/model';
import type { GitlabClient } from '../../gitlab/client';
import { gitlabClient, resolveLinkProject } from '../../gitlab/connection';
import { issueDescription, issueMarker } from '../../gitlab/issue-description';
import { codeSpan, inertTitle, markdownUrl } from '../../gitlab/markdown';
import { shaFromRelease } from '../../gitlab/release-sha';
import { issueIidFromUrl } from '../../gitlab/issue-url';
import { cannotCreateReason, REPORTER } from '../../gitlab/project-access';
import type { GitlabIssue, GitlabProject } from '../../gitlab/schemas';
import { urlOnOrigin } from '../../remote/safe-url';
import { updateItem } from '../../store/queue';
import { commitCacheItem, gitlabConnectionItem, linkedIssuesItem, type ProjectLink } from '../../store/storage';
import { InFlight } from '../../util/in-flight';
import type { CreatedIssue, ErrorDetailsResult, LinkedIssue } from '../types';

const issueKey = (projectId: number, errorId: string) => `${projectId}:${errorId}`;

/**
 * Whether an issue may stand for an error: written by the token's user, or by someone with at least the
 * Reporter role in the project. In a public project anyone can open an issue quoting the permalink (even
 * with the marker); such an issue must not become the error's issue, nor be closed on Resolve.
 */
async function fromTrustedAuthor(client: GitlabClient, project: GitlabProject, issue: GitlabIssue): Promise<boolean> {
  const author = issue.author;
  if (!author) return false;
  const me = await gitlabConnectionItem.getValue();
  if (me && (me.userId !== undefined ? author.id === me.userId : author.username === me.username)) return true;
  // GitLab's own bar for linking an error to an issue (sentry_issue_attributes need Reporter or above).
  return (await client.memberAccessLevel(project.id, author.id)) >= REPORTER;
}

/**
 * The GitLab issue for an error, however it was made: remembered here, linked from Sentry, or found by the
 * Sentry permalink in an issue description (another browser, another machine, a retry after a timeout).
 * Issues found in GitLab count only from trusted authors; Sentry's own links are trusted as they are.
 */
export async function findLinkedIssue(
  client: GitlabClient,
  project: GitlabProject,
  error: Pick<ErrorSummary, 'id' | 'permalink'>,
  externalIssueUrls: string[] = [],
): Promise<LinkedIssue | undefined> {
  const key = issueKey(project.id, error.id);
  const remembered = (await linkedIssuesItem.getValue())[key];
  let found: GitlabIssue | undefined;
  if (remembered) {
    const issue = await client.getIssue(project.id, remembered.iid).catch(() => undefined);
    // Versions before the author check may have remembered a stranger's issue.
    if (issue && (await fromTrustedAuthor(client, project, issue))) found = issue;
  }
  if (!found) {
    const iid = externalIssueUrls.map((url) => issueIidFromUrl(url, project.web_url ?? '')).find((n) => n !== undefined);
    if (iid !== undefined) found = await client.getIssue(project.id, iid).catch(() => undefined);
  }
  if (!found && error.permalink) found = await findByPermalink(client, project, error.id, error.permalink);
  if (!found) return undefined;
  await remember(key, found, client);
  return { iid: found.iid, webUrl: urlOnOrigin(found.web_url, client.baseUrl), state: found.state };
}

/** Issues quoting the permalink: those made for the error (the marker) first, then the oldest. */
async function findByPermalink(
  client: GitlabClient,
  project: GitlabProject,
  errorId: string,
  url: string,
): Promise<GitlabIssue | undefined> {
  // Descriptions carry the permalink as written by issueDescription (Markdown-safe).
  const permalink = markdownUrl(url);
  const marker = issueMarker(errorId);
  const marked = (issue: GitlabIssue) => Number(Boolean(issue.description?.includes(marker)));
  const candidates = (await client.searchIssues(project.id, permalink))
    .filter((issue) => issue.description?.includes(permalink))
    .sort((a, b) => marked(b) - marked(a) || a.iid - b.iid);
  for (const issue of candidates) {
    if (await fromTrustedAuthor(client, project, issue)) return issue;
  }
  return undefined;
}

async function remember(key: string, issue: GitlabIssue, client: GitlabClient): Promise<void> {
  const webUrl = urlOnOrigin(issue.web_url, client.baseUrl);
  await updateItem(linkedIssuesItem, (linked) =>
    linked[key]?.iid === issue.iid ? linked : { ...linked, [key]: { iid: issue.iid, webUrl } },
  );
}

const creating = new InFlight<CreatedIssue>();

/** Exactly one issue per error: concurrent calls share one attempt, and every attempt looks first. */
export function createIssueOnce(client: GitlabClient, project: GitlabProject, result: ErrorDetailsResult): Promise<CreatedIssue> {
  const key = issueKey(project.id, result.details.id);
  return creating.run(key, async () => {
    const existing = await findLinkedIssue(client, project, result.details, result.details.externalIssueUrls);
    if (existing) return { ...existing, existed: true };
    const reason = cannotCreateReason(project);
    if (reason) throw new RemoteError('forbidden', reason);
    const issue = await client.createIssue(project.id, inertTitle(result.details.title), issueDescription(result.details, result.event));
    await remember(key, issue, client);
    return { iid: issue.iid, webUrl: urlOnOrigin(issue.web_url, client.baseUrl), state: issue.state, existed: false };
  });
}

/** After Resolve: closes the error's open GitLab issue, with a note saying why. */
export async function closeIssueAfterResolve(
  link: ProjectLink,
  error: ErrorSummary,
): Promise<{ closedIssue?: LinkedIssue; closeFailure?: Failure }> {
  const client = await gitlabClient();
  if (!client) return {};
  try {
    const project = await resolveLinkProject(client, link);
    const issue = await findLinkedIssue(client, project, error);
    if (issue?.state !== 'opened') return {};
    await client.closeIssue(project.id, issue.iid);
    const label = error.shortId ? codeSpan(error.shortId) : 'the Sentry issue';
    const sentryRef = error.permalink ? `[${label}](${markdownUrl(error.permalink)})` : label;
    await client.addNote(project.id, issue.iid, `The error was resolved in Sentry (${sentryRef}), so this issue was closed.`);
    return { closedIssue: { ...issue, state: 'closed' } };
  } catch (failure) {
    return { closeFailure: toFailure(failure) };
  }
}

/** The project's commit named by a release version, cached (commits do not change). */
export async function commitForRelease(client: GitlabClient, projectId: number, release: string) {
  const sha = shaFromRelease(release);
  if (!sha) return undefined;
  const key = `${projectId}:${sha}`;
  const cache = await commitCacheItem.getValue();
  let value = cache[key];
  if (!(key in cache)) {
    const commit = await client.getCommit(projectId, sha);
    const fetched = commit ? { shortId: commit.short_id, webUrl: commit.web_url } : null;
    await updateItem(commitCacheItem, (current) => ({ ...current, [key]: fetched }));
    value = fetched;
  }
  // Checked on the way out, so what an older version cached is checked too.
  return value ? { ...value, webUrl: urlOnOrigin(value.webUrl, client.baseUrl) } : undefined;
}
