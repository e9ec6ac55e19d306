import { pathAfterDash, type GitlabPage } from '@/lib/content/gitlab-page';

/** The commit SHA of a commit page (`/-/commit/<sha>`; panelsFor has checked the page's name). */
export function commitShaOf(page: GitlabPage): string | undefined {
  const [kind, sha] = pathAfterDash(page);
  return kind === 'commit' && sha && /^[0-9a-f]{7,64}$/i.test(sha) ? sha.toLowerCase() : undefined;
}
