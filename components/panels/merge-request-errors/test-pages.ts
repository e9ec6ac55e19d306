import type { TestPage } from '../shared/test-page';

export const TEST_PAGES: TestPage[] = [
  // The Overview, the classic Changes tab and Rapid Diffs, as saved.
  { fixture: 'merge-request', finds: 3 },
  { fixture: 'merge-request-diffs', finds: 3 },
  { fixture: 'merge-request-rapid-diffs', finds: 3 },
  // Loaded first on another tab: GitLab names the page after that tab's action.
  { url: 'https://gitlab.com/group/app/-/merge_requests/3/commits', pageName: 'projects:merge_requests:commits', finds: 3 },
  { url: 'https://gitlab.com/group/app/-/merge_requests/3/pipelines', pageName: 'projects:merge_requests:pipelines', finds: 3 },
  // Switched to Changes in place: the URL is the tab's, the page keeps the Overview's name.
  { url: 'https://gitlab.example.com/group/sub/app/-/merge_requests/42/diffs', pageName: 'projects:merge_requests:show', finds: 42 },
];
