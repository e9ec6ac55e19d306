import type { TestPage } from '../shared/test-page';

export const TEST_PAGES: TestPage[] = [
  { fixture: 'commit', finds: 'cba78319f0cbb929de782eb3d50dd44ec40253c1' },
  // A short SHA typed in capitals: the lookup gets it lower-case.
  { url: 'https://gitlab.com/group/app/-/commit/CBA7831', pageName: 'projects:commit:show', finds: 'cba7831' },
];
