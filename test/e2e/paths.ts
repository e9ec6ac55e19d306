import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Resolved from this file rather than process.cwd() so tests work from any working directory,
// and from the repo rather than a fixed /work path so a checkout elsewhere keeps working.
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared contracts folder is a sibling of the repo (…/main and …/shared). */
export const sharedContractsDir = path.resolve(repoRoot, '../shared/contracts');

/** Reads a JSON file under shared/contracts, e.g. `sentry/examples/issue.details.json`. Fresh copy on every call. */
export function readSharedJson<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(path.join(sharedContractsDir, relativePath), 'utf8')) as T;
}
