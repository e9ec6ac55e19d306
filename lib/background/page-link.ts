import type { ProjectLink } from '../store/storage';

/** The page is on the link's own GitLab, within the link's project. */
export function pageShowsLink(url: URL, link: ProjectLink): boolean {
  return url.origin === link.gitlabOrigin && pathIsWithin(url, link.gitlabProject);
}

export function pathIsWithin(url: URL, projectPath: string): boolean {
  const page = decodeURIComponent(url.pathname).toLowerCase().replace(/\/+$/, '');
  const project = `/${projectPath.toLowerCase().replace(/^\/+|\/+$/g, '')}`;
  return page === project || page.startsWith(`${project}/`);
}
