import { createRequire } from 'node:module';
import { defineConfig } from 'wxt';

// The content script runs on every GitLab page and has a 5 ms budget before any data arrives. It uses only
// runtime.sendMessage, which Chrome and Firefox both return as a promise, so its build takes WXT's plain
// `browser` (the native object) instead of the polyfill the rest of the extension uses.
const nativeBrowser = createRequire(import.meta.url).resolve('wxt/browser');
const LEAN_ENTRYPOINTS = new Set(['gitlab']);

// Hosts the extension needs out of the box. Self-hosted Sentry/GitLab hosts are asked for at run time
// (optional_host_permissions) so that adding one never disables the extension on update.
export const REQUIRED_HOSTS = ['https://sentry.io/*', 'https://*.sentry.io/*', 'https://gitlab.com/*'];
// Tokens never travel over http:// to other machines; http://localhost and http://127.0.0.1 stay for a
// Sentry or GitLab run on the developer's own machine, where nothing crosses a network.
const OPTIONAL_HOSTS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    'vite:build:extendConfig': (entrypoints, viteConfig) => {
      if (!entrypoints.every((entry) => LEAN_ENTRYPOINTS.has(entry.name))) return;
      const alias = viteConfig.resolve?.alias;
      if (Array.isArray(alias)) {
        for (const entry of alias) if (entry.find === 'wxt/browser') entry.replacement = nativeBrowser;
      } else if (alias) {
        (alias as Record<string, string>)['wxt/browser'] = nativeBrowser;
      }
    },
  },
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Error Tracker for GitLab',
    description: 'Sentry errors where your code lives: unresolved count on the toolbar, errors in the popup and on GitLab pages.',
    permissions: ['storage', 'alarms', 'declarativeNetRequestWithHostAccess', 'scripting'],
    host_permissions: REQUIRED_HOSTS,
    optional_host_permissions: OPTIONAL_HOSTS,
    action: { default_title: 'Error Tracker for GitLab' },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    // Manifest V2 (Firefox) has no optional_host_permissions: hosts go with the optional permissions.
    ...(manifestVersion === 2 && { optional_permissions: OPTIONAL_HOSTS }),
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: { id: 'error-tracker@error-tracker-for-gitlab', data_collection_permissions: { required: ['none'] } },
      },
    }),
  }),
});
