// Launches Debian's Chromium with the built extension, wired to local stand-ins instead of the real
// sentry.io / gitlab.com (flags and findings: shared/notes/chromium-checks.md §3, toolchain.md §4).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { repoRoot } from './paths';

// The chrome global inside the page/worker; evaluated callbacks run there, not in Node.
declare const chrome: any;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LaunchOptions {
  /** Port of the Sentry stand-in; sentry.io and *.sentry.io resolve to it. */
  sentryPort: number;
  /** Port of a GitLab stand-in; without it gitlab.com does not resolve at all. */
  gitlabPort?: number;
  /** More host → port mappings to 127.0.0.1, e.g. `{ 'sentry.example.test': port }` for self-hosted cases. */
  extraHostMaps?: Record<string, number>;
  /** Defaults to $E2E_EXTENSION_DIR, else <repo>/.output/chrome-mv3. */
  extensionDir?: string;
  serviceWorkerTimeoutMs?: number;
}

export interface BadgeState {
  text: string;
  title: string;
}

export interface ExtensionHarness {
  context: BrowserContext;
  extensionId: string;
  /** Chromium's own log (extension load errors, DNR rule errors, …); removed by close(). */
  chromiumLogFile: string;
  /** The extension's current background service worker. */
  readonly serviceWorker: Worker;
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  badge(): Promise<BadgeState>;
  storage(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** The unpacked build to load: $E2E_EXTENSION_DIR or the project's production chrome-mv3 output. */
export function resolveExtensionDir(explicit?: string): string {
  return path.resolve(explicit ?? process.env.E2E_EXTENSION_DIR ?? path.join(repoRoot, '.output/chrome-mv3'));
}

function assertBuilt(extensionDir: string): void {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No extension build at ${extensionDir} (manifest.json missing): run npm run build first`);
  }
}

/**
 * Chromium's --host-resolver-rules value. Mapping keeps URLs on https://sentry.io (port 443, real Host header)
 * while connecting to the stand-in's ephemeral port; `MAP * ~NOTFOUND` stops any leak to the real network,
 * and `EXCLUDE 127.0.0.1` keeps direct loopback URLs working.
 */
export function hostResolverRules(opts: Pick<LaunchOptions, 'sentryPort' | 'gitlabPort' | 'extraHostMaps'>): string {
  const to = (port: number) => `127.0.0.1:${port}`;
  const gitlabTarget = opts.gitlabPort === undefined ? '~NOTFOUND' : to(opts.gitlabPort);
  const rules = [
    `MAP sentry.io ${to(opts.sentryPort)}`,
    `MAP *.sentry.io ${to(opts.sentryPort)}`,
    `MAP gitlab.com ${gitlabTarget}`,
    `MAP *.gitlab.com ${gitlabTarget}`,
    ...Object.entries(opts.extraHostMaps ?? {}).map(([host, port]) => `MAP ${host} ${to(port)}`),
    'MAP * ~NOTFOUND',
    'EXCLUDE 127.0.0.1',
  ];
  return rules.join(', ');
}

/** Headless, quiet, and nothing of Chromium's own reaching the network; the bench's plain browser uses them too. */
export const QUIET_CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function chromiumArgs(extensionDir: string, resolverRules: string, logFile: string): string[] {
  return [
    ...QUIET_CHROMIUM_ARGS,
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    `--host-resolver-rules=${resolverRules}`,
    // The stand-ins use a self-signed cert; Playwright's ignoreHTTPSErrors does not cover service-worker fetches.
    '--ignore-certificate-errors',
    // Extension load errors only appear in Chromium's log; keep it to explain a missing service worker.
    '--enable-logging',
    `--log-file=${logFile}`,
  ];
}

function extensionLoadErrors(logFile: string): string[] {
  try {
    return readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => /Extension error|Failed to load extension/i.test(line))
      .map((line) => line.replace(/^\[[^\]]*\]\s*/, ''));
  } catch {
    return [];
  }
}

const isExtensionWorker = (worker: Worker) => worker.url().startsWith('chrome-extension://');

function workerNotFound(extensionDir: string, detail: string): Error {
  return new Error(`No extension service worker for ${extensionDir}: ${detail}`);
}

/**
 * Waits for the extension's worker, failing fast when Chromium logs a load error: from Playwright a
 * rejected manifest (missing icon, static DNR rule with tabIds, …) only looks like a worker that never comes.
 */
async function waitForExtensionWorker(context: BrowserContext, timeoutMs: number, extensionDir: string, logFile: string): Promise<Worker> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = context.serviceWorkers().find(isExtensionWorker);
    if (found) return found;
    const errors = extensionLoadErrors(logFile);
    if (errors.length) throw workerNotFound(extensionDir, `Chromium could not load it: ${errors.join(' | ')}`);
    const appeared = await context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 250 }).catch(() => undefined);
    if (appeared) return appeared;
  }
  throw workerNotFound(extensionDir, `none appeared within ${timeoutMs} ms and Chromium logged no load error.`);
}

export async function launchExtension(opts: LaunchOptions): Promise<ExtensionHarness> {
  const extensionDir = resolveExtensionDir(opts.extensionDir);
  assertBuilt(extensionDir);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-profile-'));
  const removeProfile = () => rmSync(userDataDir, { recursive: true, force: true });
  const chromiumLogFile = path.join(userDataDir, 'chromium.log');

  let context: BrowserContext;
  try {
    // A persistent context is required: extensions do not load into chromium.launch() + newContext().
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: false, // --headless=new is passed explicitly below
      args: chromiumArgs(extensionDir, hostResolverRules(opts), chromiumLogFile),
    });
  } catch (error) {
    removeProfile();
    throw error;
  }

  let worker: Worker;
  try {
    worker = await waitForExtensionWorker(context, opts.serviceWorkerTimeoutMs ?? 15_000, extensionDir, chromiumLogFile);
  } catch (error) {
    await context.close().catch(() => undefined);
    removeProfile();
    throw error;
  }
  const extensionId = new URL(worker.url()).host;
  const extensionOrigin = `chrome-extension://${extensionId}/`;

  // MV3 may restart the worker; always talk to the live one.
  const currentWorker = (): Worker => context.serviceWorkers().find((w) => w.url().startsWith(extensionOrigin)) ?? worker;

  await waitForWelcomeTab(context, extensionOrigin);

  const openExtensionPage = async (file: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${extensionOrigin}${file}`);
    return page;
  };

  return {
    context,
    extensionId,
    chromiumLogFile,
    get serviceWorker() {
      return currentWorker();
    },
    openPopup: () => openExtensionPage('popup.html'),
    openOptions: () => openExtensionPage('options.html'),
    badge: () =>
      currentWorker().evaluate(async () => ({
        text: (await chrome.action.getBadgeText({})) as string,
        title: (await chrome.action.getTitle({})) as string,
      })),
    storage: () => currentWorker().evaluate(async () => (await chrome.storage.local.get(null)) as Record<string, unknown>),
    close: async () => {
      await context.close().catch(() => undefined);
      removeProfile();
    },
  };
}

/**
 * A fresh profile installs the extension, and the install opens the options on their welcome
 * (runtime.onInstalled). Chrome's openOptionsPage reuses a tab that already shows the options, so a page the
 * caller opens on options.html before that tab exists gets its navigation taken over: wait for it first.
 */
async function waitForWelcomeTab(context: BrowserContext, extensionOrigin: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (context.pages().some((page) => page.url().startsWith(`${extensionOrigin}options.html`))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // No welcome (a build without it): nothing can race, go on.
}

/**
 * Pre-approves an optional host permission, since Playwright cannot click Chrome's permission dialog
 * (chromium-checks.md §4). This alone does not grant it (`permissions.contains` stays false): the caller must
 * then call `chrome.permissions.request({ origins: [origin] })` from an extension page, which resolves true
 * at once without a dialog.
 */
export async function grantHostPermission(context: BrowserContext, extensionId: string, origin: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(([id, pattern]) => chrome.developerPrivate.addHostPermission(id, pattern) as Promise<void>, [
      extensionId,
      origin,
    ] as const);
  } finally {
    await page.close();
  }
}
