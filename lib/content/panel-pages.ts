import { blobPathOf, commitShaOf, issueIidOf, isProjectOverview, isUnusedErrorTrackingPage, type GitlabPage } from './gitlab-page';

/** Which panel goes on which kind of page. Pure and small: the loader decides with it before loading any UI. */
export const PANEL_PAGES = {
  'project-errors': (page: GitlabPage) => isProjectOverview(page),
  'error-tracking-page': (page: GitlabPage, doc: Document) => isUnusedErrorTrackingPage(page, doc),
  'issue-error': (page: GitlabPage) => issueIidOf(page) !== undefined,
  'file-errors': (page: GitlabPage) => blobPathOf(page) !== undefined,
  'commit-errors': (page: GitlabPage) => commitShaOf(page) !== undefined,
} satisfies Record<string, (page: GitlabPage, doc: Document) => boolean>;

export type PanelId = keyof typeof PANEL_PAGES;

export function panelsFor(page: GitlabPage, doc: Document): PanelId[] {
  return (Object.keys(PANEL_PAGES) as PanelId[]).filter((id) => PANEL_PAGES[id](page, doc));
}
