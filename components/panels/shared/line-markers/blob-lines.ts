import type { ErrorSummary } from '@/lib/domain/model';
import type { LineErrors, LineSource, LineTarget } from './place-markers';

/**
 * The line numbers of a file page, `a#L<n>` (GitLab renders them chunk by chunk as the file scrolls). The
 * page has one file, so any change may bring a line: each look is a lookup by id per marked line.
 */
export function blobLineSource(lines: LineErrors): LineSource {
  return {
    containers: 'body',
    targets() {
      const found: LineTarget[] = [];
      for (const [line, errors] of lines) {
        const anchor = document.getElementById(`L${line}`);
        if (anchor?.localName === 'a') found.push({ anchor, line, errors });
      }
      return found;
    },
  };
}

/** The errors at each line of the file. */
export function errorsByLine(rows: Array<{ error: ErrorSummary; lines?: number[] }>): Map<number, ErrorSummary[]> {
  const byLine = new Map<number, ErrorSummary[]>();
  for (const { error, lines } of rows) for (const line of lines ?? []) byLine.set(line, [...(byLine.get(line) ?? []), error]);
  return byLine;
}
