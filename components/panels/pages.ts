import type { GitlabPage, PageDetector } from '@/lib/content/gitlab-page';
import { isProjectOverview } from './project-errors/detector';
import { isUnusedErrorTrackingPage } from './error-tracking-page/detector';
import { issueIidOf } from './issue-error/detector';
import { blobPathOf } from './file-errors/detector';
import { commitShaOf } from './commit-errors/detector';
import { mergeRequestIidOf } from './merge-request-errors/detector';

/**
 * Which panel goes on which kind of page: each feature's detector, by the feature's folder name, in the order
 * of features.ts. The loader decides with these before loading any UI, so only detectors may be imported here
 * (no UI, no zod).
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
 * GitLab's page names (`<body data-page>`) where a panel can have a place (test/unit/panel-features.test.ts
 * checks them against the features' test pages). The loader's first look on every GitLab page is this one
 * lookup: on any other page it asks nothing, and on these it asks before it reads the address or runs a
 * detector.
 */
export const PANEL_PAGE_NAMES = new Set([
  'projects:show',
  'projects:error_tracking:index',
  'projects:issues:show',
  'projects:work_items:show',
  'projects:blob:show',
  'projects:commit:show',
  'projects:merge_requests:show',
  'projects:merge_requests:diffs',
  'projects:merge_requests:rapid_diffs',
  'projects:merge_requests:commits',
  'projects:merge_requests:pipelines',
]);

/**
 * The panels that have a place on this page: those whose detector found what they need, on a page whose name
 * has a panel's place. Where the address tells one panel's page from another's (`/-/blob/`, `/-/commit/`, …),
 * the detector reads only the address.
 */
export function panelsFor(page: GitlabPage, doc: Document): PanelId[] {
  if (!PANEL_PAGE_NAMES.has(page.pageName)) return [];
  return (Object.keys(PANEL_PAGES) as PanelId[]).filter((id) => PANEL_PAGES[id](page, doc));
}
