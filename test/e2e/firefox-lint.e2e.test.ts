// What `web-ext lint` (Mozilla's add-on linter, as AMO runs it) said about the Firefox build: npm test writes
// .output/web-ext-lint.json with `npm run lint:firefox`, which already fails on any error. Each warning must be
// one docs/firefox.md explains.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths';

interface LintMessage {
  code: string;
  file?: string;
  line?: number;
  column?: number;
  message: string;
}
interface LintReport {
  summary: { errors: number; notices: number; warnings: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

const REPORT = path.join(repoRoot, '.output/web-ext-lint.json');
const BUILD = path.join(repoRoot, '.output/firefox-mv2');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe('web-ext lint of the Firefox build', () => {
  it('has no errors, and its only warnings are Preact’s dangerouslySetInnerHTML path, which no code of ours uses', () => {
    if (!existsSync(REPORT)) throw new Error(`${REPORT} is missing: run npm run build:packages first`);
    const report = JSON.parse(readFileSync(REPORT, 'utf8')) as LintReport;
    expect(report.errors).toEqual([]);
    expect(report.notices).toEqual([]);
    for (const warning of report.warnings) {
      expect(warning.code, JSON.stringify(warning)).toBe('UNSAFE_VAR_ASSIGNMENT');
      // Preact's diff: `dom.innerHTML = newHtml.__html`, reached only through the dangerouslySetInnerHTML prop.
      const line = readFileSync(path.join(BUILD, warning.file!), 'utf8').split('\n')[warning.line! - 1]!;
      expect(line.slice(warning.column! - 1, warning.column! + 40), JSON.stringify(warning)).toMatch(/^\w+\.innerHTML=\w+\.__html/);
    }
    const usesIt = ['components', 'entrypoints', 'lib']
      .flatMap((dir) => sourceFiles(path.join(repoRoot, dir)))
      .filter((file) => readFileSync(file, 'utf8').includes('dangerouslySetInnerHTML'));
    expect(usesIt).toEqual([]);
  });
});
