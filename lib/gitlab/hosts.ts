import { parseServiceUrl } from '../remote/service-url';

export const GITLAB_COM = 'https://gitlab.com';

/** Accepts `gitlab.example.com`, `https://gitlab.example.com/`, a project URL, or an API URL. */
export function normalizeGitlabUrl(input: string): string {
  // Only the origin: a pasted project or API URL still names the instance.
  return parseServiceUrl(input, { url: 'GitLab URL', example: GITLAB_COM, tokenField: 'Personal access token' }).origin;
}

export function gitlabNeedsOptionalPermission(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return !(url.protocol === 'https:' && url.hostname === 'gitlab.com');
}
