// Gzip bytes of the JS each entrypoint of the production build loads up front (bench/sizes.ts), held to
// the sizes of December 2026 (SIZE_BUDGETS). Run with `npm run bench`.
import { describe, expect, it } from 'vitest';
import { resolveExtensionDir } from '../test/e2e/harness';
import { report } from './report';
import { measureEntrySizes } from './sizes';

describe('bundle size', () => {
  it('keeps the gzip size of each entrypoint at or below its budget', () => {
    const sizes = measureEntrySizes(resolveExtensionDir());
    for (const { metric, entry, bytes, budget } of sizes) report({ metric, entry, bytes, budget, ok: budget === null || bytes <= budget });

    const entries = sizes.map((s) => s.entry);
    expect(entries).toEqual(expect.arrayContaining(['popup', 'options', 'background', 'content-gitlab', 'content-gitlab-panels']));
    for (const size of sizes) {
      expect(size.bytes, `${size.entry}: ${size.files.join(', ')}`).toBeGreaterThan(0);
      if (size.budget !== null) {
        expect(size.bytes, `${size.entry} (${size.files.join(', ')}) is over its gzip budget`).toBeLessThanOrEqual(size.budget);
      }
    }
  });
});
