// The store packages as `npm run zip` and `npm run zip:firefox` leave them in .output (npm test makes them
// before the e2e run): what each manifest asks for, which files ship, and how big they are.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths';
import { readZip, type ZipEntry } from './zip';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
const NAME = 'Error Tracker for GitLab';
const GECKO_ID = 'error-tracker@error-tracker-for-gitlab';
const API_PERMISSIONS = ['storage', 'alarms', 'declarativeNetRequestWithHostAccess', 'scripting'];
// Written out rather than imported from wxt.config.ts, so a changed permission fails here until the docs follow.
const REQUIRED_HOSTS = ['https://sentry.io/*', 'https://*.sentry.io/*', 'https://gitlab.com/*'];
const OPTIONAL_HOSTS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];
// Asked for only when the user turns notifications on (docs/store/permissions.md).
const OPTIONAL_API_PERMISSIONS = ['notifications'];
/** What a built extension may contain: the manifest, pages (their styles inline), bundles and icons; nothing else. */
const SHIPPED_FILE = /^(manifest\.json|[\w-]+\.(html|js)|chunks\/[\w-]+\.js|icon\/\d+\.png)$/;
const REQUIRED_FILES = [
  'manifest.json',
  'background.js',
  'popup.html',
  'options.html',
  'gitlab-loader.js',
  'gitlab-panels.js',
  'icon/16.png',
  'icon/32.png',
  'icon/48.png',
  'icon/128.png',
];
// Budgets with room (about 96 kB each today), so growth is a decision rather than an accident.
const EXTENSION_ZIP_BUDGET = 160_000;
const EXTENSION_UNPACKED_BUDGET = 450_000;
const SOURCES_ZIP_BUDGET = 3_000_000;

function zipOf(kind: 'chrome' | 'firefox' | 'sources'): ZipEntry[] {
  const file = path.join(repoRoot, '.output', `${pkg.name}-${pkg.version}-${kind}.zip`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run zip and npm run zip:firefox first`);
  return readZip(file);
}

const zipSize = (kind: 'chrome' | 'firefox' | 'sources') =>
  readFileSync(path.join(repoRoot, '.output', `${pkg.name}-${pkg.version}-${kind}.zip`)).length;
const manifestOf = (entries: ZipEntry[]) =>
  JSON.parse(
    entries
      .find((e) => e.name === 'manifest.json')!
      .read()
      .toString('utf8'),
  ) as Record<string, unknown>;
const names = (entries: ZipEntry[]) => entries.map((e) => e.name);

function expectOnlyBuiltFiles(entries: ZipEntry[]): void {
  expect(names(entries)).toEqual(expect.arrayContaining(REQUIRED_FILES));
  expect(names(entries).filter((name) => !SHIPPED_FILE.test(name))).toEqual([]);
  // No source maps, and no reference to one left in a bundle.
  expect(names(entries).filter((name) => name.endsWith('.map'))).toEqual([]);
  const mapped = entries.filter((e) => /\.(js|css)$/.test(e.name) && /[#@] sourceMappingURL=/.test(e.read().toString('utf8')));
  expect(mapped.map((e) => e.name)).toEqual([]);
  expect(entries.reduce((sum, e) => sum + e.size, 0)).toBeLessThan(EXTENSION_UNPACKED_BUDGET);
  // Each page carries its styles inline (inlinePageStyles, wxt.config.ts): one request fewer before its script.
  for (const page of entries.filter((e) => e.name.endsWith('.html'))) {
    const html = page.read().toString('utf8');
    expect(html, page.name).toContain('<style>');
    expect(html, page.name).not.toMatch(/rel="?stylesheet/);
  }
}

describe('store packages', () => {
  it('Chrome: an MV3 manifest with the name, version and exactly the permissions the docs justify', () => {
    const entries = zipOf('chrome');
    const manifest = manifestOf(entries);
    expect(manifest).toMatchObject({
      manifest_version: 3,
      name: NAME,
      version: pkg.version,
      background: { service_worker: 'background.js' },
    });
    expect(manifest.permissions).toEqual(API_PERMISSIONS);
    expect(manifest.host_permissions).toEqual(REQUIRED_HOSTS);
    expect(manifest.optional_host_permissions).toEqual(OPTIONAL_HOSTS);
    expect(manifest.optional_permissions).toEqual(OPTIONAL_API_PERMISSIONS);
    expect(manifest).not.toHaveProperty('browser_specific_settings');
    expectOnlyBuiltFiles(entries);
    expect(zipSize('chrome')).toBeLessThan(EXTENSION_ZIP_BUDGET);
  });

  it('Chrome: the loader on every GitLab page heads with the compile hint that compiles its functions at once', () => {
    // wxt.config.ts adds it after WXT's own output plugins; docs/performance.md has what it saves each page.
    const loader = zipOf('chrome').find((e) => e.name === 'gitlab-loader.js')!;
    expect(loader.read().toString('utf8').split('\n', 1)[0]).toBe('//# allFunctionsCalledOnLoad');
  });

  it('Firefox: an MV2 manifest with the gecko id, no data collected, and hosts granted at install', () => {
    const entries = zipOf('firefox');
    const manifest = manifestOf(entries);
    expect(manifest).toMatchObject({
      manifest_version: 2,
      name: NAME,
      version: pkg.version,
      browser_specific_settings: { gecko: { id: GECKO_ID, data_collection_permissions: { required: ['none'] } } },
      background: { scripts: ['background.js'] },
    });
    expect(manifest.permissions).toEqual([...API_PERMISSIONS, ...REQUIRED_HOSTS]);
    expect(manifest.optional_permissions).toEqual([...OPTIONAL_HOSTS, ...OPTIONAL_API_PERMISSIONS]);
    expectOnlyBuiltFiles(entries);
    expect(zipSize('firefox')).toBeLessThan(EXTENSION_ZIP_BUDGET);
  });

  it('Firefox sources: what a reviewer needs to rebuild it, without installed or built files', () => {
    const entries = zipOf('sources');
    const files = names(entries);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'package-lock.json',
        'wxt.config.ts',
        'tsconfig.json',
        'README.md',
        'entrypoints/background.ts',
      ]),
    );
    expect(files.filter((name) => /^(node_modules|\.output|\.wxt)\//.test(name) || name.includes('/node_modules/'))).toEqual([]);
    expect(
      JSON.parse(
        entries
          .find((e) => e.name === 'package.json')!
          .read()
          .toString('utf8'),
      ),
    ).toMatchObject({ name: pkg.name, version: pkg.version });
    expect(zipSize('sources')).toBeLessThan(SOURCES_ZIP_BUDGET);
  });
});
