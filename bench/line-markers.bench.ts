// Line markers on a merge request's Changes tab (issue 12): 100 changed files, 5,000 diff lines, the classic
// diffs app adding them 10 files at a time (the GitLab stand-in's page with `batches=manual`, one batch per
// step), 20 recent errors with 5 in-app frames each into those files (100 markers).
//  - line_markers_batch_ms: the main-thread time of placing one batch's markers (the product's
//    error-tracker:line-markers measures: the new files' anchors read, then the markers written), the worst
//    batch of each run; held to the issue's 16 ms per batch (line_markers_batch_budget).
//  - line_markers_ms: the same over all 10 batches, against the floor (bench/probes.ts installMarkerFloor: a
//    button in a shadow root with one style rule before each of the same anchors). ≤ 2×.
//  - line_markers_frame_ms: each batch added → the frame after the one that drew it, GitLab's own insertion,
//    style and layout included, summed; product against the floor's page. ≤ 1.1×.
// The floor runs on the same merge request of an unlinked project (group/other) in the same browser: there
// the product's loader asks once whether the project is linked and does nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PRIME_MOVER_ID, PRIME_MOVER_OPTION, projectIssues, SENTRY_TOKEN, setUpSentryLink } from '../test/e2e/flows';
import { launchExtension, type ExtensionHarness } from '../test/e2e/harness';
import { PROJECT_IDS, startGitlabStandIn, type GitlabStandIn, type MergeRequestInput } from '../test/e2e/standins/gitlab';
import { startSentryStandIn, type SentryStandIn } from '../test/e2e/standins/sentry';
import { exampleLatestEvent } from '../test/e2e/standins/sentry-data';
import { installMarkerFloor } from './probes';
import { interleaved, judgeRatio, RUNS } from './ratios';
import { median, report } from './report';

const FILES = 100;
const BATCH = 10;
/** components/panels/shared/line-markers/place-markers.ts MARKERS_MEASURE (its module needs the build's aliases). */
const MARKERS_MEASURE = 'error-tracker:line-markers';
const BATCH_BUDGET_MS = 16;
const round2 = (n: number) => Math.round(n * 100) / 100;

const pathOf = (i: number) => `app/module_${i % 10}/file_${i}.py`;

/** 50 diff lines a file: 40 context, 5 removed, 5 added (new-side lines 1–45). */
function fileDiff(i: number): string {
  const lines = ['@@ -1,45 +1,45 @@'];
  for (let n = 1; n <= 45; n++) {
    if (n % 9 === 0) lines.push(`-    old_${i}_${n} = compute(${n})`, `+    new_${i}_${n} = compute(${n} + 1)`);
    else lines.push(`     value_${i}_${n} = compute(${n})`);
  }
  return `${lines.join('\n')}\n`;
}

function bigMergeRequest(): MergeRequestInput {
  return {
    iid: 2,
    title: 'Rework every module',
    commits: [{ id: 'a'.repeat(40), title: 'Rework every module' }],
    files: Array.from({ length: FILES }, (_, i) => ({ path: pathOf(i), diff: fileDiff(i) })),
  };
}

/** Error e's frames: 5 files, one line each; a sixth frame on a line the diff does not show. */
const framesOf = (e: number) => [
  ...Array.from({ length: 5 }, (_, k) => ({ file: pathOf((e * 5 + k * 7) % FILES), line: 1 + ((e * 3 + k * 11) % 45) })),
  { file: pathOf(e), line: 300 },
];

function eventWithFrames(frames: Array<{ file: string; line: number }>) {
  return {
    ...exampleLatestEvent(),
    platform: 'python',
    entries: [
      {
        type: 'exception',
        data: {
          values: [
            {
              type: 'ValueError',
              value: 'boom',
              stacktrace: {
                frames: frames.map((f) => ({
                  filename: f.file,
                  absPath: `/srv/app/${f.file}`,
                  function: 'call',
                  lineNo: f.line,
                  inApp: true,
                })),
              },
            },
          ],
        },
      },
    ],
  };
}

/** path → line → how many errors: what the markers say. */
function expectedHits(): Record<string, Record<string, number>> {
  const hits: Record<string, Record<string, number>> = {};
  for (let e = 0; e < 20; e++) {
    const seen = new Set<string>();
    for (const { file, line } of framesOf(e)) {
      if (line > 45 || seen.has(`${file}:${line}`)) continue;
      seen.add(`${file}:${line}`);
      hits[file] ??= {};
      hits[file][line] = (hits[file][line] ?? 0) + 1;
    }
  }
  return hits;
}

