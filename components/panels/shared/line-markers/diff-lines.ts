import type { ErrorSummary } from '@/lib/domain/model';
import type { LineErrors, LineSource, LineTarget } from './place-markers';

/** A diff's files: the classic Vue app's `.diff-file[data-path]` and Rapid Diffs' `<diff-file data-file-data>`. */
const DIFF_FILES = '.diff-file[data-path], diff-file[data-file-data]';
const paths = new WeakMap<Element, string | undefined>();

/** The new-side line numbers of a merge request's Changes tab, in both of GitLab's diff renderings. */
export function diffLineSource(errorsByPath: ReadonlyMap<string, LineErrors>): LineSource {
  return {
    containers: DIFF_FILES,
    targets(file) {
      const lines = errorsByPath.get(newPathOf(file) ?? '');
      const found: LineTarget[] = [];
      for (const [line, errors] of lines ?? []) {
        const anchor = newSideAnchor(file, line);
        if (anchor) found.push({ anchor, line, errors });
      }
      return found;
    },
  };
}

/** The file's path after the change: `data-path` (classic), `new_path` of `data-file-data` (Rapid Diffs). */
function newPathOf(file: Element): string | undefined {
  if (paths.has(file)) return paths.get(file);
  let path: string | undefined;
  if (file.localName === 'diff-file') {
    try {
      const data: unknown = JSON.parse(file.getAttribute('data-file-data') ?? '');
      const newPath = (data as { new_path?: unknown } | null)?.new_path;
      path = typeof newPath === 'string' ? newPath : undefined;
    } catch {
      path = undefined;
    }
  } else {
    path = file.getAttribute('data-path') ?? undefined;
  }
  paths.set(file, path);
  return path;
}

/**
 * The anchor of new-side line `line`. Rapid Diffs: `td[data-position="new"] a.rd-line-link`. The classic app:
 * the last number of the row side GitLab marks `data-interop-new-line` (the attributes GitLab keeps for third
 * parties; in the inline view a context line's cells carry no side class), else an `a[data-linenumber]` in a
 * `.new_line` cell (parallel view, added lines) or the legacy `td.new_line[data-linenumber] > a`. Never an
 * old-side number.
 */
function newSideAnchor(file: Element, line: number): Element | null {
  if (file.localName === 'diff-file') return file.querySelector(`td[data-position="new"] a.rd-line-link[data-line-number="${line}"]`);
  const side = file.querySelector(`[data-interop-new-line="${line}"]`);
  if (side) {
    const numbers = side.querySelectorAll('.diff-line-num a[data-linenumber]');
    const last = numbers[numbers.length - 1];
    if (last?.getAttribute('data-linenumber') === String(line)) return last;
  }
  return file.querySelector(`.new_line a[data-linenumber="${line}"], td.new_line[data-linenumber="${line}"] > a`);
}

/** The errors at each line of each file, from where their frames hit. */
export function errorsByPathAndLine(rows: Array<{ error: ErrorSummary; hits: Array<{ path: string; line: number }> }>) {
  const byPath = new Map<string, Map<number, ErrorSummary[]>>();
  for (const { error, hits } of rows) {
    for (const { path, line } of hits) {
      const lines = byPath.get(path) ?? new Map<number, ErrorSummary[]>();
      byPath.set(path, lines);
      const errors = lines.get(line) ?? [];
      if (!errors.includes(error)) lines.set(line, [...errors, error]);
    }
  }
  return byPath;
}
