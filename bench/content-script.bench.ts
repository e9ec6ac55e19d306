// Main-thread work of the GitLab content script on a page load, before Sentry's data arrives:
//  - content_main_thread_ms: Chromium's Performance.getMetrics ScriptDuration and TaskDuration (CDP) of a
//    GitLab project home page (the GitLab stand-in's GitLab 18.x markup), read once the content script has
//    sent its first message to the background and at least 500 ms have passed since the load event, while
//    Sentry answers only after 5 s. "linked-project" is group/app (linked to prime-mover: the panel mounts
//    and draws the cached list); "unlinked-project" is group/other (the script asks once and stops).
//    ScriptDuration covers all script on the page's main thread, so the page's own inline script (GitLab's
//    `gon`) is included; page_main_thread_ms reports that page alone (same HTML from 127.0.0.1, where the
//    content script does not run) for comparison.
// Run with `vitest run -c vitest.bench.config.ts` after `wxt build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionHarness } from '../test/e2e/harness';
import { startGitlabStandIn, type GitlabStandIn } from '../test/e2e/standins/gitlab';
import { startSentryStandIn, type SentryStandIn } from '../test/e2e/standins/sentry';

// The chrome global inside the extension's worker; evaluated callbacks run there, not in Node.
declare const chrome: any;

const RUNS = 7;
const SCRIPT_BUDGET_MS = 5;
const SLOW_SENTRY_MS = 5_000;
const AFTER_LOAD_MS = 500;
// The budget is for the work every GitLab page pays before any data is back: reading the page and asking
// the background once. That is the whole of it on an unlinked project's page. On a linked project's page the
// panels' UI is then injected and draws the cached list: reported, judged by eye (no budget).
const PAGES = [
  { page: 'linked-project', url: 'https://gitlab.com/group/app', budget: undefined },
  { page: 'unlinked-project', url: 'https://gitlab.com/group/other', budget: SCRIPT_BUDGET_MS },
] as const;

