import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Pure library tests: no servers, browsers, child processes or module mocks (vi.mock) — keep it so (grep
 * before adding one here). They run first, in two reused processes (the forks pool with isolate: false): a
 * file no longer loads core, the catalogs and the scenario library again in a fresh worker. Measured
 * (2026-12-04, the 83 files, same minutes, load ~5-7): 235 s isolated -> 109 s, 214 -> 116 CPU s.
 * vitest 3.2 takes isolation from the pool's root options, not a project's, hence a pool of its own.
 */
const LIBRARY = ['packages/core/src/**/*.test.ts', 'packages/scenario/src/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: 'threads',
    // vitest's default is one worker fewer than the processors (one on a 2-core CI machine); many system
    // files wait on other processes (Chromium, redis-server, tshark, `dome` children, worker pools), so two
    // keep a 2-core machine busy (measured in bench/RESULTS.md: npm test wall time)
    poolOptions: { threads: { minThreads: 1, maxThreads: 2 }, forks: { minForks: 1, maxForks: 2, isolate: false } },
    projects: [
      { extends: true, test: { name: 'library', include: LIBRARY, pool: 'forks', sequence: { groupOrder: 0 } } },
      {
        // servers, browsers, `dome` children, Redis and module mocks: each file in its own worker thread, after the library
        extends: true,
        test: {
          name: 'system',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...LIBRARY],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
