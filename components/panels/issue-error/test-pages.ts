import type { TestPage } from '../shared/test-page';

export const TEST_PAGES: TestPage[] = [
  { fixture: 'issue', finds: 12 },
  { fixture: 'work-item', finds: 12 },
  { url: 'https://gitlab.example.com/group/sub/app/-/issues/3', pageName: 'projects:issues:show', finds: 3 },
];
