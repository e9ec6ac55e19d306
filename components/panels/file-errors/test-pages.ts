import type { TestPage } from '../shared/test-page';

export const TEST_PAGES: TestPage[] = [
  { fixture: 'blob', finds: 'app/models/user.rb' },
  // A ref with a slash leaves part of itself in front of the path; frames match by path endings.
  { url: 'https://gitlab.com/group/app/-/blob/feature/x/src/index.ts', pageName: 'projects:blob:show', finds: 'x/src/index.ts' },
  { url: 'https://gitlab.com/group/app/-/blob/main/docs/read%20me.md', pageName: 'projects:blob:show', finds: 'docs/read me.md' },
];
