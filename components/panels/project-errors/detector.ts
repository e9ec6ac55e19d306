import type { GitlabPage } from '@/lib/content/gitlab-page';

/** The project's home page. */
export function isProjectOverview(page: GitlabPage): boolean {
  return page.pageName === 'projects:show' && Boolean(page.projectPath);
}
