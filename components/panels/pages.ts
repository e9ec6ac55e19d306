import type { GitlabPage, PageDetector } from '@/lib/content/gitlab-page';
import { isProjectOverview } from './project-errors/detector';
import { isUnusedErrorTrackingPage } from './error-tracking-page/detector';
import { issueIidOf } from './issue-error/detector';
import { blobPathOf } from './file-errors/detector';
import { commitShaOf } from './commit-errors/detector';
import { mergeRequestIidOf } from './merge-request-errors/detector';
import { PANEL_PAGE_NAMES } from './page-names';

/**
 * Which panel goes on which kind of page: each feature's detector, by the feature's folder name, in the order
 * of features.ts.
 */
export const PANEL_PAGES = {
  'project-errors': isProjectOverview,
  'error-tracking-page': isUnusedErrorTrackingPage,
  'issue-error': issueIidOf,
  'file-errors': blobPathOf,
  'commit-errors': commitShaOf,
  'merge-request-errors': mergeRequestIidOf,
} satisfies Record<string, PageDetector>;

export type PanelId = keyof typeof PANEL_PAGES;

/**
 * The panels that have a place on this page: those whose detector found what they need, on a page whose name
 * has a panel's place. Where the address tells one panel's page from another's (`/-/blob/`, `/-/commit/`, …),
 * the detector reads only the address.
 */
export function panelsFor(page: GitlabPage, doc: Document): PanelId[] {
  if (!PANEL_PAGE_NAMES.has(page.pageName)) return [];
  return (Object.keys(PANEL_PAGES) as PanelId[]).filter((id) => PANEL_PAGES[id](page, doc));
}
