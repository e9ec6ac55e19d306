import type { ErrorSummary } from '@/lib/domain/model';
import { gitlabTheme } from '../theme';
import { createLineMarker, MARKER_TAG, type MarkerOptions } from './marker';

/** The errors at each line of one file, by new-side line number. */
export type LineErrors = ReadonlyMap<number, ErrorSummary[]>;

/** A line number of GitLab's page to mark: its anchor (`#L57`, a diff's `a[data-linenumber]`) and the errors there. */
export interface LineTarget {
  anchor: Element;
  line: number;
  errors: ErrorSummary[];
}

/** Where a page keeps its line numbers. */
export interface LineSource {
  /** What holds lines (a diff's file): a change inside one makes it looked at again. */
  containers: string;
  /** The anchors to mark in one container. Reads only. */
  targets(container: Element): LineTarget[];
}

/** One entry per batch of files looked at (`npm run bench` reads them): the main-thread time of placing markers. */
const MARKERS_MEASURE = 'error-tracker:line-markers';

/**
 * Puts a marker beside each line number the source names, now and whenever GitLab adds or re-renders lines
 * (diff files arrive in batches, are virtualised, gain expanded lines; file pages render in chunks). Each
 * batch reads first (which anchors, which already have their marker), then writes, so it never forces a
 * layout in between. Returns the removal of every marker it placed and of the observer.
 */
export function placeLineMarkers(source: LineSource, options: Pick<MarkerOptions, 'open' | 'place'>): () => void {
  const placed = new Set<Element>();
  const theme = gitlabTheme(document);

  const mark = (containers: Iterable<Element>) => {
    const started = performance.now();
    const wanted: LineTarget[] = [];
    for (const container of containers) {
      for (const target of source.targets(container)) if (!hasMarker(target.anchor)) wanted.push(target);
    }
    for (const { anchor, line, errors } of wanted) {
      const marker = createLineMarker({ line, errors, theme, ...options });
      anchor.before(marker);
      placed.add(marker);
    }
    if (wanted.length) for (const marker of placed) if (!marker.isConnected) placed.delete(marker);
    performance.measure(MARKERS_MEASURE, { start: started });
  };

  mark(document.querySelectorAll(source.containers));
  const observer = new MutationObserver((records) => {
    const changed = changedContainers(records, source.containers);
    if (changed.size) mark(changed);
    // What the batch just wrote is ours: nothing to look at again.
    observer.takeRecords();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    for (const marker of placed) marker.remove();
    placed.clear();
  };
}

function hasMarker(anchor: Element): boolean {
  return anchor.previousElementSibling?.localName === MARKER_TAG;
}

/** The containers that gained, lost or replaced nodes, and those that arrived whole. */
function changedContainers(records: MutationRecord[], selector: string): Set<Element> {
  const changed = new Set<Element>();
  for (const record of records) {
    const within = (record.target as Element).closest?.(selector);
    if (within) {
      changed.add(within);
      continue;
    }
    for (const node of record.addedNodes) {
      if (!(node instanceof Element)) continue;
      if (node.matches(selector)) changed.add(node);
      else for (const container of node.querySelectorAll(selector)) changed.add(container);
    }
  }
  return changed;
}
