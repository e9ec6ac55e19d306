import { pathAfterDash, type GitlabPage } from '@/lib/content/gitlab-page';

/** The issue number on an issue page, classic or work-item view (panelsFor has checked the page's name). */
export function issueIidOf(page: GitlabPage): number | undefined {
  const [kind, iid] = pathAfterDash(page);
  const n = Number(iid);
  return (kind === 'issues' || kind === 'work_items') && Number.isInteger(n) && n > 0 ? n : undefined;
}
