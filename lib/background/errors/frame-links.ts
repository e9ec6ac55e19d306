import { backendForLink } from '../../backends/for-link';
import type { StackFrame } from '../../domain/model';
import type { GitlabClient } from '../../gitlab/client';
import { gitlabClient, resolveLinkProject } from '../../gitlab/connection';
import { shaFromRelease } from '../../gitlab/release-sha';
import { framePathKey, repositoryPaths } from '../../gitlab/repository-paths';
import type { GitlabProject } from '../../gitlab/schemas';
import type { FrameLink, FrameLinksView, RequestOf } from '../../protocol/replies';
import { urlOnOrigin } from '../../remote/safe-url';
import { findLink } from '../../store/links';
import { gitlabOriginOf } from '../../store/storage';
import { FreshPromises } from '../../util/bounded-map';

const NONE: FrameLinksView = { gitlabUrl: '', links: [] };

// The project (its path and default branch) and the commits releases name, asked once in a while rather than
// on every details view.
const projects = new FreshPromises<GitlabProject>({ max: 20, freshMs: 5 * 60_000 });
const commits = new FreshPromises<string | undefined>({ max: 200, freshMs: 60 * 60_000 });

/**
 * Which frames of this error open in GitLab: the project's own frames whose file the linked repository has, at
 * the commit the error's release names (else the default branch). Nothing without GitLab connected.
 */
export async function handleFrameLinks(request: RequestOf<'frameLinks'>): Promise<FrameLinksView> {
  const gitlab = await gitlabClient();
  const link = await findLink(request.linkId);
  // A link belongs to one GitLab; a same-named project on another is not its repository.
  if (!gitlab || gitlabOriginOf(gitlab) !== link.gitlabOrigin) return NONE;
  const backend = await backendForLink(link);
  const { details, event } = await backend.getDetails(request.errorId);
  const frames = (event?.exceptions ?? []).flatMap((exception) => exception.frames).filter((frame) => backend.isOwnCode(frame));
  if (frames.length === 0) return NONE;
  const project = await projects.get(`${gitlab.baseUrl}\n${link.id}`, () => resolveLinkProject(gitlab, link));
  const ref = await refFor(gitlab, project, event?.release || details.lastRelease);
  if (!ref) return NONE;
  const found = await repositoryPaths(frames, {
    repository: `${gitlab.baseUrl}\n${project.id}`,
    ref,
    exists: (path) => gitlab.fileExists(project.id, path, ref),
  });
  return { gitlabUrl: gitlab.baseUrl, links: linksFor(frames, found, gitlab.baseUrl, project.path_with_namespace, ref) };
}

/** The commit the release names, when the repository has it; else the default branch (none: an empty repository). */
async function refFor(gitlab: GitlabClient, project: GitlabProject, release: string): Promise<string | undefined> {
  const sha = shaFromRelease(release);
  const commit =
    sha &&
    (await commits
      .get(`${gitlab.baseUrl}\n${project.id}\n${sha}`, async () => (await gitlab.getCommit(project.id, sha))?.id)
      .catch(() => undefined));
  return commit || project.default_branch || undefined;
}

function linksFor(frames: StackFrame[], found: Map<string, string>, baseUrl: string, projectPath: string, ref: string): FrameLink[] {
  const links = new Map<string, FrameLink>();
  for (const frame of frames) {
    const repoPath = found.get(framePathKey(frame));
    if (!repoPath) continue;
    const href = urlOnOrigin(blobUrl(baseUrl, projectPath, ref, repoPath, frame.line), baseUrl);
    const key = `${framePathKey(frame)}\n${frame.line ?? ''}`;
    if (href && !links.has(key)) links.set(key, { file: frame.file, absPath: frame.absPath, line: frame.line, repoPath, href });
  }
  return [...links.values()];
}

const encodedPath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** GitLab's blob page at a ref; a frame without a line opens the file. */
function blobUrl(baseUrl: string, projectPath: string, ref: string, path: string, line: number | undefined): string {
  return `${baseUrl}/${encodedPath(projectPath)}/-/blob/${encodedPath(ref)}/${encodedPath(path)}${line === undefined ? '' : `#L${line}`}`;
}
