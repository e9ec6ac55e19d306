/// <reference types="vite/client" />
// The shape every GitLab page panel keeps (docs/panels.md): one folder per feature under components/panels,
// each with its detector, its test pages and its UI, and its lookup when it asks the background something of
// its own; the loader and the panels' script list the same features.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PANEL_FEATURES } from '@/components/panels/features';
import { PANEL_PAGES, panelsFor, type PanelId } from '@/components/panels/pages';
import { PANEL_PAGE_NAMES } from '@/components/panels/page-names';
import type { TestPage } from '@/components/panels/shared/test-page';
import { PAGE_REQUESTS } from '@/lib/protocol/requests';
import { openSavedPage, openTestPage, SAVED_PAGES, testPageName } from './support/gitlab-pages';

const PANELS_DIR = resolve(__dirname, '../../components/panels');
/** Not a feature: what the features share. */
const SHARED = 'shared';
const REQUIRED_FILES = ['detector.ts', 'test-pages.ts', 'feature.tsx'];
/** The loader's own requests, the same for every panel (lib/background/panels.ts). */
const LOADER_REQUESTS = ['panelContext', 'loadPanels'];
/** What the shared list and details ask, whichever panel shows them (the popup asks the same). */
const SHARED_UI_REQUESTS = [
  'listErrors',
  'listEnvironments',
  'getErrorDetails',
  'updateErrorStatus',
  'getGitlabState',
  'createGitlabIssue',
  'frameLinks',
];

const folders = readdirSync(PANELS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== SHARED)
  .map((entry) => entry.name)
  .sort();
const features = Object.keys(PANEL_PAGES) as PanelId[];
const fileOf = (feature: string, file: string) => join(PANELS_DIR, feature, file);
const sourceOf = (feature: string, file: string) => readFileSync(fileOf(feature, file), 'utf8');
/** Request types a feature's UI asks by name (`ask({ type: '…' })`). */
const requestsAskedBy = (feature: string) =>
  readdirSync(join(PANELS_DIR, feature))
    .filter((file) => /\.tsx?$/.test(file) && file !== 'lookup.ts')
    .flatMap((file) => [...sourceOf(feature, file).matchAll(/\btype: '(\w+)'/g)].map((match) => match[1]!));