function report(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(value)})`);
    await sleep(50);
  }
}

/** Records, in the background, when each tab message arrived (type, sender URL). */
async function recordPageMessages(ext: ExtensionHarness): Promise<void> {
  await ext.serviceWorker.evaluate(() => {
    const g = globalThis as unknown as { __heard?: Array<{ type: string; url: string; at: number }> };
    if (g.__heard) return;
    const heard: Array<{ type: string; url: string; at: number }> = [];
    g.__heard = heard;
    chrome.runtime.onMessage.addListener((message: { type?: string }, sender: { url?: string; tab?: unknown }) => {
      if (sender.tab) heard.push({ type: String(message?.type), url: sender.url ?? '', at: Date.now() });
      return undefined;
    });
  });
}

const firstMessageFrom = (ext: ExtensionHarness, url: string, since: number) =>
  ext.serviceWorker.evaluate(
    ([u, t]) => {
      const heard = (globalThis as unknown as { __heard?: Array<{ type: string; url: string; at: number }> }).__heard;
      if (!heard) return 'lost';
      return heard.find((m) => m.url === u && m.at >= t)?.type ?? null;
    },
    [url, since] as const,
  );

interface Sample {
  scriptMs: number;
  taskMs: number;
  firstMessage: string;
}

async function measure(ext: ExtensionHarness, url: string, expectMessage = true): Promise<Sample> {
  const page: Page = await ext.context.newPage();
  try {
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const since = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    const loadedAt = Date.now();
    let first = expectMessage
      ? ((await waitFor('the content script\'s first message', () => firstMessageFrom(ext, url, since), (m) => m !== null, 5_000)) as string)
      : '(none expected)';
    if (first === 'lost') {
      await recordPageMessages(ext); // the worker restarted; this run only waits the fixed time
      first = '(not recorded)';
    }
    const rest = loadedAt + AFTER_LOAD_MS - Date.now();
    if (rest > 0) await sleep(rest);
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
    const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
    await cdp.detach();
    return { scriptMs: metric('ScriptDuration'), taskMs: metric('TaskDuration'), firstMessage: first };
  } finally {
    await page.close();
  }
}

describe('GitLab content script', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn()]);
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });

    // The real options flow once: Sentry linked to group/app, GitLab connected; the poller caches the first page.
    const options = await ext.openOptions();
    const sentryRegion = options.getByRole('region', { name: 'Sentry' });
    await sentryRegion.getByLabel('Auth Token').fill('good-token');
    await sentryRegion.getByRole('button', { name: 'Connect', exact: true }).click();
    const project = sentryRegion.getByRole('combobox', { name: 'Project' });
    await project.getByRole('option', { name: 'the-interstellar-jurisdiction / prime-mover', exact: true }).waitFor({ state: 'attached', timeout: 15_000 });
    await project.selectOption({ label: 'the-interstellar-jurisdiction / prime-mover' });
    await sentryRegion.getByRole('textbox', { name: 'GitLab project' }).fill('group/app');
    await sentryRegion.getByRole('checkbox', { name: 'Active' }).check();
    await sentryRegion.getByRole('button', { name: 'Save changes' }).click();
    await options.getByRole('status').filter({ hasText: /^Saved\./ }).waitFor({ timeout: 15_000 });
    const gitlabRegion = options.getByRole('region', { name: 'GitLab' });
    await gitlabRegion.getByLabel('Personal access token').fill('glpat-good');
    await gitlabRegion.getByRole('button', { name: 'Connect', exact: true }).click();
    await gitlabRegion.getByRole('status').filter({ hasText: 'Connected as @alice' }).waitFor({ timeout: 15_000 });
    await options.close();
    await waitFor('the badge to show 130', () => ext.badge(), (b) => b.text === '130', 15_000);

    // A panel drawn once, so the list cache is warm as on any later visit.
    const warm = await ext.context.newPage();
    await warm.goto(PAGES[0].url);
    await warm.getByRole('region', { name: 'Error tracking', exact: true }).waitFor({ timeout: 15_000 });
    await warm.close();

    await recordPageMessages(ext);
    sentry.setLatencyMs(SLOW_SENTRY_MS); // from now on nothing from Sentry arrives within a measurement
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  it(`keeps the content script's main-thread script time before any data within ${SCRIPT_BUDGET_MS} ms (median of ${RUNS})`, async () => {
    const results: Array<{ page: string; scriptMs: number; taskMs: number; budget?: number }> = [];
    for (const { page, url, budget } of PAGES) {
      const samples: Sample[] = [];
      for (let run = 0; run < RUNS; run++) samples.push(await measure(ext, url));
      expect(samples.every((s) => s.firstMessage === 'panelContext' || s.firstMessage === '(not recorded)'), JSON.stringify(samples)).toBe(true);
      const result = {
        metric: 'content_main_thread_ms',
        page,
        scriptMs: round2(median(samples.map((s) => s.scriptMs))),
        taskMs: round2(median(samples.map((s) => s.taskMs))),
        budget: budget ?? undefined,
        runs: samples.map((s) => ({ scriptMs: round2(s.scriptMs), taskMs: round2(s.taskMs) })),
      };
      report(result);
      results.push(result);
    }
    // The same page without the content script (loopback URL, outside its matches): the page's own share.
    const baseline: Sample[] = [];
    for (let run = 0; run < RUNS; run++) baseline.push(await measure(ext, `${gitlab.baseUrl}/group/app`, false));
    report({
      metric: 'page_main_thread_ms',
      page: 'linked-project-without-content-script',
      scriptMs: round2(median(baseline.map((s) => s.scriptMs))),
      taskMs: round2(median(baseline.map((s) => s.taskMs))),
    });
    for (const result of results) {
      if (result.budget) expect(result.scriptMs, `${result.page}: ScriptDuration median over budget`).toBeLessThanOrEqual(result.budget);
    }
  });
});
