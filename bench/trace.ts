// Chromium trace events of a page, recorded over CDP for the profiles and figures that need more than
// Performance.getMetrics (bench/script-cpu.ts, bench/details-profile.bench.ts).
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** CPU time of the thread, µs: what a loaded machine moves least. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: any;
}

/** The events of `categories` recorded while `during` runs. */
export async function recordTrace(cdp: CDPSession, categories: string[], during: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const onData = ({ value }: { value: object[] }) => events.push(...(value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
  try {
    await during();
  } finally {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
  }
  return events;
}