const importsOf = (source: string) => [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
const handlerName = (request: string) => `handle${request[0]!.toUpperCase()}${request.slice(1)}`;

/** One kind of module of every feature folder, by the folder's name (globs, which knip follows too). */
const byFolder = <T>(modules: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(modules).map(([path, module]) => [path.split('/').at(-2)!, module]));
const detectors = byFolder(import.meta.glob<Record<string, unknown>>('../../components/panels/*/detector.ts', { eager: true }));
const lookups = byFolder(import.meta.glob<Record<string, unknown>>('../../components/panels/*/lookup.ts', { eager: true }));
const testPages = byFolder(import.meta.glob<TestPage[]>('../../components/panels/*/test-pages.ts', { eager: true, import: 'TEST_PAGES' }));

describe('panel features', () => {
  it('the loader and the panels’ script list the same features: one per folder', () => {
    expect([...features].sort()).toEqual(folders);
    expect(Object.keys(PANEL_FEATURES)).toEqual(features);
    for (const [id, feature] of Object.entries(PANEL_FEATURES)) expect(feature.id).toBe(id);
  });

  it.each(folders)('%s has its detector, its test pages and its UI', (feature) => {
    for (const file of REQUIRED_FILES) expect(existsSync(fileOf(feature, file)), `${feature}/${file}`).toBe(true);
  });

  it.each(folders)('%s: the loader runs its own detector, which reads only the page', (feature) => {
    expect(Object.values(detectors[feature] ?? {})).toContain(PANEL_PAGES[feature as PanelId]);
    // The loader bundles every detector: nothing of the UI, the protocol or zod may come with one.
    expect(importsOf(sourceOf(feature, 'detector.ts')).filter((path) => path !== '@/lib/content/gitlab-page')).toEqual([]);
  });

  it('the loader on every GitLab page brings in the page names and its question, no detector and no UI', () => {
    const loader = readFileSync(resolve(__dirname, '../../entrypoints/gitlab-loader.ts'), 'utf8');
    const valueImports = [...loader.matchAll(/^import (?!type )[^;]*from '([^']+)'/gm)].map((match) => match[1]!);
    expect(valueImports.sort()).toEqual(['@/components/panels/page-names', '@/lib/content/ask-or-null', '@/lib/content/gitlab-page']);
    expect(importsOf(readFileSync(join(PANELS_DIR, 'page-names.ts'), 'utf8'))).toEqual([]);
  });

  it('the panels’ list brings in nothing but the detectors', () => {
    const imports = importsOf(readFileSync(join(PANELS_DIR, 'pages.ts'), 'utf8'));
    const allowed = ['@/lib/content/gitlab-page', './page-names'];
    expect(imports.filter((path) => !allowed.includes(path) && !/^\.\/[\w-]+\/detector$/.test(path))).toEqual([]);
  });

  it.each(folders)('%s has a lookup exactly when it asks a request of its own', (feature) => {
    const own = requestsAskedBy(feature).filter((request) => !SHARED_UI_REQUESTS.includes(request));
    if (own.length === 0) expect(lookups[feature]).toBeUndefined();
    else expect(Object.keys(lookups[feature] ?? {}).sort()).toEqual(own.map(handlerName).sort());
  });

  it('every page request is the loader’s, the shared UI’s, or one feature’s lookup', () => {
    const ownRequests = folders.flatMap((feature) => requestsAskedBy(feature).filter((request) => !SHARED_UI_REQUESTS.includes(request)));
    expect(new Set(ownRequests).size).toBe(ownRequests.length);
    expect([...LOADER_REQUESTS, ...SHARED_UI_REQUESTS, ...ownRequests].sort()).toEqual([...PAGE_REQUESTS].sort());
  });
});

const claimed = new Set(Object.values(testPages).flatMap((pages) => pages.flatMap((page) => ('fixture' in page ? [page.fixture] : []))));
/** Saved pages where no panel goes: every detector must turn them down. */
const unclaimed = SAVED_PAGES.filter((name) => !claimed.has(name));

describe('page detection', () => {
  it('every feature has test pages, saved ones exist, and some saved pages get no panel', () => {
    for (const feature of features) expect(testPages[feature]?.length, feature).toBeGreaterThan(0);
    expect(SAVED_PAGES).toEqual(expect.arrayContaining([...claimed]));
    expect(unclaimed).toEqual(expect.arrayContaining(['error-tracking-enabled', 'group', 'not-gitlab']));
  });

  it('the loader knows no page name that no test page has', () => {
    const named = Object.values(testPages).flatMap((pages) => pages.map((testPage) => openTestPage(testPage).page!.pageName));
    expect([...PANEL_PAGE_NAMES].filter((name) => !named.includes(name))).toEqual([]);
  });

  describe.each(features)('%s', (feature) => {
    const detect = PANEL_PAGES[feature];
    const others = features.filter((id) => id !== feature).flatMap((other) => (testPages[other] ?? []).map((page) => ({ other, page })));

    it.each((testPages[feature] ?? []).map((page) => [testPageName(page), page] as const))('finds what it needs on %s', (_, testPage) => {
      const { page, doc } = openTestPage(testPage);
      expect(page).toBeDefined();
      expect(detect(page!, doc)).toEqual(testPage.finds);
    });

    it.each(others.map(({ other, page }) => [`${testPageName(page)} (${other})`, page] as const))('has no place on %s', (_, testPage) => {
      const { page, doc } = openTestPage(testPage);
      expect(page && detect(page, doc)).toBeFalsy();
    });

    // The loader asks about a page by its name alone (PANEL_PAGE_NAMES) before any detector runs.
    it.each((testPages[feature] ?? []).map((page) => [testPageName(page), page] as const))(
      'is the one panel on %s, by a page name the loader knows, and has none under any other name',
      (_, testPage) => {
        const { page, doc } = openTestPage(testPage);
        expect(PANEL_PAGE_NAMES).toContain(page!.pageName);
        expect(panelsFor(page!, doc)).toEqual([feature]);
        for (const pageName of ['projects:issues:index', 'projects:merge_requests:edit', 'projects:tree:show', '']) {
          expect(panelsFor({ ...page!, url: page!.url, pageName }, doc), pageName).toEqual([]);
        }
      },
    );

    it.each(unclaimed)('has no place on %s.html', (name) => {
      const { page, doc } = openSavedPage(name);
      expect(page && detect(page, doc)).toBeFalsy();
    });
  });
});
