import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'protocol/src/**/*.test.ts',
      'tracker-server/src/**/*.test.ts',
      'tracker-server/fuzz/**/*.test.ts',
      'tracker-server/bench/**/*.test.ts',
      'web-client/src/**/*.test.ts',
      'playwright-tests/experiment/**/*.test.ts',
    ],
    testTimeout: 20_000,
  },
});
