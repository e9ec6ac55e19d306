import { RemoteError } from '../domain/errors';
import { INSECURE_URL_MESSAGE, isLocalHttp } from '../remote/http';

export const GITLAB_COM = 'https://gitlab.com';

/** Accepts `gitlab.example.com`, `https://gitlab.example.com/`, a project URL, or an API URL. */
export function normalizeGitlabUrl(input: string): string {
  let text = input.trim();
  if (!text) throw new RemoteError('bad-request', 'Enter the GitLab URL, for example https://gitlab.com.');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RemoteError('bad-request', `“${input.trim()}” is not a URL. Enter the GitLab URL, for example https://gitlab.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RemoteError('bad-request', `The GitLab URL must start with https:// (got ${url.protocol}).`);
  }
  if (url.protocol === 'http:' && !isLocalHttp(url))
    throw new RemoteError('bad-request', `The GitLab URL must start with https://. ${INSECURE_URL_MESSAGE}`);
  if (url.username || url.password) throw new RemoteError('bad-request', 'Put the token in “Personal access token”, not in the URL.');
  // Only the origin: a pasted project or API URL still names the instance.
  return url.origin;
}

export function gitlabNeedsOptionalPermission(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return !(url.protocol === 'https:' && url.hostname === 'gitlab.com');
}
