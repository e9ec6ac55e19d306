// Where the popup's time goes next to its floor, with BENCH_PROFILE=1 only (`BENCH_PROFILE=1 npm run bench`):
// for a few interleaved opens of each, Chromium's Performance.getMetrics (script, layout, style, task ms)
// and the CDP Profiler's self time per function, summed and divided by the runs. Printed, never judged.
import { describe, it } from 'vitest';
import { launchExtension, resolveExtensionDir } from '../test/e2e/harness';
import { startSentryStandIn } from '../test/e2e/standins/sentry';
import { buildFloorExtension } from './floor-extension';
import { installRowsProbe } from './probes';
import { median, report } from './report';
import { cachedFirstPage, linkPrimeMover } from './bench-link';

const RUNS = 7;

describe.runIf(process.env.BENCH_PROFILE === '1')('popup profile', () => {
  it('prints where the popup and its floor spend their main thread', async () => {
    const sentry = await startSentryStandIn();
    const floor = buildFloorExtension(resolveExtensionDir());
    const ext = await launchExtension({ sentryPort: sentry.port, extensionDir: floor.dir });
    try {
      await linkPrimeMover(ext);
      const key = (await cachedFirstPage(ext))?.key;
      sentry.setLatencyMs(5_000);
      const origin = `chrome-extension://${ext.extensionId}`;
      // `?run` makes the floor's URL a new document, not a fragment change of the blank page opened first.
      const urls = { floor: `${origin}/popup-floor.html?run#${encodeURIComponent(`list\n${key}`)}`, popup: `${origin}/popup.html` };
      const figures: Record<string, Record<string, number[]>> = {};
      const selfMs: Record<string, Map<string, number>> = { floor: new Map(), popup: new Map() };
      for (let run = 0; run < RUNS; run++) {
        for (const [name, url] of Object.entries(urls)) {
          const page = await ext.context.newPage();
          // A blank extension page first: the CDP session then stays with the process the measured page runs in.
          await page.goto(`${origin}/popup-floor.html`);
          const cdp = await ext.context.newCDPSession(page);
          await cdp.send('Performance.enable');
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
          await page.addInitScript(installRowsProbe, {
            name: 'list',
            selector: 'ul[aria-label="Errors"] > li',
            rows: 100,
            afterClick: false,
          });
          await page.goto(url, { waitUntil: 'commit' });
          await page.waitForFunction(() => (window as any).__probe?.list?.all !== undefined, undefined, { polling: 100, timeout: 20_000 });
          const probe = await page.evaluate(() => (window as any).__probe.list);
          const { profile } = (await cdp.send('Profiler.stop')) as any;
          const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
          const metric = (n: string) => (metrics.find((m) => m.name === n)?.value ?? Number.NaN) * 1000;
          const into = (figures[name] ??= {});
          const sample = {
            first: probe.first,
            all: probe.all,
            script: metric('ScriptDuration'),
            layout: metric('LayoutDuration'),
            style: metric('RecalcStyleDuration'),
            task: metric('TaskDuration'),
          };
          for (const [k, v] of Object.entries(sample)) (into[k] ??= []).push(v);
          const nodes = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
          profile.samples.forEach((id: number, i: number) => {
            const frame = nodes.get(id).callFrame;
            const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.columnNumber}`;
            selfMs[name]!.set(where, (selfMs[name]!.get(where) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000 / RUNS);
          });
          await page.close();
        }
      }
      for (const [name, values] of Object.entries(figures)) {
        const top = [...selfMs[name]!.entries()]
          .filter(([where]) => !/^\((idle|program)\)/.test(where))
          .sort((a, b) => b[1] - a[1])
          .slice(0, 12)
          .map(([where, ms]) => [where, Math.round(ms * 100) / 100]);
        report({
          metric: 'popup_profile',
          page: name,
          medians: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Math.round(median(v))])),
          topSelfMs: top,
        });
      }
    } finally {
      await ext.close();
      await sentry.close();
      floor.remove();
    }
  }, 600_000);
});
