// Where the click → frames time of the popup's error details goes next to its floor, with BENCH_PROFILE=1 only
// (printed, never judged): for a few interleaved clicks on each, a CDP trace of the page from the pointerdown
// (the click's timeStamp, which the probe counts from) to the frame that painted the 104 frames, summed by kind
// of work (script by file, style, layout, paint, idle while the background answers) with the CPU time of the
// page's and the background's threads (one process: they share the machine's cores), and the requests the
// page sent: when each left, its round trip, and its reply → the frames painted. BENCH_TRACE_DIR=<dir> keeps
// each run's events for a closer look (stacks of forced style and layout included).
import { writeFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, resolveExtensionDir } from '../test/e2e/harness';
import { fixtureEvents, startSentryStandIn } from '../test/e2e/standins/sentry';
import { buildFloorExtension } from './floor-extension';
import { installRowsProbe, type RowsProbe } from './probes';
import { median, report } from './report';
import { recordTrace, type TraceEvent } from './trace';
import { cachedFirstPage, linkPrimeMover } from './bench-link';

declare const chrome: any;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUBY_FRAMES = 104;
const BEFORE_CLICK_MS = 600;
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.stack',
  'v8.execute',
];

interface SentRequest {
  type: string;
  sent: number;
  replied?: number;
}

/** Every request the page sends, with when it left and when its reply came back (page clock, ms). */
function recordRequests(): void {
  const w = window as unknown as { __requests: SentRequest[] };
  w.__requests = [];
  const runtime = (globalThis as any).chrome.runtime;
  const send = runtime.sendMessage.bind(runtime);
  runtime.sendMessage = (message: { type: string }, ...rest: unknown[]) => {
    const entry: SentRequest = { type: message.type, sent: performance.now() };
    w.__requests.push(entry);
    const reply = send(message, ...rest);
    reply?.then?.(() => (entry.replied = performance.now()));
    return reply;
  };
}

const KINDS: Record<string, string> = {
  EventDispatch: 'event',
  FireAnimationFrame: 'rAF callback',
  TimerFire: 'timer',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  RunTask: 'task (other)',
  'ThreadControllerImpl::RunTask': 'task (other)',
};

function kindOf(event: TraceEvent): string | undefined {
  if (event.name === 'FunctionCall' || event.name === 'EvaluateScript') {
    const data = event.args?.data ?? {};
    return `script ${String(data.url ?? '')
      .split('/')
      .pop()} ${data.functionName ?? ''}`.trim();
  }
  return KINDS[event.name];
}

/** The page's main thread from the pointerdown to `windowMs` after it: self time by kind, idle, CPU time (ms). */
function breakdown(events: TraceEvent[], windowMs: number): Record<string, number> {
  const down = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerdown');
  if (!down) return {};
  const start = down.ts;
  const end = start + windowMs * 1000;
  const threadNames = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  const totals: Record<string, number> = { 'cpu page': 0, 'cpu background': 0, idle: 0 };
  for (const e of events) {
    if (e.ph !== 'X' || e.pid !== down.pid || !e.dur || !KINDS[e.name]?.startsWith('task')) continue;
    const overlap = Math.min(e.ts + e.dur, end) - Math.max(e.ts, start);
    const thread =
      e.tid === down.tid ? 'cpu page' : threadNames.get(`${e.pid}:${e.tid}`) === 'ServiceWorker thread' ? 'cpu background' : '';
    if (overlap > 0 && thread) totals[thread]! += (e.tdur ?? e.dur) * (overlap / e.dur);
  }
  const main = events
    .filter((e) => e.pid === down.pid && e.tid === down.tid && e.ph === 'X' && e.dur && e.ts + e.dur > start && e.ts < end)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Self time: each known event's time in the window minus that of the known events nested in it.
  const open: Array<{ end: number; kind: string }> = [];
  let busyUntil = start;
  for (const e of main) {
    const kind = kindOf(e);
    if (!kind) continue;
    const from = Math.max(e.ts, start);
    const to = Math.min(e.ts + e.dur!, end);
    while (open.length && open.at(-1)!.end <= e.ts) open.pop();
    const parent = open.at(-1);
    if (parent) totals[parent.kind] = (totals[parent.kind] ?? 0) - (to - from);
    else {
      totals.idle! += Math.max(0, from - busyUntil);
      busyUntil = Math.max(busyUntil, to);
    }
    totals[kind] = (totals[kind] ?? 0) + (to - from);
    open.push({ end: e.ts + e.dur!, kind });
  }
  totals.idle! += Math.max(0, end - busyUntil);
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / 1000]));
}

