import type { MergeRequestErrorRow, RequestOf } from '@/lib/protocol/replies';
import { RemoteError } from '@/lib/domain/errors';
import type { ErrorSummary } from '@/lib/domain/model';
import { changedNewLines } from '@/lib/domain/unified-diff';
import { requireGitlabClient } from '@/lib/gitlab/connection';
import type { GitlabMergeRequestCommit } from '@/lib/gitlab/schemas';
import { findLink } from '@/lib/store/links';
import { gitlabOriginOf, type ProjectLink } from '@/lib/store/storage';
import { FreshPromises } from '@/lib/util/bounded-map';
import { backendForLink } from '@/lib/backends/for-link';
import { recentOwnFrames } from '@/lib/background/errors/recent-frames';
import { frameHits, indexByFileName } from './frame-hits';

/** Each commit costs Sentry a release lookup and a search or more: the newest 20 of a merge request are asked about. */
const FIRST_SEEN_COMMITS = 20;
const firstSeen = new FreshPromises<ErrorSummary[]>({ max: 500, freshMs: 5 * 60_000 });

/**
 * The errors about a merge request: the link's recent unresolved errors whose own-code frames point into the
 * files it changes (with the lines, and whether it changes them), and the errors first seen in a release
 * naming one of its commits.
 */
export async function handleMergeRequestErrors(request: RequestOf<'mergeRequestErrors'>): Promise<MergeRequestErrorRow[]> {
  const link = await findLink(request.linkId);
  const gitlab = await requireGitlabClient();
  // The merge request is read from the connected GitLab: it must be the one the link's project lives on.
  if (gitlabOriginOf(gitlab) !== link.gitlabOrigin) {
    throw new RemoteError('not-configured', `The connected GitLab is not ${link.gitlabOrigin}, where ${link.gitlabProject} lives.`);
  }
  const project = link.gitlabProjectId ?? link.gitlabProject;
  const [diffs, commits] = await Promise.all([
    gitlab.mergeRequestDiffs(project, request.iid),
    gitlab.mergeRequestCommits(project, request.iid),
  ]);
  const files = indexByFileName(
    diffs.filter((file) => !file.deleted_file).map((file) => ({ path: file.new_path, changedLines: changedNewLines(file.diff ?? '') })),
  );
  const [scanned, seenIn] = await Promise.all([recentOwnFrames(link), firstSeenIn(link, commits.slice(0, FIRST_SEEN_COMMITS))]);

  const rows = new Map<string, MergeRequestErrorRow>();
  for (const { error, frames } of scanned) {
    const hits = frameHits(frames, files);
    if (hits.length) rows.set(error.id, { error, hits });
  }
  for (const { error, commit } of seenIn) {
    const row = rows.get(error.id) ?? { error, hits: [] };
    row.firstSeenIn ??= { sha: commit.id.toLowerCase(), shortSha: commit.short_id };
    rows.set(error.id, row);
  }
  return [...rows.values()];
}

/** Errors first seen in each commit, newest commit first; one after another, as Sentry's rate limit asks. */
async function firstSeenIn(link: ProjectLink, commits: GitlabMergeRequestCommit[]) {
  const backend = await backendForLink(link);
  const found: Array<{ error: ErrorSummary; commit: GitlabMergeRequestCommit }> = [];
  for (const commit of commits) {
    const sha = commit.id.toLowerCase();
    for (const error of await firstSeen.get(`${link.id}:${sha}`, () => backend.firstSeenInCommit(sha))) found.push({ error, commit });
  }
  return found;
}
