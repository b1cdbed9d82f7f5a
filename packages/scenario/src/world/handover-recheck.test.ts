import { describe, expect, it } from 'vitest';
import { type EngineEvent, runTrial } from '@golden-dome/core';
import { join } from 'node:path';
import { buildScenarioWorld, loadScenario, SCENARIO_DIR } from '../scenario/scenario-loader.ts';

// After a miss, the next shot (a planned follow-up, or the hand-over to a lower layer) is a new decision to
// engage, taken on the P(warhead) the track holds at the kill assessment (core/engine/estimated-trial.ts):
// a track that looks since have judged a decoy (P below engage_warhead_probability) is not engaged again,
// and the round stays with its battery. The layered reference raid (decoys; SBX, the terminal batteries'
// radars and Aegis discriminate; midcourse misses hand over to THAAD and PAC-3) has such declines.
const world = buildScenarioWorld(loadScenario(join(SCENARIO_DIR, 'nk-2029-salvo-layered.yaml')));
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('a hand-over re-checks P(warhead) at the kill assessment', () => {
  const logs = SEEDS.map((seed) => runTrial(world, seed));
  const threshold = world.settings.tracker?.engageWarheadProbability ?? 0.1;

  it('declines the next shot at a track judged a decoy since, logged at the assessment of the miss, and fires no more at it', () => {
    let declines = 0;
    for (const log of logs) {
      const missed = log.filter((e): e is Extract<EngineEvent, { type: 'kill-assess' }> => e.type === 'kill-assess' && !e.killed);
      for (const e of log) {
        if (e.type !== 'track' || e.engage !== false) continue;
        // a decline of a next shot: at the time a miss of that nation's shot was assessed
        if (!missed.some((k) => k.t === e.t && k.nation === e.nation)) continue;
        declines += 1;
        expect(e.pWarhead).toBeLessThan(threshold);
        // no later shot of that nation at the object the declined track follows
        const later = log.filter((f) => f.type === 'fire' && f.t > e.t && f.object === e.object && f.owner === e.nation);
        expect(later).toEqual([]);
      }
    }
    // without the re-check there are none: the test can fail (3 in seeds 1-20 when written: seeds 1, 3 and 9)
    expect(declines).toBeGreaterThan(0);
  });

  it('is a decision on decoys here: every declined track follows a decoy', () => {
    const declined = logs.flatMap((log) =>
      log.filter((e) => e.type === 'track' && e.engage === false && log.some((k) => k.type === 'kill-assess' && !k.killed && k.t === e.t)),
    );
    expect(declined.length).toBeGreaterThan(0);
    for (const e of declined) expect((e as { object: string }).object).toMatch(/decoy/);
  });
});