describe.runIf(process.env.BENCH_PROFILE === '1')('details profile', () => {
  it('prints where the click → frames time of the details and its floor goes', async () => {
    const sentry = await startSentryStandIn();
    const floor = buildFloorExtension(resolveExtensionDir());
    const ext = await launchExtension({ sentryPort: sentry.port, extensionDir: floor.dir });
    try {
      await linkPrimeMover(ext);
      const cache = (await cachedFirstPage(ext))!;
      const { linkId } = cache;
      const error = cache.errors[1]!;
      sentry.setLatestEvent(error.id, fixtureEvents.rubyWithStack());
      const origin = `chrome-extension://${ext.extensionId}`;
      const pages: Record<string, { url: string; target: (page: Page) => ReturnType<Page['getByRole']> }> = {
        floor: {
          url: `${origin}/popup-floor.html?run#${encodeURIComponent(`details\n${linkId}\n${error.id}`)}`,
          target: (page) => page.getByRole('button', { name: 'Open' }),
        },
        popup: {
          url: `${origin}/popup.html`,
          target: (page) => page.getByRole('list', { name: 'Errors' }).getByRole('button', { name: error.title, exact: true }),
        },
      };
      const figures: Record<string, Record<string, number[]>> = {};
      // Run 0 of each is not recorded: the first load of a page pays for compiling its code and the disk cache.
      for (let run = 0; run <= RUNS; run++) {
        for (const [name, { url, target }] of Object.entries(pages)) {
          const page = await ext.context.newPage();
          // A blank extension page first: the CDP session then stays with the process the measured page runs in.
          await page.goto(`${origin}/popup-floor.html`);
          const cdp = await ext.context.newCDPSession(page);
          await page.addInitScript(installRowsProbe, { name: 'frames', selector: 'li.frame', rows: RUBY_FRAMES, afterClick: true });
          await page.addInitScript(recordRequests);
          await page.goto(url);
          await target(page).waitFor({ timeout: 10_000 });
          await new Promise((resolve) => setTimeout(resolve, BEFORE_CLICK_MS));
          let probe: RowsProbe = {};
          const events = await recordTrace(cdp, CATEGORIES, async () => {
            await target(page).click();
            await page.waitForFunction(() => (window as any).__probe?.frames?.all !== undefined, undefined, { polling: 50 });
            probe = await page.evaluate(() => (window as any).__probe.frames);
          });
          const sent = await page.evaluate(() => (window as any).__requests as SentRequest[]);
          await page.close();
          if (process.env.BENCH_TRACE_DIR)
            writeFileSync(`${process.env.BENCH_TRACE_DIR}/${name}-${run}.json`, JSON.stringify({ probe, sent, events }));
          if (run === 0) continue;
          const clickAt = probe.clickAt!;
          const windowMs = probe.all! - clickAt;
          const into = (figures[name] ??= {});
          const add = (key: string, ms: number) => (into[key] ??= []).push(ms);
          add('click → painted', windowMs);
          for (const [kind, ms] of Object.entries(breakdown(events, windowMs))) add(kind, ms);
          for (const request of sent.filter((r) => r.sent >= clickAt)) {
            add(`${request.type} sent at`, request.sent - clickAt);
            if (request.replied === undefined) continue;
            add(`${request.type} round trip`, request.replied - request.sent);
            add(`${request.type} replied → painted`, probe.all! - request.replied);
          }
        }
      }
      const round = (values: number[]) => Math.round(median(values) * 10) / 10;
      for (const [name, kinds] of Object.entries(figures)) {
        // A kind missing from a run counts as 0 ms in it.
        const medians = Object.entries(kinds)
          .map(([kind, values]) => [kind, round([...values, ...Array(Math.max(0, RUNS - values.length)).fill(0)])] as const)
          .filter(([, ms]) => ms !== 0)
          .sort((a, b) => b[1] - a[1]);
        report({ metric: 'details_profile', page: name, medianMs: Object.fromEntries(medians) });
      }
    } finally {
      await ext.close();
      await sentry.close();
      floor.remove();
    }
  }, 600_000);
});
