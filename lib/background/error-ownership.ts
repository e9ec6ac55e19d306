import { RemoteError } from '../domain/errors';
import type { ProjectLink } from '../store/storage';
import { backendForLink } from '../backends/for-link';
import { loadDetails } from './details-cache';

/**
 * Refuses an error that is not the link's: a Sentry issue id is valid across the whole organization, so a
 * page could otherwise read or change errors of projects it has nothing to do with. GitLab reads errors
 * within the link's project only, so reading the details there is the check.
 */
export async function assertErrorOfLink(link: ProjectLink, errorId: string): Promise<void> {
  const [{ details }, backend] = await Promise.all([loadDetails(link, errorId), backendForLink(link)]);
  if (!backend.ownsError(details)) {
    throw new RemoteError('bad-request', 'That error belongs to another project than the one on this page.');
  }
}
