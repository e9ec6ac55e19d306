/**
 * GitLab's page names (`<body data-page>`) where a panel can have a place (test/unit/panel-features.test.ts
 * checks them against the features' test pages). The loader's look at every GitLab page is this one lookup: on
 * any other page it asks nothing, and on these it asks whether the project is linked before anything reads the
 * address or runs a detector (components/panels/pages.ts).
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
