import { defineConfig } from 'wxt';

// No webextension-polyfill: every bundle takes WXT's native `browser`. Firefox's is promise-based, and
// Chrome 144 made its own the same (a Promise returned by a runtime.onMessage listener is the reply, the
// polyfill became a no-op there), so the background's promise-returning listener needs no wrapper; checked
// in Chromium 156 (a promise's value, a late one, undefined and a rejection all reach the sender as with the
// polyfill). minimum_chrome_version keeps older Chromes, which would get no replies at all, from installing.
const MINIMUM_CHROME_VERSION = '144';
// The browsers the styles are built for: Chrome as above, Firefox from its 128 ESR (the line markers need the
// popover API, Firefox 125). For Vite's older default the CSS minifier adds prefixes (-webkit-user-select) and
// fallback variables for color-scheme that these browsers do without.
const CSS_TARGETS = [`chrome${MINIMUM_CHROME_VERSION}`, 'firefox128'];

// Hosts the extension needs out of the box. Self-hosted Sentry/GitLab hosts are asked for at run time
// (optional_host_permissions) so that adding one never disables the extension on update.
export const REQUIRED_HOSTS = ['https://sentry.io/*', 'https://*.sentry.io/*', 'https://gitlab.com/*'];
// Tokens never travel over http:// to other machines; http://localhost and http://127.0.0.1 stay for a
// Sentry or GitLab run on the developer's own machine, where nothing crosses a network.
const OPTIONAL_HOSTS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];
// Asked for when the user turns notifications on in the options, never at install.
const OPTIONAL_PERMISSIONS = ['notifications'];

/**
 * V8's explicit compile hint (Chrome 136+; Firefox ignores it): every function of the script is compiled with it
 * at once. The loader runs on every GitLab page and calls most of its few functions there; compiled lazily, each
 * call is parsed a second time, which cost the page more script time than the loader's own work
 * (docs/performance.md, loader_script_ms).
 */
const COMPILE_ALL_AT_ONCE = '//# allFunctionsCalledOnLoad\n';
const compileLoaderAtOnce = {
  name: 'compile-loader-at-once',
  // After WXT's own plugins, which take the script's name off the start of its code.
  generateBundle: {
    order: 'post' as const,
    handler(_options: unknown, bundle: Record<string, { type: string; code?: string }>) {
      const loader = bundle['gitlab-loader.js'];
      if (loader?.type === 'chunk') loader.code = COMPILE_ALL_AT_ONCE + loader.code;
    },
  },
};

/**
 * WXT starts an unlisted script (the loader, the panels' script) through a wrapper that logs a crash at start-up
 * in development. In a production build its logger does nothing, so the wrapper is only a try/catch that throws
 * again what it caught, in every copy of the script (112 bytes gzip of the panels' script). A production build
 * starts the script as the wrapper does without it: WXT's plugins (there are none), then main().
 */
const UNLISTED_SCRIPT_ENTRY = '\0virtual:wxt-unlisted-script-entrypoint?';
const startUnlistedScriptsPlainly = {
  name: 'start-unlisted-scripts-plainly',
  enforce: 'pre' as const,
  apply: (_config: unknown, { mode }: { mode: string }) => mode === 'production',
  load(id: string) {
    if (!id.startsWith(UNLISTED_SCRIPT_ENTRY)) return null;
    const script = JSON.stringify(id.slice(UNLISTED_SCRIPT_ENTRY.length));
    return `import definition from ${script};\nimport { initPlugins } from 'virtual:wxt-plugins';\ninitPlugins();\nexport default definition.main();\n`;
  },
};

/**
 * Each extension page carries its stylesheet inline. As a file, the stylesheet was one more resource to ask the
 * browser for before the page's script could run (a module script waits for the page's stylesheets), and the
 * popup paints its first row later for it (docs/performance.md, popup_first_row_ms). Extension pages' CSP
 * leaves styles alone.
 */
const inlinePageStyles = {
  name: 'inline-page-styles',
  apply: 'build' as const,
  generateBundle: {
    order: 'post' as const,
    handler(_options: unknown, bundle: Record<string, { type: string; source?: string | Uint8Array }>) {
      for (const [name, page] of Object.entries(bundle)) {
        if (page.type !== 'asset' || !name.endsWith('.html') || typeof page.source !== 'string') continue;
        page.source = page.source.replace(/<link rel="stylesheet"[^>]* href="\/([^"]+\.css)">/g, (link, file: string) => {
          const css = bundle[file]?.source;
          if (typeof css !== 'string' || /<\/style/i.test(css)) return link;
          delete bundle[file];
          return `<style>${css}</style>`;
        });
      }
    },
  },
};

export default defineConfig({
  hooks: {
    // Each HTML page is built on its own: the popup then loads one script (its styles inline) instead of its own
    // plus a chunk and a stylesheet it shares with the options page (docs/performance.md, popup_first_row_ms).
    'entrypoints:grouped': (_wxt, groups) => {
      const pages = groups.findIndex((group) => Array.isArray(group) && group.some((entry) => entry.type === 'popup'));
      if (pages === -1) return;
      const group = groups[pages] as Extract<(typeof groups)[number], unknown[]>;
      groups.splice(pages, 1, ...group.map((entry) => [entry]));
    },
  },
  vite: () => ({
    plugins: [startUnlistedScriptsPlainly, compileLoaderAtOnce, inlinePageStyles],
    // No modulepreload polyfill: the browsers the manifest admits have modulepreload, and no page uses it.
    build: { cssTarget: CSS_TARGETS, modulePreload: { polyfill: false } },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Error Tracker for GitLab',
    description: 'Sentry errors where your code lives: unresolved count on the toolbar, errors in the popup and on GitLab pages.',
    permissions: ['storage', 'alarms', 'declarativeNetRequestWithHostAccess', 'scripting'],
    host_permissions: REQUIRED_HOSTS,
    optional_host_permissions: OPTIONAL_HOSTS,
    action: { default_title: 'Error Tracker for GitLab' },
    // The loader (entrypoints/gitlab-loader.ts) is an unlisted script listed here by hand: as a WXT content
    // script it would start WXT's ContentScriptContext on every GitLab page (docs/performance.md).
    // gitlab.com here; self-hosted GitLab hosts are registered at run time once the user allows them.
    content_scripts: [{ matches: ['https://gitlab.com/*'], js: ['gitlab-loader.js'], run_at: 'document_idle' }],
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    // Manifest V2 (Firefox) has no optional_host_permissions: hosts go with the optional permissions.
    optional_permissions: manifestVersion === 2 ? [...OPTIONAL_HOSTS, ...OPTIONAL_PERMISSIONS] : OPTIONAL_PERMISSIONS,
    ...(browser !== 'firefox' && { minimum_chrome_version: MINIMUM_CHROME_VERSION }),
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: { id: 'error-tracker@error-tracker-for-gitlab', data_collection_permissions: { required: ['none'] } },
      },
    }),
  }),
});
