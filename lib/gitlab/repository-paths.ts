import { repositoryPathCandidates, type PathCandidate } from '../domain/frame-path';
import type { StackFrame } from '../domain/model';
import { BoundedMap, FreshPromises } from '../util/bounded-map';

/** At most this many distinct frame paths are looked up per error: the innermost ones, where errors are read. */
export const MAX_FRAMES = 20;
/** At most this many repository paths are tried per frame. */
export const MAX_TRIES = 6;
/** Look-ups at once, after the first frame: GitLab allows 2,000 API requests a minute per user, shared with GitLab's own pages. */
const CONCURRENCY = 3;
/** Roots remembered per repository (an app has one or two: `srv/app`, `usr/src/app`). */
const MAX_ROOTS = 3;

type FramePath = Pick<StackFrame, 'file' | 'absPath'>;

export interface RepositoryLookup {
  /** The repository these answers hold for (GitLab, project); roots learnt are kept per repository. */
  repository: string;
  /** The branch or commit the files are looked up at. */
  ref: string;
  exists(path: string): Promise<boolean>;
}

// Frame path → repository path (null: none), per repository and ref. A file moves only with a new commit, so
// answers stay for half an hour; a failed look-up (rate limit, timeout) is forgotten and tried again next time.
const answers = new FreshPromises<string | null>({ max: 2000, freshMs: 30 * 60_000 });
// What runtimes put before repository paths (`srv/app` of /srv/app/app/models/user.rb), per repository: once
// one frame is found, the others are tried there first and mostly need one request.
const roots = new BoundedMap<string, string[]>(50);

/** Frames with the same path share their answer, whatever their line. */
export const framePathKey = (frame: FramePath) => `${frame.absPath}\n${frame.file}`;

/**
 * Where the repository has the files of these frames: frame path key → repository path, for those found. The
 * first frame is looked up alone (it teaches the root), the others a few at a time; a failure stops the rest
 * and what was found is returned.
 */
export async function repositoryPaths(frames: FramePath[], lookup: RepositoryLookup): Promise<Map<string, string>> {
  const distinct = [...new Map(frames.map((frame) => [framePathKey(frame), frame])).values()].slice(0, MAX_FRAMES);
  const found = new Map<string, string>();
  let failed = false;
  const next = async () => {
    const frame = distinct.shift();
    if (!frame || failed) return false;
    try {
      const path = await answers.get(`${lookup.repository}\n${lookup.ref}\n${framePathKey(frame)}`, () => findFile(frame, lookup));
      if (path) found.set(framePathKey(frame), path);
    } catch {
      failed = true;
    }
    return true;
  };
  await next();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (await next());
    }),
  );
  return found;
}

async function findFile(frame: FramePath, lookup: RepositoryLookup): Promise<string | null> {
  for (const candidate of triesFor(frame, roots.get(lookup.repository) ?? [])) {
    if (!(await lookup.exists(candidate.path))) continue;
    if (candidate.root) learnRoot(lookup.repository, candidate.root);
    return candidate.path;
  }
  return null;
}

/** Longest first, except that paths after a root seen before in this repository go first. */
function triesFor(frame: FramePath, known: string[]): PathCandidate[] {
  const candidates = repositoryPathCandidates(frame);
  const rank = (candidate: PathCandidate) => {
    const at = candidate.root ? known.indexOf(candidate.root) : -1;
    return at === -1 ? known.length : at;
  };
  // Array.prototype.sort is stable: among equals, the longest-first order stays.
  return candidates.sort((a, b) => rank(a) - rank(b)).slice(0, MAX_TRIES);
}

function learnRoot(repository: string, root: string): void {
  const known = roots.get(repository) ?? [];
  roots.set(repository, [root, ...known.filter((other) => other !== root)].slice(0, MAX_ROOTS));
}
