import { backendForLink } from '../backends/for-link';
import { RemoteError } from '../domain/errors';
import { pathIsWithin } from '../gitlab/project-path';
import { PAGE_REQUESTS, type Request } from '../protocol/requests';
import { findLink } from '../store/links';
import type { ProjectLink } from '../store/storage';

/** The page is on the link's own GitLab, within the link's project. */
export function pageShowsLink(url: URL, link: ProjectLink): boolean {
  return url.origin === link.gitlabOrigin && pathIsWithin(url, link.gitlabProject);
}

const notThisPage = () => new RemoteError('bad-request', 'That project is not the one on this page.');

/**
 * A GitLab page may make the page requests only, for the link of the project it shows (same GitLab, same
 * path), and only on that link's errors: an id of another project of the same Sentry organization is refused
 * before any read or write.
 */
export async function assertPageMayUse(request: Request, url: URL): Promise<void> {
  if (!PAGE_REQUESTS.has(request.type)) throw new RemoteError('bad-request', 'GitLab pages may not make this request.');
  if (request.type === 'panelContext') {
    if (!pathIsWithin(url, request.projectPath)) throw notThisPage();
    return;
  }
  if (!('linkId' in request)) return;
  const link = await findLink(request.linkId);
  if (!pageShowsLink(url, link)) throw notThisPage();
  if ('errorId' in request) {
    const backend = await backendForLink(link);
    const { details } = await backend.getDetails(request.errorId);
    if (!backend.ownsError(details))
      throw new RemoteError('bad-request', 'That error belongs to another project than the one on this page.');
  }
}
