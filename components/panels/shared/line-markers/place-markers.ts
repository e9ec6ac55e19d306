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
 * Attributes that say which line a number is: a virtual scroller may recycle a row, keeping its elements and
 * changing these.
 */
const LINE_ATTRIBUTES = ['data-linenumber', 'data-line-number', 'data-interop-new-line', 'id', 'data-path', 'data-file-data'];

/**
 * Puts a marker beside each line number the source names, now and whenever GitLab adds or re-renders lines
 * (diff files arrive in batches, are virtualised, gain expanded lines; file pages render in chunks), and takes
 * away a marker whose number has become another line's. Each batch reads first (which anchors, which markers
 * stand beside their line already, which no longer do), then writes, so it never forces a layout in between.
 * Returns the removal of every marker it placed and of the observer.
 */
export function placeLineMarkers(source: LineSource, options: Pick<MarkerOptions, 'open' | 'place'>): () => void {
  /** Each marker placed, with the line it names. */
  const placed = new Map<Element, number>();
  const theme = gitlabTheme(document);

  const mark = (containers: Iterable<Element>) => {
    const started = performance.now();
    const stale = new Set<Element>();
    const wanted: LineTarget[] = [];
    for (const container of containers) {
      const targets = source.targets(container);
      const lineOf = new Map(targets.map(({ anchor, line }) => [anchor, line]));
      for (const marker of container.querySelectorAll(MARKER_TAG)) {
        const line = placed.get(marker);
        if (line !== undefined && lineOf.get(marker.nextElementSibling!) !== line) stale.add(marker);
      }
      for (const target of targets) {
        const before = target.anchor.previousElementSibling;
        if (before?.localName !== MARKER_TAG || stale.has(before)) wanted.push(target);
      }
    }
    for (const marker of stale) {
      marker.remove();
      placed.delete(marker);
    }
    for (const { anchor, line, errors } of wanted) {
      const marker = createLineMarker({ line, errors, theme, ...options });
      anchor.before(marker);
      placed.set(marker, line);
    }
    if (wanted.length) for (const marker of placed.keys()) if (!marker.isConnected) placed.delete(marker);
    performance.measure(MARKERS_MEASURE, { start: started });
  };

  mark(document.querySelectorAll(source.containers));
  const observer = new MutationObserver((records) => {
    const changed = changedContainers(records, source.containers);
    if (changed.size) mark(changed);
    // What the batch just wrote is ours: nothing to look at again.
    observer.takeRecords();
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: LINE_ATTRIBUTES });
  return () => {
    observer.disconnect();
    for (const marker of placed.keys()) marker.remove();
    placed.clear();
  };
}

/** The containers that gained, lost or replaced nodes or changed a line's number, and those that arrived whole. */
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
