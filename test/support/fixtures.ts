import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Every file a test reads lives under test/fixtures (each folder's SOURCE.md says where it comes from), so a
// clone of the repository tests itself. Resolved from this file, not process.cwd(), so any working directory works.
const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures');

export function fixturePath(relativePath: string): string {
  return join(FIXTURES, relativePath);
}

export function readFixture(relativePath: string): string {
  return readFileSync(fixturePath(relativePath), 'utf8');
}

/** A fresh parse on every call, so a test that mutates its copy never leaks into another. */
export function readJsonFixture<T = unknown>(relativePath: string): T {
  return JSON.parse(readFixture(relativePath)) as T;
}
