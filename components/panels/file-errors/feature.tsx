import { ask } from '@/lib/protocol/ask';
import { blobLineSource, errorsByLine } from '../shared/line-markers/blob-lines';
import { placeLineMarkers } from '../shared/line-markers/place-markers';
import { rowsFeature } from '../shared/rows-feature';
import { blobPathOf } from './detector';

/** A file page: recent errors whose in-app frames point at this file, with links to the lines and markers beside them. */
export const fileErrors = rowsFeature({
  id: 'file-errors',
  element: 'error-tracker-file',
  title: 'Errors in this file',
  load: (page, link) => ask({ type: 'fileErrors', linkId: link.linkId, path: blobPathOf(page)! }),
  markLines: (_page, rows, open) => placeLineMarkers(blobLineSource(errorsByLine(rows)), { open, place: 'row-start' }),
});
