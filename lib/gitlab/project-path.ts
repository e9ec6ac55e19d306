import { RemoteError } from '../domain/errors';

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * A GitLab project's full path from what people paste: `group/app`, `group/sub/app`, or the project's
 * URL (`https://gitlab.example.com/group/app/-/issues`).
 */
export function normalizeGitlabProjectPath(input: string): string {
  let text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      text = new URL(text).pathname;
    } catch {
      /* validated below */
    }
  }
  text = text
    .split('/-/')[0]!
    .replace(/\.git$/, '')
    .replace(/^\/+|\/+$/g, '');
  const segments = text.split('/');
  if (segments.length < 2 || !segments.every((segment) => SEGMENT.test(segment))) {
    throw new RemoteError(
      'bad-request',
      `“${input.trim().slice(0, 100)}” is not a GitLab project path. Enter its full path, like group/app.`,
    );
  }
  return segments.join('/');
}

/** `Group/App/` → `group/app`: GitLab paths compare without case and without outer slashes. */
export function projectPathKey(path: string): string {
  return path.toLowerCase().replace(/^\/+|\/+$/g, '');
}

/** The URL is the project's page or one below it. */
export function pathIsWithin(url: URL, projectPath: string): boolean {
  const page = decodeURIComponent(url.pathname).toLowerCase().replace(/\/+$/, '');
  const project = `/${projectPathKey(projectPath)}`;
  return page === project || page.startsWith(`${project}/`);
}
