import type { StackFrame } from './model';

/** `webpack:///./src/a.ts?x`, `app:///src/a.ts`, `/srv/app/src/a.ts`, `src\\a.ts` → path segments. */
function pathSegments(path: string): string[] {
  const withoutScheme = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return withoutScheme
    .split(/[?#]/)[0]!
    .split(/[\\/]+/)
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '~');
}

function commonSuffix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * Whether a frame points at a repository file. Paths are compared by their endings: runtimes report absolute
 * paths (`/srv/app/app/models/user.rb`) or bundler URLs, the repository has relative ones. Two trailing segments
 * must agree (one for a file at the repository root), so a bare `index.js` does not match every index.js.
 */
export function frameMatchesFile(frame: Pick<StackFrame, 'file' | 'absPath'>, repoPath: string): boolean {
  return frameMatchStrength(frame, repoPath) > 0;
}

/**
 * How many trailing path segments a frame shares with a repository file, 0 when it does not point at it (as
 * frameMatchesFile decides). Where several files match one frame (`a/x/y.rb` and `b/x/y.rb`), the one sharing
 * the most segments is the frame's file.
 */
export function frameMatchStrength(frame: Pick<StackFrame, 'file' | 'absPath'>, repoPath: string): number {
  const repo = pathSegments(repoPath);
  if (repo.length === 0) return 0;
  let best = 0;
  for (const candidate of [frame.file, frame.absPath]) {
    const shared = commonSuffix(pathSegments(candidate), repo);
    if (shared > 0 && shared >= Math.min(2, repo.length)) best = Math.max(best, shared);
  }
  return best;
}

/** The last segment of a frame's or a repository's path (`user.rb`), as the matching above reads it. */
export function fileNameOf(path: string): string | undefined {
  return pathSegments(path).at(-1);
}

/** Folders of installed dependencies: a path through one is library code, whatever the runtime's in-app flag says. */
const DEPENDENCY_FOLDERS = new Set(['node_modules', 'bower_components', 'site-packages', 'dist-packages', 'gems', 'vendor']);

/** A repository path a frame may point at, and what precedes it in the frame's path (`srv/app`, or ''). */
export interface PathCandidate {
  path: string;
  root: string;
}

/**
 * The repository paths a frame's file may be at, most specific first: the trailing parts of its abs_path and
 * filename, longest first, each once. `<anonymous>`, `<frozen …>`, `[native code]` and paths through
 * dependency folders give none: they are never files of the project.
 */
export function repositoryPathCandidates(frame: Pick<StackFrame, 'file' | 'absPath'>): PathCandidate[] {
  const candidates = new Map<string, PathCandidate>();
  for (const source of [frame.absPath, frame.file]) {
    const segments = pathSegments(source);
    if (segments.some((segment) => DEPENDENCY_FOLDERS.has(segment) || /[<>]/.test(segment) || segment === '[native code]')) return [];
    // Nothing before a `..` or a drive (`C:`) is part of a repository path.
    const first = segments.findLastIndex((segment) => segment === '..' || segment.endsWith(':')) + 1;
    for (let start = first; start < segments.length; start++) {
      const path = segments.slice(start).join('/');
      if (!candidates.has(path)) candidates.set(path, { path, root: segments.slice(0, start).join('/') });
    }
  }
  const depth = (candidate: PathCandidate) => candidate.path.split('/').length;
  return [...candidates.values()].sort((a, b) => depth(b) - depth(a));
}
