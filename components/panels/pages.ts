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

/** The panels that have a place on this page: those whose detector found what they need. */
export function panelsFor(page: GitlabPage, doc: Document): PanelId[] {
  return (Object.keys(PANEL_PAGES) as PanelId[]).filter((id) => PANEL_PAGES[id](page, doc));
}
