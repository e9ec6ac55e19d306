// Merge requests in the GitLab stand-in (shared/notes/gitlab-diffs.md): the REST entities (`GET
// /projects/:id/merge_requests/:iid`, `/diffs` from GitLab 15.7 on, the older `/changes`, `/commits`) and the
// merge request's pages, shaped like GitLab 18.x's:
//  - Overview, Commits, Pipelines and Changes (`projects:merge_requests:show|commits|pipelines|diffs`): one page
//    with a pane per tab; the tab links switch panes in place with history.pushState and keep the body's
//    data-page, as GitLab does. The Changes pane is the classic Vue diffs app (`#js-diffs-app`, files
//    `.diff-file[data-path]` in the inline view of diff_row.vue, with GitLab's data-interop-* attributes): its
//    files arrive after load, a batch at a time (diffs_batch.json), the first time the pane shows.
//  - Rapid Diffs (`/diffs?rapid_diffs=true`, `projects:merge_requests:rapid_diffs`): `<diff-file
//    data-file-data>` files, the first half in the page's HTML, the rest appended after load as the stream
//    continues; each hunk's "expand up" button (`button[data-click="expandLines"]`) adds the lines above it.
// Page knobs for tests (query parameters): `batch_size=<n>` files per batch (default 2), `batches=manual` (no
// timer: `window.standInDiffs.addBatch()` adds the next batch). `window.standInDiffs.remount(path)` replaces a
// file's element with a fresh copy, as the classic app's virtual scroller does.
import { buildCommit, type GitlabCommitRecord, type JsonObject } from './gitlab-data';

export interface MergeRequestFileInput {
  /** The path after the change (GitLab's new_path). */
  path: string;
  /** The path before, when renamed. */
  oldPath?: string;
  newFile?: boolean;
  deletedFile?: boolean;
  /** Unified diff text from the first `@@ -a,b +c,d @@` hunk header, as GitLab's `diff` field holds it. */
  diff: string;
}

export interface MergeRequestInput {
  iid: number;
  title: string;
  description?: string;
  sourceBranch?: string;
  targetBranch?: string;
  /** Newest first, as GitLab lists a merge request's commits. */
  commits: Array<Partial<GitlabCommitRecord> & { id: string }>;
  files: MergeRequestFileInput[];
}

export interface MergeRequestRecord {
  id: number;
  iid: number;
  projectId: number;
  title: string;
  description: string;
  sourceBranch: string;
  targetBranch: string;
  createdAt: string;
  commits: GitlabCommitRecord[];
  files: MergeRequestFileInput[];
}

/** The tabs of a merge request's page, by the action GitLab names the page after. */
export type MergeRequestTab = 'show' | 'commits' | 'pipelines' | 'diffs' | 'rapid_diffs';

export function buildMergeRequest(projectId: number, id: number, input: MergeRequestInput): MergeRequestRecord {
  return {
    id,
    iid: input.iid,
    projectId,
    title: input.title,
    description: input.description ?? '',
    sourceBranch: input.sourceBranch ?? `feature-${input.iid}`,
    targetBranch: input.targetBranch ?? 'main',
    createdAt: '2025-02-11T09:00:00.000Z',
    commits: input.commits.map(buildCommit),
    files: input.files,
  };
}

/** `/merge_requests/:iid`, `/merge_requests/:iid/diffs` or `…/changes` or `…/commits`, with the iid. */
export function mergeRequestRoute(rest: string): { iid: number; part: 'merge_request' | 'diffs' | 'changes' | 'commits' } | undefined {
  const match = /^(\d+)(?:\/(diffs|changes|commits))?$/.exec(rest);
  if (!match) return undefined;
  return { iid: Number(match[1]), part: (match[2] as 'diffs' | 'changes' | 'commits' | undefined) ?? 'merge_request' };
}

