import { defineConfig } from 'vitest/config';

// `npm run screenshots`: store screenshots of the production build (bench/screenshots.ts); never part of npm test.
export default defineConfig({
  test: {
    include: ['bench/screenshots.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
