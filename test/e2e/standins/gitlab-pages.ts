// HTML pages of the GitLab stand-in, shaped like GitLab 18.x's server-rendered pages
// (shared/notes/gitlab-error-tracking.md §6): the head's og:site_name and csrf-token, the inline `gon` script,
// `<html class="gl-light|gl-dark">`, the body's data attributes (data-page, data-page-type-id, data-project-id,
// data-project, data-project-full-path, data-namespace-id, data-group, …), the super sidebar
// `<aside class="js-super-sidebar" data-sidebar="{json}">`, breadcrumbs and `<main id="content-body">`.
// Where GitLab mounts a Vue app, the page holds what that app renders once hydrated (an issue's rendered
// description, a file's numbered lines), so content scripts see what they would see on gitlab.com at
// document_idle. The Error Tracking list keeps its mount `#js-error_tracking` with its data attributes.
import type { GitlabCommitRecord, GitlabIssue, GitlabNamespace, GitlabProjectRecord, GitlabUser } from './gitlab-data';
import { mergeRequestMain, type MergeRequestRecord, type MergeRequestTab } from './gitlab-merge-requests';

export type PageTheme = 'light' | 'dark';

/** What every page shares: the instance, the signed-in user, the theme. */
export interface SiteContext {
  /** `https://gitlab.com`, or the self-hosted origin the page was requested under. */
  origin: string;
  csrfToken: string;
  theme: PageTheme;
  version: string;
  revision: string;
  /** The signed-in user (pages look signed in); undefined = anonymous. */
  user?: GitlabUser;
}

export interface ProjectPageContext {
  project: GitlabProjectRecord;
  /** `Group / App`. */
  nameWithNamespace: string;
  /** Whether the sidebar's Monitor menu lists "Error Tracking" (hidden by `hide_error_tracking_features`). */
  errorTrackingMenu: boolean;
}

export type ProjectPageKind =
  | { kind: 'home'; openIssues: number; lastCommit?: GitlabCommitRecord }
  | { kind: 'issues'; issues: GitlabIssue[] }
  | { kind: 'issue'; iid: number; issue?: GitlabIssue }
  | { kind: 'blob'; ref: string; path: string }
  | { kind: 'commit'; commit: GitlabCommitRecord }
  | { kind: 'error-tracking'; enabled: boolean; integrated: boolean; canEnable: boolean }
  | { kind: 'error-details'; errorId: string }
  | { kind: 'merge-request'; mergeRequest: MergeRequestRecord; tab: MergeRequestTab }
  | { kind: 'other'; heading: string };

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON in a double-quoted attribute, as HAML writes `data: { sidebar: … }`. */
const attrJson = (value: unknown) => escapeHtml(JSON.stringify(value));
/** JSON inside an inline <script>: `</script>` and friends cannot end it. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

// ---------------------------------------------------------------------------------------------
// Markdown (a small subset of GitLab Flavored Markdown, rendered the way Banzai writes it)

const AUTOLINK = /\bhttps?:\/\/[^\s<>"'`]+/g;
const LINK_ATTRS = 'rel="nofollow noreferrer noopener" target="_blank"';

function anchorSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** Inline Markdown: code spans, [text](url), bare URLs (autolinked), **strong**, _em_; everything else is text. */
function renderInline(text: string): string {
  const out: string[] = [];
  let i = 0;
  let plain = '';
  const flush = () => {
    if (!plain) return;
    // Bare URLs become links (GitLab's autolink filter); trailing punctuation stays text.
    let html = '';
    let last = 0;
    for (const m of plain.matchAll(AUTOLINK)) {
      let url = m[0];
      const trail = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? '';
      url = url.slice(0, url.length - trail.length);
      html += emphasis(escapeHtml(plain.slice(last, m.index)));
      html += `<a href="${escapeHtml(url)}" ${LINK_ATTRS}>${escapeHtml(url)}</a>`;
      last = (m.index ?? 0) + url.length;
    }
    html += emphasis(escapeHtml(plain.slice(last)));
    out.push(html);
    plain = '';
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1] as string)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const close = text.indexOf(run, i + run.length);
      if (close > 0) {
        flush();
        let code = text.slice(i + run.length, close);
        if (code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
        out.push(`<code>${escapeHtml(code)}</code>`);
        i = close + run.length;
        continue;
      }
    }
    if (ch === '[') {
      const m = /^\[([^\]]*)\]\((https?:\/\/[^\s)]+|\/[^\s)]*)\)/.exec(text.slice(i));
      if (m) {
        flush();
        out.push(`<a href="${escapeHtml(m[2] as string)}" ${LINK_ATTRS}>${emphasis(escapeHtml(m[1] as string))}</a>`);
        i += m[0].length;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  flush();
  return out.join('');
}

function emphasis(escaped: string): string {
  return escaped.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/(^|[\s(])_([^_\s][^_]*?)_(?=$|[\s).,;:!?])/g, '$1<em>$2</em>');
}

