// Reading a GitLab page by GitLab's own markers: <body data-page=…> and its data attributes, and the
// og:site_name meta tag. No CSS classes: they change with every redesign; these have been stable for years.
// Which kind of page it is, for each panel, is that panel's own detector (components/panels/<feature>/detector.ts).

export interface GitlabPage {
  url: URL;
  /** `controller:action` of the Rails page, e.g. `projects:issues:show`. */
  pageName: string;
  projectPath?: string;
  projectId?: number;
}

export function readGitlabPage(doc: Document, href: string): GitlabPage | undefined {
  const body = doc.body;
  if (!body) return undefined;
  // data-page first: every GitLab page has it, so the meta tag is looked up only on pages without one.
  if (!body.dataset.page && doc.querySelector('meta[property="og:site_name"]')?.getAttribute('content') !== 'GitLab') return undefined;
  const url = new URL(href);
  const id = Number(body.dataset.projectId);
  return {
    url,
    pageName: body.dataset.page ?? '',
    projectPath: body.dataset.projectFullPath || projectPathFromUrl(url) || projectHomePath(body.dataset.page, url),
    projectId: Number.isInteger(id) && id > 0 ? id : undefined,
  };
}

/** `/group/sub/app/-/issues/3` → `group/sub/app`; pages without `/-/` give no path. */
function projectPathFromUrl(url: URL): string | undefined {
  const [path] = url.pathname.split('/-/');
  if (!url.pathname.includes('/-/')) return undefined;
  const trimmed = path!.replace(/^\/+|\/+$/g, '');
  return trimmed.includes('/') ? decodeURIComponent(trimmed) : undefined;
}

/** A project's home page (`/group/app`) has no `/-/` in its URL: its whole path is the project's. */
function projectHomePath(pageName: string | undefined, url: URL): string | undefined {
  if (pageName !== 'projects:show') return undefined;
  const path = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  return path.includes('/') ? path : undefined;
}

/** The path after GitLab's `/-/`, decoded: `/group/app/-/blob/main/a.rb` → `['blob', 'main', 'a.rb']`. */
export function pathAfterDash(page: GitlabPage): string[] {
  const rest = page.url.pathname.split('/-/')[1];
  return rest ? rest.split('/').map(decodeURIComponent) : [];
}

/**
 * A panel's page detector: where the panel has a place, what it needs from the page (the issue number, the
 * file's path; never 0 or '') or just true; elsewhere false or undefined. Pure and cheap: the loader runs
 * every panel's detector on every GitLab page.
 */
export type PageDetector = (page: GitlabPage, doc: Document) => string | number | boolean | undefined;
