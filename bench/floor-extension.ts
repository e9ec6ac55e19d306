// The production build with the floors added, loaded as one extension: the popup floor is an extension page
// with the popup's storage and background, and the content-script floor runs on its own host (FLOOR_HOST,
// mapped to the same GitLab stand-in) so the product's loader and the floor never share a page.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FLOOR_HOST = 'floor.gitlab.test';

const floorsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'floors');

export function buildFloorExtension(productDir: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-extension-'));
  cpSync(productDir, dir, { recursive: true });
  for (const file of ['popup-floor.html', 'popup-floor.js', 'content-floor.js']) cpSync(path.join(floorsDir, file), path.join(dir, file));
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { content_scripts?: unknown[] };
  manifest.content_scripts = [
    ...(manifest.content_scripts ?? []),
    { matches: [`https://${FLOOR_HOST}/*`], js: ['content-floor.js'], run_at: 'document_idle' },
  ];
  writeFileSync(manifestFile, JSON.stringify(manifest));
  for (const [name, baselineDir] of baselines()) addBaselinePopup(dir, name, baselineDir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Earlier builds to compare the popup with, for before/after figures of a change: BENCH_BASELINES=
 * "name=<build dir>,…". Each one's popup.html becomes popup-<name>.html next to ours; its chunks and assets
 * have hashed names, so both builds' files sit side by side and read the same storage.
 */
export function baselines(): Array<[string, string]> {
  return (process.env.BENCH_BASELINES ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]);
}

function addBaselinePopup(dir: string, name: string, baselineDir: string): void {
  cpSync(path.join(baselineDir, 'popup.html'), path.join(dir, `popup-${name}.html`));
  // Builds before the stylesheets went inline have an assets/ folder; later ones have none.
  for (const sub of ['chunks', 'assets'].filter((sub) => existsSync(path.join(baselineDir, sub)))) {
    mkdirSync(path.join(dir, sub), { recursive: true });
    for (const file of readdirSync(path.join(baselineDir, sub))) {
      if (!existsSync(path.join(dir, sub, file))) cpSync(path.join(baselineDir, sub, file), path.join(dir, sub, file));
    }
  }
}
