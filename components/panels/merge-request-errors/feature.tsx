import type { MergeRequestErrorRow } from '@/lib/protocol/replies';
import { ask } from '@/lib/protocol/ask';
import { pathAfterDash, type GitlabPage } from '@/lib/content/gitlab-page';
import { diffLineSource, errorsByPathAndLine } from '../shared/line-markers/diff-lines';
import { placeLineMarkers } from '../shared/line-markers/place-markers';
import { rowsFeature } from '../shared/rows-feature';
import { mergeRequestIidOf } from './detector';
import { MergeRequestHits } from './MergeRequestHits';

/**
 * The answer for each merge request, asked once for the page's life: switching tabs (in place, or back and
 * forth) asks nothing again. A failure is forgotten, so a later visit asks anew.
 */
const answers = new Map<string, Promise<MergeRequestErrorRow[]>>();

function errorsOfMergeRequest(linkId: string, iid: number): Promise<MergeRequestErrorRow[]> {
  const key = `${linkId}:${iid}`;
  let answer = answers.get(key);
  if (!answer) {
    answer = ask({ type: 'mergeRequestErrors', linkId, iid });
    answers.set(key, answer);
    answer.catch(() => answers.delete(key));
  }
  return answer;
}

/** The Changes tab (`/diffs`, classic or Rapid Diffs), where the line markers go. */
const onChangesTab = (page: GitlabPage) => pathAfterDash(page)[2] === 'diffs';

/**
 * A merge request, on every tab: the errors whose own-code frames point into the files it changes, and those
 * first seen in one of its commits; on the Changes tab, markers beside the lines they point at.
 */
export const mergeRequestErrors = rowsFeature({
  id: 'merge-request-errors',
  element: 'error-tracker-merge-request',
  title: 'Errors in this merge request',
  load: async (page, link) =>
    (await errorsOfMergeRequest(link.linkId, mergeRequestIidOf(page)!)).map((row) => ({
      ...row,
      detail: <MergeRequestHits row={row} projectPath={page.projectPath!} />,
    })),
  markLines: (page, rows, open) =>
    onChangesTab(page) ? placeLineMarkers(diffLineSource(errorsByPathAndLine(rows)), { open, place: 'before-number' }) : () => undefined,
});
