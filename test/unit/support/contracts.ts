import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The shared contracts sit beside the repository (../shared/contracts); tests read them as they are.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CONTRACTS = resolve(repoRoot, '../shared/contracts');

export function readContract<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(join(CONTRACTS, relativePath), 'utf8')) as T;
}

export function contractFiles(relativeDir: string): string[] {
  return readdirSync(join(CONTRACTS, relativeDir)).filter((name) => name.endsWith('.json'));
}
