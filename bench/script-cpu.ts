// The CPU time a page's main thread spends running script, from a CDP trace: beside Chromium's ScriptDuration,
// which is wall time and swings 3-10x between loads of the same page on a loaded machine, this is the thread's
// own time (`tdur`), which a descheduled thread does not accrue (docs/performance.md, loader_script_cpu_ms).
import type { CDPSession } from 'playwright-core';
import { recordTrace, type TraceEvent } from './trace';

const CATEGORIES = ['devtools.timeline', 'v8', 'v8.execute'];

/**
 * What ScriptDuration counts, as trace events: evaluating a script (compile and run), calling into script
 * (callbacks, timers, events, promise reactions), and compiling. Nested ones are counted once, by the outermost.
 */
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'TimerFire', 'EventDispatch', 'RunMicrotasks', 'v8.compile', 'v8.run']);

/** Runs `during` (a navigation to `url` and whatever follows) under a trace; the script CPU time of its page, ms. */
export async function scriptCpuMs(cdp: CDPSession, url: string, during: () => Promise<void>): Promise<number> {
  return scriptThreadMs(await recordTrace(cdp, CATEGORIES, during), url);
}

/** The page's main thread is the one that parsed its HTML. */
function scriptThreadMs(events: TraceEvent[], url: string): number {
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url);
  if (!parse) return Number.NaN;
  const scripts = events
    .filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && SCRIPT_EVENTS.has(e.name) && e.tdur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  let total = 0;
  let end = 0;
  for (const event of scripts) {
    if (event.ts < end) continue;
    end = event.ts + (event.dur ?? 0);
    total += event.tdur!;
  }
  return total / 1000;
}
