import { defineConfig } from 'wxt';

// Hosts the extension needs out of the box. Self-hosted Sentry/GitLab hosts are asked for at run time
// (optional_host_permissions) so that adding one never disables the extension on update.
export const REQUIRED_HOSTS = ['https://sentry.io/*', 'https://*.sentry.io/*', 'https://gitlab.com/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Error Tracker for GitLab',
    description: 'Sentry errors where your code lives: unresolved count on the toolbar, errors in the popup and on GitLab pages.',
    permissions: ['storage', 'alarms', 'declarativeNetRequestWithHostAccess', 'scripting'],
    host_permissions: REQUIRED_HOSTS,
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Error Tracker for GitLab' },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: { id: 'error-tracker@error-tracker-for-gitlab', data_collection_permissions: { required: ['none'] } },
      },
    }),
  }),
});
