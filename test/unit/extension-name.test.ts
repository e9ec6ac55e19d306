import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';

// The store listing, the toolbar tooltip and the popup's window title must name the same extension.
type ManifestFn = (env: { browser: string; manifestVersion: 2 | 3 }) => { name?: string; action?: { default_title?: string } };

function titleOf(entrypoint: string): string {
  const html = readFileSync(resolve(import.meta.dirname, `../../entrypoints/${entrypoint}/index.html`), 'utf8');
  return new DOMParser().parseFromString(html, 'text/html').title;
}

describe('the extension has one name', () => {
  const manifest = (config.manifest as ManifestFn)({ browser: 'chrome', manifestVersion: 3 });

  it('the manifest names it', () => {
    expect(manifest.name).toBe('Error Tracker for GitLab');
  });

  it('the popup’s title and the toolbar tooltip are the manifest’s name', () => {
    expect(titleOf('popup')).toBe(manifest.name);
    expect(manifest.action?.default_title).toBe(manifest.name);
  });

  it('the options page’s title starts with it', () => {
    expect(titleOf('options').startsWith(`${manifest.name} – `)).toBe(true);
  });
});
