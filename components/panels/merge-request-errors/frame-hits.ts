import { fileNameOf, frameMatchStrength } from '@/lib/domain/frame-path';
import type { StackFrame } from '@/lib/domain/model';

/** A file as the merge request leaves it: its path and the new-side lines it adds or changes. */
export interface ChangedFile {
  path: string;
  changedLines: ReadonlySet<number>;
}

export interface FrameHit {
  path: string;
  line: number;
  /** The merge request adds or changes this line. */
  changed: boolean;
}

type LineFrame = Pick<StackFrame, 'file' | 'absPath'> & { line: number };

/** The changed files by file name: a frame is compared only with files of its own name, not with all of them. */
export function indexByFileName(files: ChangedFile[]): Map<string, ChangedFile[]> {
  const index = new Map<string, ChangedFile[]>();
  for (const file of files) {
    const name = fileNameOf(file.path);
    if (name) index.set(name, [...(index.get(name) ?? []), file]);
  }
  return index;
}

/**
 * Where frames point into the changed files, matched by path endings as the file panel matches them; a frame
 * that two files match goes to the one sharing the most segments with it. One hit per file and line, in path
 * and line order.
 */
export function frameHits(frames: LineFrame[], files: Map<string, ChangedFile[]>): FrameHit[] {
  const hits = new Map<string, FrameHit>();
  for (const frame of frames) {
    const candidates = new Set([frame.file, frame.absPath].flatMap((path) => files.get(fileNameOf(path) ?? '') ?? []));
    let best = 0;
    let matched: ChangedFile[] = [];
    for (const file of candidates) {
      const strength = frameMatchStrength(frame, file.path);
      if (strength > best) [best, matched] = [strength, [file]];
      else if (strength === best && strength > 0) matched.push(file);
    }
    for (const file of matched) {
      hits.set(`${file.path}\n${frame.line}`, { path: file.path, line: frame.line, changed: file.changedLines.has(frame.line) });
    }
  }
  return [...hits.values()].sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
}
