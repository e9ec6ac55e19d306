import type { GitlabPage } from '@/lib/content/gitlab-page';

/**
 * GitLab's own Error Tracking list page in its "Get started" or turned-off state, where the extension's list
 * takes its place. A configured, working GitLab list is left alone.
 */
export function isUnusedErrorTrackingPage(page: GitlabPage, doc: Document): boolean {
  if (page.pageName !== 'projects:error_tracking:index') return false;
  return doc.getElementById('js-error_tracking')?.dataset.errorTrackingEnabled !== 'true';
}