/** Block Markdown: headings, fenced code, `-`/`*` lists, paragraphs. Raw HTML is shown as text. */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const html: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) html.push(`<p dir="auto">${paragraph.map(renderInline).join('\n')}</p>`);
    paragraph = [];
  };
  const endList = () => {
    if (list.length) html.push(`<ul dir="auto">\n${list.map((item) => `<li>${renderInline(item)}</li>`).join('\n')}\n</ul>`);
    list = [];
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    const fence = /^(`{3,}|~{3,})\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      endParagraph();
      endList();
      const closer = new RegExp(`^${(fence[1] as string)[0] === '`' ? '`' : '~'}{${(fence[1] as string).length},}\\s*$`);
      const code: string[] = [];
      for (n++; n < lines.length && !closer.test(lines[n] as string); n++) code.push(lines[n] as string);
      const lang = fence[2] || 'plaintext';
      const spans = code.map((c, k) => `<span id="LC${k + 1}" class="line" lang="${escapeHtml(lang)}">${escapeHtml(c)}</span>`).join('\n');
      html.push(
        `<div class="gl-relative markdown-code-block js-markdown-code"><pre class="code highlight js-syntax-highlight language-${escapeHtml(lang)}" lang="${escapeHtml(lang)}" v-pre="true"><code>${spans}</code></pre></div>`,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      endParagraph();
      endList();
      const level = (heading[1] as string).length;
      const inner = renderInline(heading[2] as string);
      const slug = anchorSlug(heading[2] as string);
      html.push(
        `<h${level} dir="auto">\n<a href="#${slug}" aria-hidden="true" class="anchor" id="user-content-${slug}"></a>${inner}</h${level}>`,
      );
      continue;
    }
    const item = /^\s*[-*+]\s+(.*)$/.exec(line);
    if (item) {
      endParagraph();
      list.push(item[1] as string);
      continue;
    }
    if (!line.trim()) {
      endParagraph();
      endList();
      continue;
    }
    endList();
    paragraph.push(line);
  }
  endParagraph();
  endList();
  return html.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Layout

interface LayoutInput {
  site: SiteContext;
  title: string;
  page: string;
  pageTypeId: string;
  project?: ProjectPageContext;
  /** [text, path] from the top level down. */
  breadcrumbs: Array<[string, string]>;
  main: string;
  /** Extra body classes. */
  bodyClass?: string;
  description?: string;
}

const STYLE = `
:root{color-scheme:light}
html.gl-dark{color-scheme:dark}
body{margin:0;font-family:"GitLab Sans",-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;font-size:.875rem;line-height:1.5;background:#fff;color:#3a383f}
html.gl-dark body{background:#18171d;color:#ececef}
a{color:#1f75cb}
html.gl-dark a{color:#63a6e9}
.super-sidebar{position:fixed;top:0;bottom:0;left:0;width:256px;background:#f6f6f8;border-right:1px solid #dcdcde}
html.gl-dark .super-sidebar{background:#232128;border-color:#434248}
.content-wrapper{margin-left:256px}
.top-bar-fixed{padding:8px 16px;border-bottom:1px solid #dcdcde}
html.gl-dark .top-bar-fixed{border-color:#434248}
.breadcrumb-list{display:flex;gap:8px;list-style:none;margin:0;padding:0}
.container-fluid{padding:0 16px}
.code{font-family:"GitLab Mono",Menlo,monospace;font-size:.8125rem}
.file-line-num{display:inline-block;min-width:40px;text-align:right;padding-right:8px;color:#89888d}
`.trim();

function gonScript(site: SiteContext, project?: ProjectPageContext): string {
  const user = site.user;
  const gon: Record<string, unknown> = {
    api_version: 'v4',
    default_avatar_url: `${site.origin}/assets/no_avatar-849f9c04a3a0d0cea2424ae97b27447dc64a7dbfae83c036c45b403392f0e8ba.png`,
    max_file_size: 100,
    asset_host: null,
    webpack_public_path: '/assets/webpack/',
    relative_url_root: '',
    user_color_scheme: 'white',
    user_color_mode: site.theme === 'dark' ? 'gl-dark' : 'gl-light',
    markdown_surround_selection: true,
    markdown_automatic_lists: true,
    gitlab_url: site.origin,
    organization_http_header_name: 'HTTP_GITLAB_ORGANIZATION_ID',
    revision: site.revision,
    feature_category: project ? 'groups_and_projects' : 'navigation',
    gitlab_logo: '/assets/gitlab_logo-2957169c8ef64c58616a1ac3f4fc626e8a35ce4eb3ed31bb0d873712f2a041a0.png',
    secure: true,
    sprite_icons: '/assets/icons-8791a66659d025e0a4c801978c79a1fbd82db1d27d85f044a35728ea7cf0ae80.svg',
    sprite_file_icons: '/assets/file_icons/file_icons-88a95467170997d6a4052c781684c8250847147987090747773c1ee27c513c5f.svg',
    emoji_sprites_css_path: '/assets/emoji_sprites-bd26211944b9d072037ec97cb138f1a52cd03ef185cd38b8d1fcc963245199a1.css',
    features: { uiForOrganizations: false, findAndReplace: false, removeMonitorMetrics: true, workItemViewForIssues: true },
    ...(user && {
      current_user_id: user.id,
      current_username: user.username,
      current_user_fullname: user.name,
      current_user_avatar_url: user.avatar_url,
    }),
  };
  const lines = Object.entries(gon).map(([key, value]) => `gon.${key}=${scriptJson(value)};`);
  return `<script>\n//<![CDATA[\nwindow.gon||(window.gon={});\n${lines.join('\n')}\n//]]>\n</script>`;
}

interface MenuItem {
  id: string;
  title: string;
  icon?: string;
  link: string;
  is_active?: boolean;
  items?: MenuItem[];
}

function projectMenu(project: ProjectPageContext, page: string): MenuItem[] {
  const base = `/${project.project.path_with_namespace}`;
  const item = (id: string, title: string, path: string, activeFor: string[] = []): MenuItem => ({
    id,
    title,
    link: `${base}${path}`,
    is_active: activeFor.includes(page),
  });
  const monitorItems = [
    ...(project.errorTrackingMenu
      ? [
          item('error_tracking', 'Error Tracking', '/-/error_tracking', [
            'projects:error_tracking:index',
            'projects:error_tracking:details',
          ]),
        ]
      : []),
    item('alert_management', 'Alerts', '/-/alert_management'),
    item('incidents', 'Incidents', '/-/incidents'),
  ];
  return [
    { id: 'project_overview', title: project.project.name, icon: 'project', link: base, is_active: page === 'projects:show' },
    {
      id: 'manage_menu',
      title: 'Manage',
      icon: 'users',
      link: `${base}/activity`,
      items: [
        item('activity', 'Activity', '/activity'),
        item('members', 'Members', '/-/project_members'),
        item('labels', 'Labels', '/-/labels'),
      ],
    },
    {
      id: 'plan_menu',
      title: 'Plan',
      icon: 'planning',
      link: `${base}/-/issues`,
      items: [
        item('project_issue_list', 'Issues', '/-/issues', ['projects:issues:index', 'projects:issues:show']),
        item('boards', 'Issue boards', '/-/boards'),
        item('milestones', 'Milestones', '/-/milestones'),
        item('project_wiki', 'Wiki', '/-/wikis/home'),
      ],
    },
    {
      id: 'code_menu',
      title: 'Code',
      icon: 'code',
      link: `${base}/-/merge_requests`,
      items: [
        item('project_merge_request_list', 'Merge requests', '/-/merge_requests'),
        item('files', 'Repository', `/-/tree/${project.project.default_branch}`, ['projects:blob:show', 'projects:tree:show']),
        item('branches', 'Branches', '/-/branches'),
        item('commits', 'Commits', `/-/commits/${project.project.default_branch}`, ['projects:commit:show', 'projects:commits:show']),
        item('tags', 'Tags', '/-/tags'),
      ],
    },
    {
      id: 'build_menu',
      title: 'Build',
      icon: 'rocket',
      link: `${base}/-/pipelines`,
      items: [item('pipelines', 'Pipelines', '/-/pipelines'), item('jobs', 'Jobs', '/-/jobs')],
    },
    {
      id: 'secure_menu',
      title: 'Secure',
      icon: 'shield',
      link: `${base}/-/security/configuration`,
      items: [item('configuration', 'Security configuration', '/-/security/configuration')],
    },
    {
      id: 'deploy_menu',
      title: 'Deploy',
      icon: 'deployments',
      link: `${base}/-/releases`,
      items: [item('releases', 'Releases', '/-/releases')],
    },
    {
      id: 'operations_menu',
      title: 'Operate',
      icon: 'cloud-pod',
      link: `${base}/-/environments`,
      items: [item('environments', 'Environments', '/-/environments')],
    },
    {
      id: 'monitor_menu',
      title: 'Monitor',
      icon: 'monitor',
      link: monitorItems[0]?.link ?? `${base}/-/alert_management`,
      items: monitorItems,
    },
    {
      id: 'analyze_menu',
      title: 'Analyze',
      icon: 'chart',
      link: `${base}/-/value_stream_analytics`,
      items: [item('cycle_analytics', 'Value stream analytics', '/-/value_stream_analytics')],
    },
    {
      id: 'settings_menu',
      title: 'Settings',
      icon: 'settings',
      link: `${base}/edit`,
      items: [
        item('general', 'General', '/edit'),
        item('monitor', 'Monitor', '/-/settings/operations', ['projects:settings:operations:show']),
      ],
    },
  ];
}

function sidebarData(site: SiteContext, page: string, project?: ProjectPageContext): Record<string, unknown> {
  const user = site.user;
  const [major, minor] = site.version.split('.');
  const p = project?.project;
  return {
    is_logged_in: Boolean(user),
    context_switcher_links: [
      { title: 'Your work', link: '/', icon: 'work' },
      { title: 'Explore', link: '/explore', icon: 'compass' },
    ],
    current_menu_items: project ? projectMenu(project, page) : [],
    current_context_header: p ? p.name : 'Your work',
    current_context: p
      ? {
          namespace: 'projects',
          item: {
            id: p.id,
            name: p.name,
            namespace: project?.nameWithNamespace,
            full_path: p.path_with_namespace,
            fullPath: p.path_with_namespace,
            avatar_url: null,
            web_url: `${site.origin}/${p.path_with_namespace}`,
          },
        }
      : {},
    pinned_items: p ? ['project_issue_list', 'project_merge_request_list'] : [],
    panel_type: p ? 'project' : 'your_work',
    update_pins_url: p ? `/-/users/pins` : null,
    is_impersonating: false,
    stop_impersonation_path: '/admin/impersonation',
    shortcut_links: [
      { title: 'Snippets', href: '/explore/snippets', css_class: 'dashboard-shortcuts-snippets' },
      { title: 'Groups', href: '/explore/groups', css_class: 'dashboard-shortcuts-groups' },
      { title: 'Projects', href: '/explore/projects/starred', css_class: 'dashboard-shortcuts-projects' },
    ],
    track_visit_data: p ? { url: `/${p.path_with_namespace}`, id: p.id, namespace: 'projects' } : {},
    search: {
      search_path: '/search',
      issues_path: '/dashboard/issues',
      mr_path: '/dashboard/merge_requests',
      autocomplete_path: '/search/autocomplete',
      settings_path: '/search/settings',
      search_context: p
        ? {
            project: { id: p.id, name: p.name },
            project_metadata: { mr_path: `/${p.path_with_namespace}/-/merge_requests`, issues_path: `/${p.path_with_namespace}/-/issues` },
            code_search: true,
            ref: p.default_branch,
            scope: null,
            for_snippets: null,
          }
        : {},
    },
    ...(user
      ? {
          username: user.username,
          avatar_url: user.avatar_url,
          name: user.name,
          has_link_to_profile: true,
          link_to_profile: `${site.origin}/${user.username}`,
          status: { can_update: true, busy: false, customized: false, availability: '', emoji: null, message: null, clear_after: null },
          settings: { has_settings: true, profile_path: '/-/user_settings/profile', profile_preferences_path: '/-/profile/preferences' },
          user_counts: {
            assigned_issues: 0,
            assigned_merge_requests: 0,
            review_requested_merge_requests: 0,
            todos: 0,
            last_update: Date.now(),
          },
          can_sign_out: true,
          sign_out_link: '/users/sign_out',
          issues_dashboard_path: `/dashboard/issues?assignee_username=${user.username}`,
          merge_request_dashboard_path: '/dashboard/merge_requests',
          todos_dashboard_path: '/dashboard/todos',
          create_new_menu_groups: [],
          merge_request_menu: [],
        }
      : {}),
    support_path: 'https://about.gitlab.com/get-help/',
    docs_path: '/help/docs',
    display_whats_new: true,
    whats_new_most_recent_release_items_count: 6,
    whats_new_version_digest: '3a7a1e1b',
    show_version_check: false,
    gitlab_version: { major: Number(major), minor: Number(minor) },
    gitlab_version_check: null,
    search_context: {},
    is_admin: false,
    admin_url: '/admin',
    admin_mode: {
      admin_mode_feature_enabled: true,
      admin_mode_active: false,
      enter_admin_mode_path: '/admin/session/new',
      leave_admin_mode_path: '/admin/session/destroy',
      user_is_admin: false,
    },
    is_saas: true,
  };
}

function bodyAttributes(input: LayoutInput): string {
  const p = input.project?.project;
  const ns: GitlabNamespace | undefined = p?.namespace;
  const attrs: Array<[string, string]> = [
    ['data-find-file', p ? `/${p.path_with_namespace}/-/find_file/${p.default_branch}` : ''],
    ['data-group', ns?.path ?? ''],
    ['data-group-full-path', ns?.full_path ?? ''],
    ['data-namespace-id', ns ? String(ns.id) : ''],
    ['data-page', input.page],
    ['data-page-type-id', input.pageTypeId],
    ['data-project', p?.path ?? ''],
    ['data-project-full-path', p?.path_with_namespace ?? ''],
    ['data-project-id', p ? String(p.id) : ''],
    ['data-project-studio-available', 'true'],
    ['data-project-studio-enabled', 'false'],
  ];
  return attrs
    .filter(([name, value]) => value !== '' || !name.startsWith('data-find-file'))
    .map(([name, value]) => `${name}="${escapeHtml(value)}"`)
    .join(' ');
}

/** The whole document around `main`. */
function renderLayout(input: LayoutInput): string {
  const { site } = input;
  const themeClass = site.theme === 'dark' ? 'gl-dark' : 'gl-light';
  const url = `${site.origin}${input.breadcrumbs.at(-1)?.[1] ?? '/'}`;
  const description = input.description ?? 'GitLab.com';
  const crumbs = input.breadcrumbs
    .map(([text, href], i, all) =>
      i === all.length - 1
        ? `<li class="gl-breadcrumb-item"><a href="${escapeHtml(href)}" aria-current="page">${escapeHtml(text)}</a></li>`
        : `<li class="gl-breadcrumb-item"><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></li>`,
    )
    .join('');
  return [
    '<!DOCTYPE html>',
    `<html class="${themeClass} ui-neutral with-top-bar with-header" lang="en">`,
    '<head prefix="og: http://ogp.me/ns#">',
    '<meta charset="utf-8">',
    '<meta content="IE=edge" http-equiv="X-UA-Compatible">',
    '<meta content="width=device-width, initial-scale=1" name="viewport">',
    `<title>${escapeHtml(input.title)}</title>`,
    gonScript(site, input.project),
    `<meta content="${site.theme === 'dark' ? 'dark' : 'light'}" name="color-scheme">`,
    `<style>${STYLE}</style>`,
    '<meta property="og:site_name" content="GitLab">',
    `<meta content="${escapeHtml(input.title)}" property="og:title">`,
    `<meta content="${escapeHtml(description)}" property="og:description">`,
    `<meta content="${site.origin}/assets/twitter_card-570ddb06edf56a2312253c5872489847a0f385112ddbcd71ccfa1570febab5d2.jpg" property="og:image">`,
    `<meta content="${escapeHtml(url)}" property="og:url">`,
    '<meta content="summary" property="twitter:card">',
    '<meta name="csrf-param" content="authenticity_token">',
    `<meta name="csrf-token" content="${escapeHtml(site.csrfToken)}">`,
    `<meta content="${escapeHtml(description)}" name="description">`,
    `<meta content="origin-when-cross-origin" name="referrer">`,
    `<link href="${site.origin}/favicon.ico" rel="icon" type="image/png">`,
    '</head>',
    `<body class="tab-width-8 gl-browser-chrome gl-platform-linux${input.bodyClass ? ` ${input.bodyClass}` : ''}" ${bodyAttributes(input)}>`,
    '<div class="layout-page page-with-super-sidebar">',
    `<aside class="js-super-sidebar super-sidebar super-sidebar-loading" data-command-palette="${attrJson({ project_files_url: input.project ? `/${input.project.project.path_with_namespace}/-/files/${input.project.project.default_branch}?format=json` : null, project_blob_url: input.project ? `/${input.project.project.path_with_namespace}/-/blob/${input.project.project.default_branch}` : null })}" data-force-desktop-expanded-sidebar="" data-is-saas="true" data-root-path="/" data-sidebar="${attrJson(sidebarData(site, input.page, input.project))}" data-super-sidebar-collapsed="false" id="super-sidebar"></aside>`,
    '<div class="content-wrapper">',
    '<div class="top-bar-fixed container-fluid" data-testid="top-bar">',
    `<div class="top-bar-container gl-flex gl-items-center gl-gap-2"><nav aria-label="Breadcrumbs" class="gl-breadcrumbs" id="js-vue-page-breadcrumbs-wrapper"><ol class="breadcrumb-list gl-breadcrumb-list">${crumbs}</ol></nav></div>`,
    '</div>',
    '<div class="alert-wrapper alert-wrapper-top-space gl-flex gl-flex-col gl-gap-3 container-fluid container-limited"></div>',
    '<div class="container-fluid container-limited project-highlight-puc">',
    '<main class="content" id="content-body" itemscope itemtype="http://schema.org/SoftwareSourceCode">',
    '<div class="flash-container flash-container-page sticky" data-testid="flash-container"><div id="js-global-alerts"></div></div>',
    input.main,
    '</main>',
    '</div>',
    '</div>',
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Page bodies

const formatDate = (iso: string) => new Date(iso).toUTCString().replace(/ GMT$/, ' UTC');

/** Deterministic file content for a blob page: enough numbered lines for links like #L40. */
function blobLines(path: string): string[] {
  const name = path.split('/').at(-1) ?? path;
  if (name.endsWith('.rb')) {
    const className = name
      .replace(/\.rb$/, '')
      .split('_')
      .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
      .join('');
    const lines = [`# frozen_string_literal: true`, '', `class ${className} < ApplicationRecord`];
    for (let n = lines.length + 1; n <= 78; n++) {
      lines.push(n % 8 === 0 ? '' : n % 8 === 1 ? `  def method_${n}` : n % 8 === 7 ? '  end' : `    value_${n} = compute(${n})`);
    }
    lines.push('end');
    return lines;
  }
  return Array.from({ length: 80 }, (_, i) => `// ${name} line ${i + 1}`);
}

function projectHeader(ctx: ProjectPageContext): string {
  const p = ctx.project;
  return [
    '<header class="project-home-panel js-show-on-project-root gl-my-5">',
    '<div class="gl-flex gl-items-center gl-justify-between">',
    `<div class="home-panel-title-row gl-flex gl-items-center"><div class="avatar-container rect-avatar s64 home-panel-avatar gl-mr-3"><span class="avatar identicon s64 bg2">${escapeHtml(p.name[0] ?? '?')}</span></div>`,
    `<h1 class="home-panel-title gl-heading-1 gl-m-0 gl-flex gl-items-center gl-flex-wrap gl-gap-3" data-testid="project-name-content" itemprop="name">${escapeHtml(p.name)}</h1></div>`,
    '</div>',
    p.description
      ? `<div class="home-panel-description"><div class="home-panel-description-markdown read-more-container" itemprop="description"><p dir="auto">${escapeHtml(p.description)}</p></div></div>`
      : '',
    '</header>',
  ].join('\n');
}

export function renderProjectPage(
  site: SiteContext,
  ctx: ProjectPageContext,
  page: string,
  pageTypeId: string,
  kind: ProjectPageKind,
): string {
  const p = ctx.project;
  const base = `/${p.path_with_namespace}`;
  const crumbsBase: Array<[string, string]> = [
    ...p.namespace.full_path
      .split('/')
      .map((seg, i, all): [string, string] => [
        seg === p.namespace.path ? p.namespace.name : seg,
        `/groups/${all.slice(0, i + 1).join('/')}`,
      ]),
    [p.name, base],
  ];
  const layout = (title: string, crumbs: Array<[string, string]>, main: string, bodyClass?: string) =>
    renderLayout({
      site,
      title: `${title} · GitLab`,
      page,
      pageTypeId,
      project: ctx,
      breadcrumbs: [...crumbsBase, ...crumbs],
      main,
      bodyClass,
    });
  const nameWithNamespace = ctx.nameWithNamespace;

  switch (kind.kind) {
    case 'home': {
      const commit = kind.lastCommit;
      return layout(
        nameWithNamespace,
        [],
        [
          projectHeader(ctx),
          `<div class="project-page-indicator gl-text-subtle" data-testid="project-id-content" itemprop="identifier">Project ID: ${p.id}</div>`,
          `<div class="project-stats"><ul class="nav"><li class="nav-item"><a class="nav-link" href="${base}/-/issues">Issues <span class="badge">${kind.openIssues}</span></a></li><li class="nav-item"><a class="nav-link" href="${base}/-/commits/${escapeHtml(p.default_branch)}">Commits</a></li></ul></div>`,
          commit
            ? `<div class="project-last-commit gl-border gl-rounded-base"><div class="commit-detail flex-list"><a class="commit-row-message item-title js-onboarding-commit-item" href="${base}/-/commit/${commit.id}">${escapeHtml(commit.title)}</a> <span class="commit-sha-group"><a class="gl-button btn btn-default btn-sm commit-sha" href="${base}/-/commit/${commit.id}">${commit.id.slice(0, 8)}</a></span></div></div>`
            : '',
          `<div class="tree-holder clearfix js-per-page gl-mt-5" data-blame-per-page="1000" id="tree-holder"><div class="nav-block gl-flex gl-items-center gl-gap-3"><div class="tree-ref-container"><div id="js-tree-ref-switcher" data-project-id="${p.id}" data-project-root-path="${base}" data-ref="${escapeHtml(p.default_branch)}" data-ref-type="heads"></div></div></div>`,
          `<div id="js-tree-list" data-escaped-ref="${escapeHtml(p.default_branch)}" data-full-name="${escapeHtml(nameWithNamespace)}" data-project-path="${escapeHtml(p.path_with_namespace)}" data-project-short-path="${escapeHtml(p.path)}" data-ref="${escapeHtml(p.default_branch)}" data-ref-type="heads" data-resource-id="gid://gitlab/Project/${p.id}">`,
          '<table class="table tree-table" aria-label="Files"><tbody>',
          `<tr class="tree-item"><td class="tree-item-file-name"><a class="tree-item-link" href="${base}/-/tree/${escapeHtml(p.default_branch)}/app">app</a></td></tr>`,
          `<tr class="tree-item"><td class="tree-item-file-name"><a class="tree-item-link" href="${base}/-/blob/${escapeHtml(p.default_branch)}/README.md">README.md</a></td></tr>`,
          '</tbody></table></div></div>',
          `<article class="file-holder readme-holder" id="readme"><div class="js-file-title file-title-flex-parent"><strong>README.md</strong></div><div class="blob-viewer" data-rich-type="markup" data-type="rich"><div class="file-content md">${renderMarkdown(`# ${p.name}\n\nThe ${p.name} project.`)}</div></div></article>`,
        ].join('\n'),
        'project-page',
      );
    }
    case 'issues': {
      const rows = kind.issues
        .filter((i) => i.state === 'opened')
        .map(
          (i) =>
            `<li class="issue" id="issue_${i.id}"><div class="issue-title title"><a href="${base}/-/issues/${i.iid}">${escapeHtml(i.title)}</a></div><div class="issuable-info">#${i.iid}</div></li>`,
        )
        .join('\n');
      return layout(
        `Issues · ${nameWithNamespace}`,
        [['Issues', `${base}/-/issues`]],
        `<div class="js-issues-list-root" data-full-path="${escapeHtml(p.path_with_namespace)}" data-project-path="${escapeHtml(p.path_with_namespace)}"><ul class="content-list issues-list issuable-list">${rows}</ul></div>`,
      );
    }
    case 'issue': {
      const issue = kind.issue;
      const title = issue?.title ?? `Issue #${kind.iid}`;
      const description = issue?.description ? renderMarkdown(issue.description) : '';
      const author = issue?.author as { username?: string; name?: string } | undefined;
      const state = issue?.state === 'closed' ? 'Closed' : 'Open';
      const main = [
        `<div class="issue-details issuable-details js-issue-details" data-issue-iid="${kind.iid}" data-full-path="${escapeHtml(p.path_with_namespace)}">`,
        `<div id="js-issuable-header-warnings" class="detail-page-header"><div class="detail-page-header-body"><span class="issuable-status-badge gl-badge badge badge-pill ${state === 'Open' ? 'badge-success' : 'badge-info'}" data-testid="issue-state-badge">${state}</span>`,
        author
          ? `<span class="issuable-meta">Issue created <time datetime="${escapeHtml(issue?.created_at ?? '')}">${escapeHtml(formatDate(issue?.created_at ?? new Date().toISOString()))}</time> by <a class="author-link" href="/${escapeHtml(author.username ?? '')}">${escapeHtml(author.name ?? '')}</a></span>`
          : '',
        '</div></div>',
        `<div class="detail-page-description content-block js-detail-page-description gl-pt-4 gl-pb-0 !gl-border-none">`,
        `<div id="js-issuable-app" data-full-path="${escapeHtml(p.path_with_namespace)}" data-iid="${kind.iid}" data-issuable-id="${issue?.id ?? ''}" data-issue-type="issue">`,
        '<div class="title-container">',
        `<h1 class="title gl-heading-1 !gl-m-0" data-testid="issue-title" dir="auto">${escapeHtml(title)}</h1>`,
        '</div>',
        `<div class="description js-task-list-container is-task-list-enabled" data-testid="work-item-description"><div class="md">${description}</div></div>`,
        '</div>',
        '</div>',
        '<section class="issuable-discussion js-vue-notes-event"><div id="js-vue-notes" data-noteable-type="Issue" data-target-type="issue"></div></section>',
        '</div>',
      ].join('\n');
      return layout(
        `${title} (#${kind.iid}) · Issues · ${nameWithNamespace}`,
        [
          ['Issues', `${base}/-/issues`],
          [`#${kind.iid}`, `${base}/-/issues/${kind.iid}`],
        ],
        main,
      );
    }
    case 'blob': {
      const lines = blobLines(kind.path);
      const fileName = kind.path.split('/').at(-1) ?? kind.path;
      const lang = fileName.endsWith('.rb') ? 'ruby' : 'plaintext';
      const numbers = lines
        .map((_, i) => `<a id="L${i + 1}" class="file-line-num diff-line-num" href="#L${i + 1}" data-line-number="${i + 1}">${i + 1}</a>`)
        .join('\n');
      const code = lines.map((line, i) => `<span id="LC${i + 1}" class="line" lang="${lang}">${escapeHtml(line)}</span>`).join('\n');
      const pathCrumbs = kind.path
        .split('/')
        .map((seg, i, all): [string, string] => [
          seg,
          `${base}/-/${i === all.length - 1 ? 'blob' : 'tree'}/${kind.ref}/${all.slice(0, i + 1).join('/')}`,
        ]);
      const main = [
        `<div class="tree-holder gl-pt-5" id="tree-holder">`,
        `<div class="nav-block gl-flex"><div class="tree-ref-container"><div id="js-tree-ref-switcher" data-project-id="${p.id}" data-ref="${escapeHtml(kind.ref)}" data-ref-type="heads"></div></div><ul class="breadcrumb repo-breadcrumb">${pathCrumbs.map(([t, h]) => `<li class="breadcrumb-item"><a href="${escapeHtml(h)}">${escapeHtml(t)}</a></li>`).join('')}</ul></div>`,
        `<div id="js-view-blob-app" data-blob-path="${escapeHtml(kind.path)}" data-project-path="${escapeHtml(p.path_with_namespace)}" data-target-branch="${escapeHtml(kind.ref)}" data-original-branch="${escapeHtml(kind.ref)}" data-ref-type="heads" data-resource-id="gid://gitlab/Project/${p.id}" data-user-id="${site.user ? `gid://gitlab/User/${site.user.id}` : ''}" data-explain-code-available="false">`,
        `<div class="file-holder"><div class="js-file-title file-title-flex-parent"><div class="file-header-content"><strong class="file-title-name" data-testid="file-title-content">${escapeHtml(fileName)}</strong></div></div>`,
        `<div class="blob-viewer" data-type="simple" data-path="${escapeHtml(kind.path)}"><div class="file-content code js-syntax-highlight gl-flex"><div class="line-numbers">${numbers}</div><div class="blob-content" data-blob-id=""><pre class="code highlight"><code>${code}</code></pre></div></div></div>`,
        '</div></div></div>',
      ].join('\n');
      return layout(
        `${kind.path} · ${kind.ref} · ${nameWithNamespace}`,
        [['Repository', `${base}/-/tree/${kind.ref}`], ...pathCrumbs.slice(-1)],
        main,
      );
    }
    case 'commit': {
      const c = kind.commit;
      const parents = c.parent_ids.map((id) => `<a class="commit-sha" href="${base}/-/commit/${id}">${id.slice(0, 8)}</a>`).join(' ');
      const body = c.message.split('\n').slice(1).join('\n').trim();
      const main = [
        '<div class="page-content-header">',
        `<div class="header-main-content"><strong>Commit</strong> <span class="commit-sha" data-testid="commit-sha-content">${c.id.slice(0, 8)}</span> <span class="gl-hidden sm:gl-inline">authored <time datetime="${escapeHtml(c.created_at)}">${escapeHtml(formatDate(c.created_at))}</time> by</span> <strong>${escapeHtml(c.author_name)}</strong></div>`,
        `<div class="header-action-buttons"><a class="btn gl-button btn-default" href="${base}/-/tree/${c.id}">Browse files</a></div>`,
        '</div>',
        `<div class="commit-box" data-project-path="${escapeHtml(p.path_with_namespace)}">`,
        `<h3 class="commit-title">${escapeHtml(c.title)}</h3>`,
        body ? `<pre class="commit-description">${escapeHtml(body)}</pre>` : '',
        '</div>',
        `<div class="info-well"><div class="well-segment"><span class="commit-info">${c.parent_ids.length === 1 ? '1 parent' : `${c.parent_ids.length} parents`}</span> ${parents}</div></div>`,
        `<div class="files-changed"><div id="js-diffs-app" data-endpoint="${base}/-/commit/${c.id}/diff_for_path" data-project-path="${escapeHtml(p.path_with_namespace)}" data-commit-sha="${c.id}"></div></div>`,
      ].join('\n');
      return layout(
        `${c.title} (${c.id.slice(0, 8)}) · Commits · ${nameWithNamespace}`,
        [
          ['Commits', `${base}/-/commits/${p.default_branch}`],
          [c.id.slice(0, 8), `${base}/-/commit/${c.id}`],
        ],
        main,
      );
    }
    case 'error-tracking': {
      const attrs: Array<[string, string]> = [
        ['data-enable-error-tracking-link', `${base}/-/settings/operations`],
        ['data-error-tracking-enabled', String(kind.enabled)],
        [
          'data-illustration-path',
          '/assets/illustrations/empty-state/empty-radar-md-fd4c1aa28be3ed0d9e01ddc7f6e1ca0d39a8f2a0a5b0c69ab3d2d7e49e7bcb9e.svg',
        ],
        ['data-index-path', `${base}/-/error_tracking.json`],
        ['data-integrated-error-tracking-enabled', String(kind.integrated)],
        ['data-list-path', `${base}/-/error_tracking`],
        ['data-project-path', p.path_with_namespace],
        ['data-show-integrated-tracking-disabled-alert', 'false'],
        ['data-user-can-enable-error-tracking', String(kind.canEnable)],
      ];
      const main = `<div id="js-error_tracking" ${attrs.map(([k, v]) => `${k}="${escapeHtml(v)}"`).join(' ')}><div class="gl-spinner-container gl-mt-5" role="status"><span aria-label="Loading" class="gl-spinner gl-spinner-md gl-spinner-dark !gl-align-text-bottom"></span></div></div>`;
      return layout(
        `Error Tracking · Monitor · ${nameWithNamespace}`,
        [
          ['Monitor', `${base}/-/error_tracking`],
          ['Error Tracking', `${base}/-/error_tracking`],
        ],
        main,
      );
    }
    case 'error-details': {
      const main = `<div id="js-error_details" data-issue-id="${escapeHtml(kind.errorId)}" data-project-path="${escapeHtml(p.path_with_namespace)}" data-issue-update-path="${base}/-/error_tracking/${escapeHtml(kind.errorId)}.json" data-project-issues-path="${base}/-/issues" data-issue-stack-trace-path="${base}/-/error_tracking/${escapeHtml(kind.errorId)}/stack_trace.json" data-integrated-error-tracking-enabled="false" data-csrf-token="${escapeHtml(site.csrfToken)}"></div>`;
      return layout(
        `Error Details · Error Tracking · ${nameWithNamespace}`,
        [
          ['Error Tracking', `${base}/-/error_tracking`],
          ['Error Details', `${base}/-/error_tracking/${kind.errorId}/details`],
        ],
        main,
      );
    }
    case 'merge-request': {
      const mr = kind.mergeRequest;
      return layout(
        `${mr.title} (!${mr.iid}) · Merge requests · ${nameWithNamespace}`,
        [
          ['Merge requests', `${base}/-/merge_requests`],
          [`!${mr.iid}`, `${base}/-/merge_requests/${mr.iid}`],
        ],
        mergeRequestMain(p.path_with_namespace, mr, kind.tab),
      );
    }
    case 'other':
      return layout(
        `${kind.heading} · ${nameWithNamespace}`,
        [],
        `<h1 class="page-title gl-text-size-h-display">${escapeHtml(kind.heading)}</h1>`,
      );
  }
}

export function renderDashboardPage(site: SiteContext, projects: Array<{ path: string; name: string }>): string {
  const rows = projects
    .map((p) => `<li class="project-row"><a class="project" href="/${escapeHtml(p.path)}">${escapeHtml(p.name)}</a></li>`)
    .join('\n');
  return renderLayout({
    site,
    title: 'Projects · GitLab',
    page: 'dashboard:projects:index',
    pageTypeId: '',
    breadcrumbs: [
      ['Your work', '/'],
      ['Projects', '/dashboard/projects'],
    ],
    main: `<h1 class="page-title">Projects</h1><ul class="projects-list content-list">${rows}</ul>`,
  });
}

/** GET /users/sign_in: where GitLab sends anyone signed out (the stand-in has no password form that works). */
export function renderSignInPage(site: SiteContext): string {
  return [
    '<!DOCTYPE html>',
    `<html class="${site.theme === 'dark' ? 'gl-dark' : 'gl-light'} devise-layout-html" lang="en">`,
    '<head>',
    '<meta charset="utf-8">',
    '<title>Sign in · GitLab</title>',
    '<meta property="og:site_name" content="GitLab">',
    '<meta name="csrf-param" content="authenticity_token">',
    `<meta name="csrf-token" content="${escapeHtml(site.csrfToken)}">`,
    '</head>',
    '<body class="gl-h-full login-page navless" data-page="sessions:new">',
    '<main class="gl-flex gl-flex-col gl-items-center"><h1>Sign in to GitLab</h1>',
    `<form class="gl-show-field-errors js-sign-in-form" id="new_user" action="/users/sign_in" accept-charset="UTF-8" method="post"><input type="hidden" name="authenticity_token" value="${escapeHtml(site.csrfToken)}" autocomplete="off"><label for="user_login">Username or primary email</label><input id="user_login" name="user[login]" type="text"><label for="user_password">Password</label><input id="user_password" name="user[password]" type="password"><button type="submit">Sign in</button></form>`,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}