/** API::Entities::MergeRequest (the fields a client reads). */
export function mergeRequestEntity(origin: string, projectPath: string, mr: MergeRequestRecord): JsonObject {
  const head = mr.commits[0]?.id ?? null;
  const base = mr.commits.at(-1)?.parent_ids[0] ?? null;
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: mr.projectId,
    title: mr.title,
    description: mr.description,
    state: 'opened',
    created_at: mr.createdAt,
    updated_at: mr.createdAt,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    source_project_id: mr.projectId,
    target_project_id: mr.projectId,
    draft: false,
    merge_status: 'can_be_merged',
    sha: head,
    diff_refs: { base_sha: base, head_sha: head, start_sha: base },
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${projectPath}!${mr.iid}` },
    web_url: `${origin}/${projectPath}/-/merge_requests/${mr.iid}`,
  };
}

/** API::Entities::Diff: one changed file. */
export function diffEntity(file: MergeRequestFileInput): JsonObject {
  return {
    diff: file.diff,
    new_path: file.path,
    old_path: file.oldPath ?? file.path,
    a_mode: file.newFile ? '0' : '100644',
    b_mode: file.deletedFile ? '0' : '100644',
    new_file: Boolean(file.newFile),
    renamed_file: Boolean(file.oldPath && file.oldPath !== file.path),
    deleted_file: Boolean(file.deletedFile),
    generated_file: false,
  };
}

/** GitLab 15.7 added `/merge_requests/:iid/diffs`. */
export function hasDiffsEndpoint(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 15 || (major === 15 && minor >= 7);
}

// ---------------------------------------------------------------------------------------------
// Pages

const escapeText = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside an inline <script>: no `</script>` can end it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

interface DiffRow {
  kind: 'hunk' | 'context' | 'old' | 'new';
  old?: number;
  new?: number;
  text: string;
  /** Hunk headers: where the hunk starts, for "expand up". */
  oldStart?: number;
  newStart?: number;
}

/** A unified diff as the rows GitLab shows: hunk headers, then context, removed and added lines. */
function diffRows(diff: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const line of diff.split('\n')) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      rows.push({ kind: 'hunk', text: line, oldStart: oldLine, newStart: newLine });
    } else if (line.startsWith('+')) rows.push({ kind: 'new', new: newLine++, text: line.slice(1) });
    else if (line.startsWith('-')) rows.push({ kind: 'old', old: oldLine++, text: line.slice(1) });
    else if (line.startsWith(' ')) rows.push({ kind: 'context', old: oldLine++, new: newLine++, text: line.slice(1) });
  }
  return rows;
}

const fileHash = (path: string) => {
  let hash = 0;
  for (const c of path) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return hash.toString(16).padStart(8, '0').repeat(5);
};

/** diff_row.vue, inline view: one side holding the old and the new number cells and the line's content. */
function classicRow(hash: string, row: DiffRow): string {
  if (row.kind === 'hunk') {
    return `<div class="diff-grid-row diff-tr line_holder match"><div class="diff-grid-left left-side"><div class="diff-td diff-line-num old_line"></div><div class="diff-td diff-line-num new_line"></div><div class="diff-td line_content with-coverage left-side match">${escapeText(row.text)}</div></div></div>`;
  }
  const code = `${hash}_${row.old ?? ''}_${row.new ?? ''}`;
  const sideClass = row.kind === 'old' ? ' old old_line' : row.kind === 'new' ? ' new new_line' : '';
  const interop =
    row.kind === 'old'
      ? `data-interop-type="old" data-interop-line="${row.old}" data-interop-old-line="${row.old}"`
      : `data-interop-type="new" data-interop-line="${row.new}" data-interop-new-line="${row.new}"${row.old ? ` data-interop-old-line="${row.old}"` : ''}`;
  const number = (n: number | undefined) => (n ? `<a data-linenumber="${n}" href="#${code}"></a>` : '');
  const sign = row.kind === 'old' ? '-' : row.kind === 'new' ? '+' : ' ';
  return [
    '<div class="diff-grid-row diff-tr line_holder">',
    `<div id="${code}" data-testid="left-side" class="diff-grid-left left-side" ${interop}>`,
    `<div data-testid="left-line-number" class="diff-td diff-line-num${sideClass}">${number(row.old)}</div>`,
    `<div class="diff-td diff-line-num${sideClass}">${number(row.new)}</div>`,
    `<div data-testid="left-content" class="diff-td line_content with-coverage left-side${row.kind === 'context' ? '' : ` ${row.kind}`}"><span class="line">${escapeText(sign + row.text)}</span></div>`,
    '</div></div>',
  ].join('');
}

/** diff_file.vue: the file's holder, its title and its rows. */
function classicFile(file: MergeRequestFileInput): string {
  const hash = fileHash(file.path);
  const rows = diffRows(file.diff)
    .map((row) => classicRow(hash, row))
    .join('');
  return `<div id="${hash}" data-path="${escapeText(file.path)}" class="diff-file file-holder"><div class="js-file-title file-title file-title-flex-parent"><div class="file-header-content"><a class="gl-font-bold" href="#${hash}"><strong class="file-title-name">${escapeText(file.path)}</strong></a></div></div><div class="diff-content"><div class="diff-viewer"><div class="diff-grid diff-table code js-syntax-highlight inline-diff-view" data-testid="diff-table">${rows}</div></div></div></div>`;
}

/** Rapid Diffs' line_number_cell: a link for a number the side has, an empty cell otherwise. */
function rapidNumber(row: DiffRow, position: 'old' | 'new', lineId: string): string {
  const change = row.kind === 'old' ? 'removed' : row.kind === 'new' ? 'added' : '';
  const n = position === 'old' ? row.old : row.new;
  if (!n) return `<td class="rd-line-number rd-line-number-empty" data-change="${change}" data-position="${position}"></td>`;
  const label = change === 'removed' ? `Removed line ${n}` : change === 'added' ? `Added line ${n}` : `Line ${n}`;
  return `<td class="rd-line-number" data-change="${change}" data-position="${position}"><a class="rd-line-link" data-line-number="${n}" aria-label="${label}" href="#${lineId}"></a></td>`;
}

function rapidRow(hash: string, row: DiffRow): string {
  if (row.kind === 'hunk') {
    return `<tr class="rd-hunk-header"><td colspan="2"><button class="rd-expand-lines-button" data-click="expandLines" data-expand-direction="up" data-old-start="${row.oldStart}" data-new-start="${row.newStart}" type="button" aria-label="Show lines before"></button></td><td class="rd-hunk-header-content">${escapeText(row.text)}</td></tr>`;
  }
  const lineId = `${hash}_${row.old ?? ''}_${row.new ?? ''}`;
  const change = row.kind === 'old' ? 'removed' : row.kind === 'new' ? 'added' : '';
  return `<tr class="rd-hunk-lines" data-hunk-lines="">${rapidNumber(row, 'old', lineId)}${rapidNumber(row, 'new', lineId)}<td class="rd-line-content" data-change="${change}" data-position="new"><pre class="rd-line-text">${escapeText(row.text)}</pre></td></tr>`;
}

/** diff_file_component.rb: `<diff-file data-file-data>` with its header and the hunks' table. */
function rapidFile(projectPath: string, iid: number, file: MergeRequestFileInput): string {
  const hash = fileHash(file.path);
  const data = {
    viewer: 'text_inline',
    old_path: file.oldPath ?? file.path,
    new_path: file.path,
    diff_lines_path: `/${projectPath}/-/merge_requests/${iid}/diff_lines?file_path=${encodeURIComponent(file.path)}`,
  };
  const rows = diffRows(file.diff)
    .map((row) => rapidRow(hash, row))
    .join('');
  return `<diff-file id="${hash}" data-testid="rd-diff-file" data-file-data="${escapeText(JSON.stringify(data))}"><article class="rd-diff-file" aria-labelledby="${hash}-title"><div class="rd-diff-file-header" data-testid="rd-diff-file-header"><h2 class="rd-diff-file-title" id="${hash}-title"><a class="rd-diff-file-link" href="#${hash}"><strong>${escapeText(file.path)}</strong></a></h2></div><div class="rd-diff-file-body"><table class="rd-diff-table"><tbody>${rows}</tbody></table></div></article></diff-file>`;
}

/**
 * GitLab's own scripts, reduced: tab switching in place, the diff batches, virtualisation on demand, and Rapid
 * Diffs' "expand up" (it adds up to 5 context lines above the hunk).
 */
const PAGE_SCRIPT = `(() => {
  const params = new URLSearchParams(location.search);
  // Each file's markup by path (as GitLab keeps its diff data), and the files still to come.
  const { sources, pending } = JSON.parse(document.getElementById('js-stand-in-diff-files').textContent);
  const holder = document.querySelector('#js-diffs-app, [data-diffs-list]');
  const size = Number(params.get('batch_size')) || 2;
  const template = document.createElement('template');
  const addBatch = () => {
    template.innerHTML = pending.splice(0, size).join('');
    holder.append(template.content);
    return pending.length;
  };
  const remount = (path) => {
    const file = [...document.querySelectorAll('.diff-file, diff-file')].find((f) => f.getAttribute('data-path') === path || (f.getAttribute('data-file-data') || '').includes(JSON.stringify(path)));
    if (!file || !sources[path]) return false;
    template.innerHTML = sources[path];
    file.replaceWith(template.content);
    return true;
  };
  window.standInDiffs = { addBatch, remount, pending: () => pending.length };
  let loading = false;
  const load = () => {
    if (loading || params.get('batches') === 'manual') return;
    loading = true;
    const next = () => addBatch() > 0 && setTimeout(next, 150);
    setTimeout(next, 100);
  };
  const panes = [...document.querySelectorAll('[data-tab-pane]')];
  const show = (tab) => {
    for (const pane of panes) pane.hidden = pane.dataset.tabPane !== tab;
    for (const link of document.querySelectorAll('[data-tab-link]')) link.parentElement.classList.toggle('active', link.dataset.tabLink === tab);
    if (tab === 'diffs' || tab === 'rapid_diffs') load();
  };
  const tabOf = () => (/\\/merge_requests\\/\\d+\\/(commits|pipelines|diffs)$/.exec(location.pathname) || [])[1] || 'show';
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('[data-tab-link]');
    if (link && !document.querySelector('[data-diffs-list]')) {
      event.preventDefault();
      history.pushState({}, '', link.getAttribute('href'));
      show(link.dataset.tabLink);
    }
    const expand = event.target.closest && event.target.closest('[data-click="expandLines"]');
    if (expand) {
      const hunk = expand.closest('tr');
      const oldStart = Number(expand.dataset.oldStart);
      const newStart = Number(expand.dataset.newStart);
      const count = Math.min(5, newStart - 1, oldStart - 1);
      const lineId = expand.closest('diff-file').id;
      let rows = '';
      for (let i = count; i > 0; i--) {
        const o = oldStart - i;
        const n = newStart - i;
        rows += '<tr class="rd-hunk-lines" data-hunk-lines=""><td class="rd-line-number" data-change="" data-position="old"><a class="rd-line-link" data-line-number="' + o + '" aria-label="Line ' + o + '" href="#' + lineId + '_' + o + '_' + n + '"></a></td><td class="rd-line-number" data-change="" data-position="new"><a class="rd-line-link" data-line-number="' + n + '" aria-label="Line ' + n + '" href="#' + lineId + '_' + o + '_' + n + '"></a></td><td class="rd-line-content" data-change="" data-position="new"><pre class="rd-line-text">line ' + n + '</pre></td></tr>';
      }
      template.innerHTML = '<table><tbody>' + rows + '</tbody></table>';
      hunk.after(...template.content.querySelectorAll('tr'));
      expand.remove();
    }
  });
  addEventListener('popstate', () => show(document.querySelector('[data-diffs-list]') ? 'rapid_diffs' : tabOf()));
  const start = () => show(document.querySelector('[data-diffs-list]') ? 'rapid_diffs' : tabOf());
  if (document.readyState === 'complete') start();
  else addEventListener('load', start, { once: true });
})();`;

/** GitLab's diff styles, reduced: numbers drawn from their data attributes, the inline view's grid, Rapid Diffs' table. */
const DIFF_STYLE = `<style>
.diff-grid-left{display:grid;grid-template-columns:50px 50px 0 0 1fr;font-family:monospace;line-height:20px}
.diff-line-num{text-align:right;padding:0 8px;color:#89888d}
.diff-line-num a::before{content:attr(data-linenumber)}
.line_content{white-space:pre;padding-left:8px}
.line_content.new{background:#ecfdf0}
.line_content.old{background:#fbe9eb}
.rd-diff-table{border-collapse:collapse;font-family:monospace;line-height:20px}
td.rd-line-number{width:50px;text-align:right;padding:0 8px;color:#89888d}
.rd-line-link::before{content:attr(data-line-number)}
.rd-line-text{margin:0;padding-left:8px}
</style>`;

/** The script's data: every file's markup by path (a remount makes a fresh element of it), and those still to come. */
const diffData = (files: MergeRequestFileInput[], html: string[], shown: number) =>
  `<script type="application/json" id="js-stand-in-diff-files">${scriptJson({
    sources: Object.fromEntries(files.map((file, i) => [file.path, html[i]])),
    pending: html.slice(shown),
  })}</script>`;

/** The `<main>` of a merge request's page on one of its tabs. */
export function mergeRequestMain(projectPath: string, mr: MergeRequestRecord, tab: MergeRequestTab): string {
  const base = `/${projectPath}/-/merge_requests/${mr.iid}`;
  const tabs: Array<[Exclude<MergeRequestTab, 'rapid_diffs'>, string, string]> = [
    ['show', 'Overview', base],
    ['commits', 'Commits', `${base}/commits`],
    ['pipelines', 'Pipelines', `${base}/pipelines`],
    ['diffs', 'Changes', `${base}/diffs`],
  ];
  const header = [
    `<div class="merge-request" data-url="${base}.json" data-project-path="${escapeText(projectPath)}" data-iid="${mr.iid}">`,
    `<div class="detail-page-header"><h1 class="title gl-heading-1" data-testid="title-content">${escapeText(mr.title)}</h1>`,
    `<span class="issuable-status-badge gl-badge badge-success">Open</span> <span class="gl-text-subtle">${escapeText(mr.sourceBranch)} → ${escapeText(mr.targetBranch)}</span></div>`,
    '<div class="merge-request-tabs-holder"><nav class="merge-request-tabs-container"><ul class="merge-request-tabs nav-tabs nav nav-links">',
    tabs.map(([id, label, href]) => `<li class="${id}-tab"><a data-tab-link="${id}" href="${href}">${label}</a></li>`).join(''),
    '</ul></nav></div>',
  ].join('');
  if (tab === 'rapid_diffs') {
    const files = mr.files.map((file) => rapidFile(projectPath, mr.iid, file));
    const shown = files.slice(0, Math.ceil(files.length / 2));
    return [
      DIFF_STYLE,
      header,
      `<div class="rd-app" data-rapid-diffs="" data-reload-stream-url="${base}/diffs_stream"><div class="rd-app-body"><div class="rd-app-content" data-diffs-list="">${shown.join('\n')}</div></div></div>`,
      diffData(mr.files, files, shown.length),
      `<script>${PAGE_SCRIPT}</script>`,
      '</div>',
    ].join('\n');
  }
  const commits = mr.commits
    .map(
      (c) =>
        `<li class="commit"><a class="commit-row-message item-title" href="/${projectPath}/-/commit/${c.id}">${escapeText(c.title)}</a> <span class="commit-sha">${c.id.slice(0, 8)}</span></li>`,
    )
    .join('');
  // The tab served is shown; the others wait, hidden, for the tab links.
  const pane = (id: MergeRequestTab, attributes: string, inner: string) =>
    `<div data-tab-pane="${id}" ${attributes}${id === tab ? '' : ' hidden'}>${inner}</div>`;
  return [
    DIFF_STYLE,
    header,
    '<div class="tab-content">',
    pane(
      'show',
      'class="merge-request-overview"',
      `<div class="description"><div class="md"><p dir="auto">${escapeText(mr.description)}</p></div></div><section id="notes" class="js-vue-notes-event"></section>`,
    ),
    pane('commits', 'class="commits tab-pane"', `<ol class="content-list commit-list">${commits}</ol>`),
    pane('pipelines', 'class="pipelines tab-pane"', '<div class="gl-empty-state"><h2>There are currently no pipelines.</h2></div>'),
    pane(
      'diffs',
      'class="diffs tab-pane" id="diffs"',
      `<div id="js-diffs-app" class="diff-files-holder" data-endpoint-batch="${base}/diffs_batch.json" data-project-path="/${escapeText(projectPath)}"></div>`,
    ),
    '</div>',
    diffData(mr.files, mr.files.map(classicFile), 0),
    `<script>${PAGE_SCRIPT}</script>`,
    '</div>',
  ].join('\n');
}