interface Run {
  /** Each batch's marker placement (measures summed per batch). */
  batches: number[];
  /** Batch added → the frame after it, summed over the batches. */
  frames: number;
  markers: number;
}

describe('line markers on a merge request with 100 changed files', () => {
  let sentry: SentryStandIn;
  let gitlab: GitlabStandIn;
  let ext: ExtensionHarness;
  const hits = expectedHits();
  const markerCount = Object.values(hits).reduce((sum, lines) => sum + Object.keys(lines).length, 0);

  beforeAll(async () => {
    [sentry, gitlab] = await Promise.all([
      startSentryStandIn(),
      startGitlabStandIn({ mergeRequests: { [PROJECT_IDS.app]: [bigMergeRequest()], [PROJECT_IDS.other]: [bigMergeRequest()] } }),
    ]);
    for (const [e, issue] of projectIssues(sentry, PRIME_MOVER_ID).slice(0, 20).entries()) {
      sentry.setLatestEvent(issue.id, eventWithFrames(framesOf(e)));
    }
    ext = await launchExtension({ sentryPort: sentry.port, gitlabPort: gitlab.port });
    await setUpSentryLink(ext, {
      token: SENTRY_TOKEN,
      project: PRIME_MOVER_OPTION,
      gitlabProject: 'group/app',
      gitlab: { token: 'glpat-good', until: { status: 'Connected as @alice' } },
      badgeTimeoutMs: 20_000,
    });
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([sentry?.close(), gitlab?.close()]);
  });

  /** Adds the batches one by one, each after the last one's frame. */
  async function addBatches(page: Page, placed: () => Promise<number[]>): Promise<Omit<Run, 'markers'>> {
    const batches: number[] = [];
    let frames = 0;
    for (let added = 0; added < FILES; added += BATCH) {
      const before = (await placed()).length;
      frames += await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const started = performance.now();
            (window as any).standInDiffs.addBatch();
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
          }),
      );
      batches.push((await placed()).slice(before).reduce((sum, ms) => sum + ms, 0));
    }
    return { batches, frames };
  }

  async function product(): Promise<Run> {
    const page = await ext.context.newPage();
    try {
      await page.goto(`https://gitlab.com/group/app/-/merge_requests/2/diffs?batches=manual&batch_size=${BATCH}`);
      // The answer is in and the markers watch the page.
      await page.getByRole('region', { name: 'Errors in this merge request', exact: true }).waitFor({ timeout: 30_000 });
      const measures = () => page.evaluate((name) => performance.getEntriesByName(name).map((entry) => entry.duration), MARKERS_MEASURE);
      const run = await addBatches(page, measures);
      return { ...run, markers: await page.locator('error-tracker-line').count() };
    } finally {
      await page.close();
    }
  }

  async function floor(): Promise<Run> {
    const page = await ext.context.newPage();
    try {
      await page.goto(`https://gitlab.com/group/other/-/merge_requests/2/diffs?batches=manual&batch_size=${BATCH}`);
      await page.evaluate(installMarkerFloor, hits);
      const run = await addBatches(page, () => page.evaluate(() => (window as any).__floorBatches as number[]));
      return { ...run, markers: await page.locator('bench-marker-floor').count() };
    } finally {
      await page.close();
    }
  }

  it(`places each batch's markers within ${BATCH_BUDGET_MS} ms and 2× the floor, frames within 1.1× (median of ${RUNS})`, async () => {
    const runs = await interleaved(RUNS, floor, product);
    for (const run of [...runs.floor, ...runs.product]) expect(run.markers).toBe(markerCount);
    const worst = (run: Run) => Math.max(...run.batches);
    const total = (run: Run) => run.batches.reduce((sum, ms) => sum + ms, 0);
    const scale = { files: FILES, diffLines: FILES * 50, batchFiles: BATCH, markers: markerCount };
    judgeRatio('line_markers_batch_ms', runs.floor.map(worst), runs.product.map(worst), undefined, scale);
    const worstMs = round2(median(runs.product.map(worst)));
    report({ metric: 'line_markers_batch_budget', productMs: worstMs, budgetMs: BATCH_BUDGET_MS, ok: worstMs <= BATCH_BUDGET_MS });
    const all = judgeRatio('line_markers_ms', runs.floor.map(total), runs.product.map(total), 2, scale);
    const frames = judgeRatio(
      'line_markers_frame_ms',
      runs.floor.map((run) => run.frames),
      runs.product.map((run) => run.frames),
      1.1,
    );
    expect({ worstMs, all: all.ok, frames: frames.ok }).toEqual({ worstMs: expect.any(Number), all: true, frames: true });
    expect(worstMs).toBeLessThanOrEqual(BATCH_BUDGET_MS);
  });
});
