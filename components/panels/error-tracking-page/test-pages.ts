import type { TestPage } from '../shared/test-page';

export const TEST_PAGES: TestPage[] = [
  // "Get started": GitLab's own list is not set up.
  { fixture: 'error-tracking-empty', finds: true },
  // The feature turned off on the instance: no list mounts at all.
  { url: 'https://gitlab.com/group/app/-/error_tracking', pageName: 'projects:error_tracking:index', finds: true },
];
