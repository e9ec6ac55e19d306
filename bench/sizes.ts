// Gzip size of the JavaScript each entrypoint of the production build loads up front.
// HTML entrypoints: the <script src> and <link rel="modulepreload"> of <entry>.html, plus every chunk those
// import statically (transitively), so shared chunks count for each entry that needs them. Dynamic
// import() is lazy and not counted. Each file is gzipped on its own, as it is read on its own.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntrySize {
  metric: 'gzip_js';
  entry: string;
  bytes: number;
  /** Bytes allowed, or null for an entry without a budget. */
  budget: number | null;
  /** The files counted, relative to the build directory. */
  files: string[];
}

/**
 * Budgets in gzip bytes: the sizes of 7 December 2026 (issue 14), which no change may grow. Entries not listed have
 * none. The background and the panels' script are held to what they were after issue 14 took libraries out of them: the
 * panels from 26,026 to 22,689 (WXT's createShadowRootUi for mountPanel's own shadow root, -3.3 kB), under the issue's
 * 23,800; the background from 41,948 to 39,543 (@wxt-dev/storage for lib/store/item.ts, -2.4 kB), to 36,611 with
 * fewer zod kinds, schemas that parse only the fields read and no copy of readPopupSnapshot, then to 35,536 with zod's
 * limits and booleans as plain z.check and z.literal (lib/util/zod-checks.ts: no check classes, refine or boolean; zod
 * alone 6.1 kB). It stays over the issue's 35,000: zod/mini, its transforms included, is the project's parser for
 * remote data, and the rest is the extension's own code (29.8 kB), its user-facing messages included. The loader went
 * from 2,226 to 1,523 without WXT's ContentScriptContext (it cost every GitLab page script time), then to 1,487 with
 * its first look by the page's name (no og:site_name fallback, no
 * defineUnlistedScript wrapper, detectors without their own name checks; +7 for doing nothing on pages whose name has
 * no panel's place); the panels' script tracks its own life (panels-context.ts) rather than take that class in (+0.9
 * kB). The rows drawn with DOM calls (error-row-dom.ts) made the popup 627 bytes and the panels about 0.6 kB larger
 * than JSX did, for rows 4-5x faster to draw; the details' faster frames (the request at the click, frames without a
 * component each) +0.2 kB. The panels stay under the issue's 23,800, at 23,654 once the detectors lost their own page-
 * name checks. Each HTML page built on its own (wxt.config.ts) took the popup from 17,476 to 16,842 (one file
 * compresses better than two; +161 for the early storage read) and the options from 14,216 to 13,369 (no shared chunk:
 * each page holds only what it uses). To make room for the loader's linked-page code (issue 14), the panels went from
 * 23,654 to 23,019: styles built for Chrome 144 and Firefox 128 (-61), trusted input by a flag of the script rather
 * than a Preact context (-228), the list's controls and pager reading its store themselves (-119), exceptions and
 * facts drawn by plain functions (-100) and smaller clean-ups (-127).
 */
const SIZE_BUDGETS: Readonly<Record<string, number>> = {
  popup: 16_850,
  background: 35_540,
  options: 13_370,
  'content-gitlab': 1_494,
  'content-gitlab-panels': 23_030,
};

function budgetFor(entry: string): number | null {
  return SIZE_BUDGETS[entry] ?? null;
}

function gzipBytes(content: Buffer | string): number {
  return gzipSync(content, { level: 9 }).length;
}

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined);

/** The JS an HTML page loads before it runs: module scripts and modulepreloads, in document order. */
function htmlScriptRefs(html: string): string[] {
  const refs: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    if (/^<script/i.test(tag)) {
      const src = attr(tag, 'src');
      if (src) refs.push(src);
    } else if ((attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/).includes('modulepreload')) {
      const href = attr(tag, 'href');
      if (href) refs.push(href);
    }
  }
  return refs;
}

/**
 * Specifiers of the static imports/re-exports of a (minified) ES module: `import{a as b}from"./x.js"`,
 * `import"./x.js"`, `export*from"/chunks/x.js"`. `import("./x.js")` and `import.meta` do not match.
 */
function staticImportSpecifiers(code: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?<![\w$.])(?:import|export)\s*(?:(?:[\w$*\s,]|\{[^{}]*\})*?\bfrom\s*)?(["'])([^"'\n]+)\1/g;
  for (const match of code.matchAll(pattern)) {
    const specifier = match[2] as string;
    if (/^(?:\.{1,2}\/|\/)/.test(specifier)) specifiers.push(specifier);
  }
  return specifiers;
}

/** Resolves a specifier or URL path found in `fromFile` (absolute paths are relative to the build root). */
function resolveRef(buildDir: string, fromFile: string, ref: string): string | undefined {
  const clean = ref.replace(/[?#].*$/, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(clean)) return undefined; // chrome-extension://, https://: not ours to count
  const resolved = clean.startsWith('/') ? path.join(buildDir, clean) : path.resolve(path.dirname(fromFile), clean);
  return resolved.startsWith(buildDir + path.sep) ? resolved : undefined;
}

/** The given files plus every JS file they import statically, transitively, each once. */
function withStaticImports(buildDir: string, roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`${path.relative(buildDir, file)} is referenced by the build but missing`);
    seen.add(file);
    for (const specifier of staticImportSpecifiers(readFileSync(file, 'utf8'))) {
      const target = resolveRef(buildDir, file, specifier);
      if (target && /\.m?js$/.test(target) && !seen.has(target)) queue.push(target);
    }
  }
  return [...seen];
}

function entrySize(buildDir: string, entry: string, roots: string[]): EntrySize {
  const files = withStaticImports(buildDir, roots);
  const bytes = files.reduce((sum, file) => sum + gzipBytes(readFileSync(file)), 0);
  return { metric: 'gzip_js', entry, bytes, budget: budgetFor(entry), files: files.map((f) => path.relative(buildDir, f)) };
}

/**
 * One size per entrypoint: every top-level *.html page, background.js, the manifest's content script, and the panels'
 * UI (gitlab-panels.js), which the background injects next to the content script on linked projects' pages.
 */
export function measureEntrySizes(buildDir: string): EntrySize[] {
  const dir = path.resolve(buildDir);
  if (!existsSync(path.join(dir, 'manifest.json'))) throw new Error(`No extension build at ${dir}: run wxt build first`);
  const sizes: EntrySize[] = [];

  const pages = readdirSync(dir)
    .filter((name) => name.endsWith('.html'))
    .sort();
  for (const page of pages) {
    const htmlFile = path.join(dir, page);
    const roots = htmlScriptRefs(readFileSync(htmlFile, 'utf8'))
      .map((ref) => resolveRef(dir, htmlFile, ref))
      .filter((file): file is string => file !== undefined);
    sizes.push(entrySize(dir, page.replace(/\.html$/, ''), roots));
  }

  const background = path.join(dir, 'background.js');
  if (existsSync(background)) sizes.push(entrySize(dir, 'background', [background]));

  // The manifest's content script: the loader (entrypoints/gitlab-loader.ts), listed there by hand.
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { content_scripts?: Array<{ js?: string[] }> };
  const loader = (manifest.content_scripts ?? []).flatMap((script) => script.js ?? []).map((file) => path.join(dir, file));
  if (loader.length) sizes.push(entrySize(dir, 'content-gitlab', loader));
  const panels = path.join(dir, 'gitlab-panels.js');
  if (existsSync(panels)) sizes.push(entrySize(dir, 'content-gitlab-panels', [panels]));
  return sizes;
}
