/**
 * Trials run on a test's own thread, counted: a test file mocks core with {@link countingCore}, whose
 * runTrial counts each call in {@link here} and runs core's. The trial pool's worker threads load their
 * own core, so only the test thread's calls (an edge that ran a trial itself) are counted. In a test file:
 *
 *   vi.mock('@golden-dome/core', async (original) => (await import('./trials-here.ts')).countingCore(original));
 */
import type * as Core from '@golden-dome/core';

export const here = { trials: 0 };

export async function countingCore(importOriginal: () => Promise<unknown>): Promise<typeof Core> {
  const core = (await importOriginal()) as typeof Core;
  return {
    ...core,
    runTrial: (...args: Parameters<typeof core.runTrial>) => {
      here.trials += 1;
      return core.runTrial(...args);
    },
  };
}
