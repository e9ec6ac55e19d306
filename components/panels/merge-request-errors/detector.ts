import { pathAfterDash, type GitlabPage } from '@/lib/content/gitlab-page';

/**
 * The pages of a merge request's tabs. GitLab names a page by the action that served its first load
 * (`diffs` for `/diffs`, `rapid_diffs` for Rapid Diffs) and keeps that name while tabs switch in place.
 */
const MERGE_REQUEST_PAGES = new Set(
  ['show', 'diffs', 'rapid_diffs', 'commits', 'pipelines'].map((action) => `projects:merge_requests:${action}`),
);

/** The merge request's number (`iid`) on its pages: Overview, Commits, Pipelines, Changes. */
export function mergeRequestIidOf(page: GitlabPage): number | undefined {
  if (!MERGE_REQUEST_PAGES.has(page.pageName)) return undefined;
  const [kind, iid] = pathAfterDash(page);
  return kind === 'merge_requests' && iid && /^[1-9]\d{0,9}$/.test(iid) ? Number(iid) : undefined;
}
