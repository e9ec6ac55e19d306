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
import { recordPageMessages, setUpSentryLink, waitUntil, type HeardMessage } from '../test/e2e/flows';
import { launchExtension, type ExtensionHarness } from '../test/e2e/harness';
import { startGitlabStandIn, type GitlabStandIn } from '../test/e2e/standins/gitlab';
import { startSentryStandIn, type SentryStandIn } from '../test/e2e/standins/sentry';
import { median, report } from './report';

// Script time on a 2-core machine varies by several milliseconds run to run: 15 runs keep the median steady.
const RUNS = 15;
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

const round2 = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The type of the first message from a tab at `url` since `since` recordPageMessages heard; 'lost' after a worker restart. */
const firstMessageFrom = (ext: ExtensionHarness, url: string, since: number) =>
  ext.serviceWorker.evaluate(
    ([u, t]) => {
      const heard = (globalThis as unknown as { __heard?: HeardMessage[] }).__heard;
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
      ? ((await waitUntil('the content script\'s first message', () => firstMessageFrom(ext, url, since), (m) => m !== null, 5_000, 50)) as string)
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
    await setUpSentryLink(ext, {
      token: 'good-token',
      project: 'the-interstellar-jurisdiction / prime-mover',
      gitlabProject: 'group/app',
      gitlab: { token: 'glpat-good', until: { status: 'Connected as @alice' } },
      badge: '130',
    });

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
