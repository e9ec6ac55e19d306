// Launches Debian's Firefox ESR over WebDriver BiDi (puppeteer-core) with the built add-on installed as a
// temporary add-on, its requests to sentry.io / gitlab.com routed to the local stand-ins through a CONNECT
// proxy (Firefox has no host-resolver-rules). The Chromium counterpart is ../harness.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { repoRoot } from '../paths';
import { startHostProxy, type HostProxy, type ProxyRoutes } from './proxy';

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** The add-on's internal UUID, pinned so its pages have a known address. */
const ADDON_UUID = 'b7e1c0de-5e47-4f1a-9c3d-0a11ce5e0001';
const EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}`;

export interface FirefoxLaunchOptions extends ProxyRoutes {
  /** Defaults to $E2E_FIREFOX_EXTENSION_DIR, else <repo>/.output/firefox-mv2. */
  extensionDir?: string;
}

export interface BadgeState {
  text: string;
  title: string;
}

export interface FirefoxHarness {
  browser: Browser;
  addonId: string;
  proxy: HostProxy;
  /** Opens an extension page (`popup.html`, `options.html`) in a new tab once its app has drawn. */
  openExtensionPage(file: string): Promise<Page>;
  /** Opens a web page in a new tab and waits until `ready` holds in it. */
  openWebPage(url: string, ready: string): Promise<Page>;
  badge(): Promise<BadgeState>;
  close(): Promise<void>;
}

function resolveFirefoxExtensionDir(explicit?: string): string {
  return path.resolve(explicit ?? process.env.E2E_FIREFOX_EXTENSION_DIR ?? path.join(repoRoot, '.output/firefox-mv2'));
}

function geckoIdOf(extensionDir: string): string {
  const manifestPath = path.join(extensionDir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`No Firefox build at ${extensionDir}: run npm run build:firefox first`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${manifestPath} has no browser_specific_settings.gecko.id`);
  return id;
}

/**
 * Navigates without waiting for puppeteer's load event (a BiDi navigation to a moz-extension:// page may never
 * report it), then waits for the document's own readiness, `ready` being an expression evaluated in the page.
 */
async function navigate(page: Page, url: string, ready: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const check = `location.href === ${JSON.stringify(url)} && document.readyState !== 'loading' && (${ready})`;
  let lastGoto = 0;
  for (;;) {
    // Now and then Firefox drops a navigation and leaves the tab on about:blank with a realm that answers every
    // evaluation with a protocol error ("right-hand side of 'in' should be an object"): navigate again.
    if (page.url() !== url && Date.now() - lastGoto > 3_000) {
      lastGoto = Date.now();
      page.goto(url, { waitUntil: [] as never, timeout: timeoutMs }).catch(() => undefined);
    }
    try {
      await page.waitForFunction(check, { timeout: Math.max(1, Math.min(2_000, deadline - Date.now())), polling: 100 });
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * The install opens the options on their welcome (runtime.onInstalled). Wait for that tab before opening pages
 * of our own, so it cannot take over one of them while it loads.
 */
async function waitForWelcomeTab(browser: Browser, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pages = await browser.pages();
    if (pages.some((page) => page.url().startsWith(`${EXTENSION_ORIGIN}/options.html`))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // No welcome (a build without it): nothing can race, go on.
}

export async function launchFirefox(opts: FirefoxLaunchOptions): Promise<FirefoxHarness> {
  const extensionDir = resolveFirefoxExtensionDir(opts.extensionDir);
  const geckoId = geckoIdOf(extensionDir);
  if (!existsSync(FIREFOX_PATH)) throw new Error(`No Firefox at ${FIREFOX_PATH}: apt-get install firefox-esr, or set FIREFOX_PATH`);
  const proxy = await startHostProxy(opts);
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      // The stand-ins' certificate is self-signed; over BiDi this covers the add-on's own requests too.
      acceptInsecureCerts: true,
      // Without it BiDi refuses to open moz-extension:// pages.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: ADDON_UUID }),
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
      },
    });
  } catch (error) {
    await proxy.close();
    throw error;
  }
  let addonId: string;
  try {
    addonId = await browser.installExtension(extensionDir);
  } catch (error) {
    await browser.close().catch(() => undefined);
    await proxy.close();
    throw error;
  }

  await waitForWelcomeTab(browser);

  let probe: Promise<Page> | undefined;
  const openExtensionPage = async (file: string): Promise<Page> => {
    const page = await browser.newPage();
    await navigate(page, `${EXTENSION_ORIGIN}/${file}`, `document.getElementById('app')?.children.length > 0`);
    return page;
  };

  return {
    browser,
    addonId,
    proxy,
    openExtensionPage,
    openWebPage: async (url, ready) => {
      const page = await browser.newPage();
      await navigate(page, url, ready);
      return page;
    },
    badge: async () => {
      // The badge is only readable from an extension page: keep one open for it.
      probe ??= openExtensionPage('options.html');
      const page = await probe;
      try {
        return await page.evaluate(async () => {
          const ext = (
            globalThis as unknown as {
              browser: Record<string, { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> }>;
            }
          ).browser;
          const action = ext.action ?? ext.browserAction!;
          return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
        });
      } catch (error) {
        // A probe whose document went away answers every later evaluation with a protocol error: the next
        // read opens a fresh one (callers poll).
        probe = undefined;
        void page.close().catch(() => undefined);
        throw error;
      }
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      await proxy.close();
    },
  };
}
