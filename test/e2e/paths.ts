import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Resolved from this file rather than process.cwd() so tests work from any working directory,
// and from the repo rather than a fixed /work path so a checkout elsewhere keeps working.
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
