import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
    // vitest's default is one thread fewer than the processors (one thread on a 2-core CI machine); many
    // files wait on other processes (Chromium, redis-server, tshark, `dome` children, worker pools), so two
    // threads keep a 2-core machine busy (measured in bench/RESULTS.md: npm test wall time)
    poolOptions: { threads: { minThreads: 1, maxThreads: 2 } },
  },
});
