import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code. Node-side tests run in node; renderer tests
// opt into jsdom with a `// @vitest-environment jsdom` docblock.
export default defineConfig({
  test: {
    include: [
      'checks/**/*.test.ts',
      'electron/**/*.test.ts',
      'models/**/*.test.ts',
      'renderer/src/**/*.test.{ts,tsx}',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
  oxc: { jsx: { runtime: 'automatic' } },
});
