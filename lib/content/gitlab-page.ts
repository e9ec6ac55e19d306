// Reading a GitLab page by GitLab's own markers: <body data-page=…> and its data attributes, and the
// og:site_name meta tag. No CSS classes: they change with every redesign; these have been stable for years.

export interface GitlabPage {
  url: URL;
  /** `controller:action` of the Rails page, e.g. `projects:issues:show`. */
  pageName: string;
  projectPath?: string;
  projectId?: number;
}

export function readGitlabPage(doc: Document, href: string): GitlabPage | undefined {
  const body = doc.body;
  const siteName = doc.querySelector('meta[property="og:site_name"]')?.getAttribute('content');
  if (!body || (siteName !== 'GitLab' && !body.dataset.page)) return undefined;
  const url = new URL(href);
  const id = Number(body.dataset.projectId);
  return {
    url,
    pageName: body.dataset.page ?? '',
    projectPath: body.dataset.projectFullPath || projectPathFromUrl(url) || projectHomePath(body.dataset.page, url),
    projectId: Number.isInteger(id) && id > 0 ? id : undefined,
  };
}

/** GitLab's theme; read by the panels, not the loader, which every GitLab page pays for. */
export function gitlabTheme(doc: Document): 'light' | 'dark' {
  return isDark(doc) ? 'dark' : 'light';
}

function isDark(doc: Document): boolean {
  const classes = [...doc.documentElement.classList, ...doc.body.classList];
  if (classes.includes('gl-dark')) return true;
  if (classes.includes('gl-light')) return false;
  // "Auto" follows the system; GitLab marks it gl-system.
  return classes.includes('gl-system') && matchMedia('(prefers-color-scheme: dark)').matches;
}

/** `/group/sub/app/-/issues/3` → `group/sub/app`; pages without `/-/` give no path. */
export function projectPathFromUrl(url: URL): string | undefined {
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

function afterDash(page: GitlabPage): string[] {
  const rest = page.url.pathname.split('/-/')[1];
  return rest ? rest.split('/').map(decodeURIComponent) : [];
}

/** The project's home page. */
export function isProjectOverview(page: GitlabPage): boolean {
  return page.pageName === 'projects:show' && Boolean(page.projectPath);
}

/** The issue number on an issue page (classic or work-item view). */
export function issueIidOf(page: GitlabPage): number | undefined {
  if (!['projects:issues:show', 'projects:work_items:show'].includes(page.pageName)) return undefined;
  const [kind, iid] = afterDash(page);
  const n = Number(iid);
  return (kind === 'issues' || kind === 'work_items') && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The repository path of a file page (`/-/blob/<ref>/<path>`). A ref with slashes (`feature/x`) leaves part
 * of itself in front of the path; matching against stack frames compares path endings, so that is harmless.
 */
export function blobPathOf(page: GitlabPage): string | undefined {
  if (page.pageName !== 'projects:blob:show') return undefined;
  const [kind, , ...path] = afterDash(page);
  return kind === 'blob' && path.length > 0 ? path.join('/') : undefined;
}

/** The commit SHA of a commit page. */
export function commitShaOf(page: GitlabPage): string | undefined {
  if (page.pageName !== 'projects:commit:show') return undefined;
  const [kind, sha] = afterDash(page);
  return kind === 'commit' && sha && /^[0-9a-f]{7,64}$/i.test(sha) ? sha.toLowerCase() : undefined;
}

/**
 * GitLab's own Error Tracking list page in its "Get started" or turned-off state, where the extension's list
 * takes its place. A configured, working GitLab list is left alone.
 */
export function isUnusedErrorTrackingPage(page: GitlabPage, doc: Document): boolean {
  if (page.pageName !== 'projects:error_tracking:index') return false;
  const mount = doc.getElementById('js-error_tracking');
  return !mount || mount.dataset.errorTrackingEnabled !== 'true';
}
