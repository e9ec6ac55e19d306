// How the benches judge speed: as a ratio to a floor measured in the same browser, in the same run,
// interleaved with the product, so that a loaded or slow machine moves both alike (docs/performance.md).
import { median, report } from './report';

/** Runs per figure; each run measures the floor and the product back to back, alternating which goes first. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 11);
/**
 * Pairs for the figures of a page load: the popup's first row, the panel's rows and GitLab's first paint and load.
 * Each half is a page load, whose noise pairing cannot cancel: when the browser hands a page its HTML varies by
 * ±20 ms from load to load (CDP traces) on a popup figure of about 120 ms, and a panel's 100 rows (about 12 ms)
 * wait 0–17 ms for the next frame. Medians of 11 popup pairs of one build ranged 0.95–1.19 in six runs, of 21 pairs
 * 0.97–1.11 in four; the panel's 1.06–1.58 in four runs of 11 pairs, 1.06–1.50 in ten of 21.
 */
export const LOAD_RUNS = Number(process.env.BENCH_RUNS ?? 21);

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function interleaved<T>(
  runs: number,
  floor: () => Promise<T>,
  product: () => Promise<T>,
): Promise<{ floor: T[]; product: T[] }> {
  const result = { floor: [] as T[], product: [] as T[] };
  // One unrecorded run of each first: the first load of a page pays for compiling its code and the disk cache.
  await floor();
  await product();
  for (let run = 0; run < runs; run++) {
    if (run % 2) {
      result.product.push(await product());
      result.floor.push(await floor());
    } else {
      result.floor.push(await floor());
      result.product.push(await product());
    }
  }
  return result;
}

export interface Judged {
  metric: string;
  floorMs: number;
  productMs: number;
  ratio: number;
  ok: boolean;
}

/**
 * Prints the medians and the ratio as one JSON line; `ok` says whether the ratio is within `maxRatio`
 * (undefined: printed, not judged). The ratio is the median of each run's product/floor: a run's two
 * measurements are taken back to back, so a load spike on the machine mostly moves both.
 */
export function judgeRatio(
  metric: string,
  floor: number[],
  product: number[],
  maxRatio: number | undefined,
  extra: Record<string, unknown> = {},
): Judged {
  const floorMs = round1(median(floor));
  const productMs = round1(median(product));
  const ratio = Math.round(median(product.map((p, i) => p / floor[i]!)) * 100) / 100;
  const ok = maxRatio === undefined || ratio <= maxRatio;
  report({ metric, floorMs, productMs, ratio, maxRatio, ok, ...extra, floorRuns: floor.map(round1), productRuns: product.map(round1) });
  return { metric, floorMs, productMs, ratio, ok };
}

/**
 * The same, held to the floor plus a margin instead of a multiple (undefined: printed, not judged). The margin is
 * the median of each run's product - floor, as the ratio above is of each run's product / floor.
 */
export function judgeMargin(
  metric: string,
  floor: number[],
  product: number[],
  maxOverMs: number | undefined,
  extra: Record<string, unknown> = {},
): Judged {
  const floorMs = Math.round(median(floor) * 100) / 100;
  const productMs = Math.round(median(product) * 100) / 100;
  const ratio = Math.round((productMs / floorMs) * 100) / 100;
  const overMs = Math.round(median(product.map((p, i) => p - floor[i]!)) * 100) / 100;
  const ok = maxOverMs === undefined || overMs <= maxOverMs;
  report({ metric, floorMs, productMs, ratio, overMs, maxOverMs, ok, ...extra, floorRuns: floor, productRuns: product });
  return { metric, floorMs, productMs, ratio, ok };
}
