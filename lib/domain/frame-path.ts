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
