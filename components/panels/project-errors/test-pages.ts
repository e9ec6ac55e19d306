import type { TestPage } from '../shared/test-page';

export const TEST_PAGES: TestPage[] = [
  { fixture: 'project-overview', finds: true },
  // A project in a subgroup, its page not stating its path: the URL is the project's.
  { url: 'https://gitlab.example.com/group/sub/app', pageName: 'projects:show', finds: true },
];
