// The production build with the floors added, loaded as one extension: the popup floor is an extension page
// with the popup's storage and background, and the content-script floor runs on its own host (FLOOR_HOST,
// mapped to the same GitLab stand-in) so the product's loader and the floor never share a page.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FLOOR_HOST = 'floor.gitlab.test';
/** The same stand-in page with no content script at all: GitLab's own load. */
export const PLAIN_HOST = 'plain.gitlab.test';

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
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
