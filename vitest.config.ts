import { defineConfig } from 'vitest/config';

// One run covers everything: pure unit tests (signer, vectors, XML) and the live
// tests, which get their servers from the global setup (test/servers/).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/build-setup.ts', 'test/servers/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
