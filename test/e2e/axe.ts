// axe-core run inside a page of the real browser: the extension's pages and the GitLab stand-in's pages.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// The axe global inside the page; evaluated callbacks run there, not in Node.
declare const axe: any;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Each failing node: its selector (through shadow roots) and what axe says is wrong. */
  nodes: string[];
}

/**
 * Runs every axe rule on `page` (or only inside the elements `include` selects, shadow roots included) and
 * returns the violations. The source goes in through evaluate, not a script tag: extension pages' CSP
 * refuses inline scripts.
 */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  await page.evaluate(`${axeSource}\n;void 0`);
  return page.evaluate(async (selector) => {
    const results = await axe.run(selector ? { include: [selector] } : document, { resultTypes: ['violations'] });
    return results.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => `${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    }));
  }, include);
}

/** One line per violation, for a failure message and the log. */
export const describeViolations = (violations: AxeViolation[]) =>
  violations
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n    ${v.nodes.join('\n    ')}`)
    .join('\n');
