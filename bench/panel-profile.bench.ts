// Where the project panel's time goes, with BENCH_PROFILE=1 only: for a few loads of the linked project's page
// (list from cache, Sentry too slow to answer), the panel's data in hand → 100 rows painted, Chromium's
// Performance.getMetrics and the CDP Profiler's self time per function of the extension's scripts. Printed,
// never judged.
import { describe, it } from 'vitest';
import { launchExtension, resolveExtensionDir } from '../test/e2e/harness';
import { startGitlabStandIn } from '../test/e2e/standins/gitlab';
import { startSentryStandIn } from '../test/e2e/standins/sentry';
import { installShadowRowsProbe } from './probes';
import { median, report } from './report';
import { linkPrimeMover, warmProjectPanel } from './bench-link';

const RUNS = 7;
const LIST_DATA_MARK = 'error-tracker:list-data';

describe.runIf(process.env.BENCH_PROFILE === '1')('panel profile', () => {
  it("prints where the project panel's rows spend their main thread", async () => {
    const [sentry, gitlab] = await Promise.all([startSentryStandIn(), startGitlabStandIn()]);
    const ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port, extensionDir: resolveExtensionDir() });
    try {
      await linkPrimeMover(ext, { withGitlab: true });
      await warmProjectPanel(ext);
      sentry.setLatencyMs(5_000);
      const figures: Record<string, number[]> = {};
      const selfMs = new Map<string, number>();
      for (let run = 0; run < RUNS; run++) {
        const page = await ext.context.newPage();
        const cdp = await ext.context.newCDPSession(page);
        await cdp.send('Performance.enable');
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await page.addInitScript(installShadowRowsProbe, { host: 'error-tracker-project', selector: 'li.error-row', rows: 100 });
        await cdp.send('Profiler.start');
        await page.goto('https://gitlab.com/group/app', { waitUntil: 'load' });
        await page.waitForFunction(() => (window as any).__shadowRowsAt !== undefined, undefined, { polling: 100, timeout: 20_000 });
        const rows = await page.evaluate(
          (mark) => (window as any).__shadowRowsAt - performance.getEntriesByName(mark)[0]!.startTime,
          LIST_DATA_MARK,
        );
        const { profile } = (await cdp.send('Profiler.stop')) as any;
        const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
        const metric = (n: string) => (metrics.find((m) => m.name === n)?.value ?? Number.NaN) * 1000;
        const sample = { rows, script: metric('ScriptDuration'), layout: metric('LayoutDuration'), style: metric('RecalcStyleDuration') };
        for (const [k, v] of Object.entries(sample)) (figures[k] ??= []).push(v);
        const nodes = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
        profile.samples.forEach((id: number, i: number) => {
          const frame = nodes.get(id).callFrame;
          const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}:${frame.columnNumber}`;
          selfMs.set(where, (selfMs.get(where) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000 / RUNS);
        });
        await cdp.detach();
        await page.close();
      }
      const top = [...selfMs.entries()]
        .filter(([where]) => !/^\((idle|program)\)/.test(where))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([where, ms]) => [where, Math.round(ms * 100) / 100]);
      report({
        metric: 'panel_profile',
        medians: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(median(v) * 10) / 10])),
        topSelfMs: top,
      });
    } finally {
      await ext.close();
      await Promise.all([sentry.close(), gitlab.close()]);
    }
  }, 600_000);
});
