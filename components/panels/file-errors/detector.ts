import { pathAfterDash, type GitlabPage } from '@/lib/content/gitlab-page';

/**
 * The repository path of a file page (`/-/blob/<ref>/<path>`; panelsFor has checked the page's name). A ref
 * with slashes (`feature/x`) leaves part of itself in front of the path; matching against stack frames compares
 * path endings, so that is harmless.
 */
export function blobPathOf(page: GitlabPage): string | undefined {
  const [kind, , ...path] = pathAfterDash(page);
  const file = path.join('/');
  return kind === 'blob' && file ? file : undefined;
}
