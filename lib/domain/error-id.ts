import { RemoteError } from './errors';

/**
 * Sentry's issue ids and GitLab's error ids (the Sentry id it keeps) are decimal numbers. Nothing else may
 * reach a URL: "." or ".." would turn `…/issues/<id>/` into Sentry's bulk endpoint for the whole organization.
 */
export const ERROR_ID_PATTERN = /^\d{1,20}$/;

/** The id itself if it is one; throws otherwise, so a path is never built from anything else. */
export function checkedErrorId(id: string): string {
  if (!ERROR_ID_PATTERN.test(id)) throw new RemoteError('bad-request', 'That is not an error id this extension knows. Reload the page.');
  return id;
}
