// Reading a GitLab page by GitLab's own markers: <body data-page=…> and its data attributes. No CSS classes: they
// change with every redesign; these have been stable for years.
// Which kind of page it is: its name first (components/panels/pages.ts PANEL_PAGE_NAMES), then each panel's own
// detector (components/panels/<feature>/detector.ts).

export interface GitlabPage {
  url: URL;
  /** `controller:action` of the Rails page, e.g. `projects:issues:show`. */
  pageName: string;
  projectPath?: string;
  projectId?: number;
}

export function readGitlabPage(doc: Document, href: string): GitlabPage | undefined {
  const body = doc.body;
  // Every page GitLab renders names itself. A page without a name (once taken for GitLab's by its og:site_name
  // alone) has no panel's place: every panel's place is a page name (PANEL_PAGE_NAMES).
  const pageName = body?.dataset.page;
  if (!pageName) return undefined;
  const url = new URL(href);
  return {
    url,
    pageName,
    projectPath: body.dataset.projectFullPath || projectPathFromUrl(url) || projectHomePath(pageName, url),
    projectId: projectIdOf(body),
  };
}

/** The project's id as the page states it (`data-project-id`), when it is a positive integer. */
export function projectIdOf(body: HTMLElement): number | undefined {
  const id = Number(body.dataset.projectId);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** `/group/sub/app/-/issues/3` → `group/sub/app`; pages without `/-/` give no path. */
function projectPathFromUrl(url: URL): string | undefined {
  const [path] = url.pathname.split('/-/');
  if (!url.pathname.includes('/-/')) return undefined;
  const trimmed = path!.replace(/^\/+|\/+$/g, '');
  return trimmed.includes('/') ? decodeURIComponent(trimmed) : undefined;
}

/** A project's home page (`/group/app`) has no `/-/` in its URL: its whole path is the project's. */
function projectHomePath(pageName: string, url: URL): string | undefined {
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
 * file's path; never 0 or '') or just true; elsewhere false or undefined. Pure and cheap: the panels' script runs
 * every panel's detector on each page of a linked project whose name has a panel's place.
 */
export type PageDetector = (page: GitlabPage, doc: Document) => string | number | boolean | undefined;
