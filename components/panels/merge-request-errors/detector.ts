import { pathAfterDash, type GitlabPage } from '@/lib/content/gitlab-page';

/**
 * The merge request's number (`iid`) on its pages: Overview, Commits, Pipelines, Changes. GitLab names a page
 * by the action that served its first load (`diffs` for `/diffs`, `rapid_diffs` for Rapid Diffs) and keeps that
 * name while tabs switch in place; panelsFor has checked it (PANEL_PAGE_NAMES).
 */
export function mergeRequestIidOf(page: GitlabPage): number | undefined {
  const [kind, iid] = pathAfterDash(page);
  return kind === 'merge_requests' && /^[1-9]\d{0,9}$/.test(iid!) ? Number(iid) : undefined;
}
