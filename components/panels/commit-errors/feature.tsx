import { ask } from '@/lib/protocol/ask';
import { rowsFeature } from '../shared/rows-feature';
import { commitShaOf } from './detector';

/** A commit page: errors whose first release is this commit. */
export const commitErrors = rowsFeature({
  id: 'commit-errors',
  element: 'error-tracker-commit',
  title: 'Errors first seen in this commit',
  load: async (page, link) =>
    (await ask({ type: 'commitErrors', linkId: link.linkId, sha: commitShaOf(page)! })).map((error) => ({ error })),
});
