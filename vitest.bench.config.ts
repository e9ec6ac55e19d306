import { defineConfig } from 'vitest/config';

// `npm run bench`: the production build's sizes and popup timing, as JSON lines on stdout (bench/).
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    disableConsoleIntercept: true,
  },
});
