import { describe, expect, it } from 'vitest';
import { type EngineEvent, runTrial, type World } from '@golden-dome/core';
import { buildWorld, type WorldRequest } from './build-world.ts';
import { alaskaCaliforniaBatteries, smallRaidRequest } from './small-raid.ts';

// A small raid for the engine's proofs (small-raid.ts): two Hwasong-17-class ICBMs, each a warhead and
// four decoys, against US midcourse batteries in Alaska and California.
// These are the truth-tracks engine's proofs (tracks follow the truth, kills known at once);
// estimated-trial.test.ts proves the closed kill chain.
const base: WorldRequest = { ...smallRaidRequest(), tracks: 'truth' };
const withBatteries = (n: number): WorldRequest => ({ ...smallRaidRequest(alaskaCaliforniaBatteries(n)), tracks: 'truth' });

const undefended = buildWorld(base);
const defended = buildWorld({
  ...withBatteries(40),
  doctrine: { shotsPerThreat: 8, shootLookShoot: false, killAssessmentDelay: 60, reserveFraction: 0 },
});

const warheadImpacts = (log: EngineEvent[]): number => log.filter((e) => e.type === 'impact' && e.kind === 'warhead').length;

describe('the engagement engine', () => {
  it('builds the world once: every missile releases its warhead and decoys, with flights that end at impact', () => {
    expect(undefended.missiles).toHaveLength(2);
    expect(undefended.objects.filter((o) => o.kind === 'warhead')).toHaveLength(2);
    expect(undefended.objects.filter((o) => o.kind === 'decoy').length).toBe(8);
    for (const o of undefended.objects) expect(o.impactTime).toBeGreaterThan(1000);
  });

  it('is deterministic: the same world and seed give the identical log; another seed another log', () => {
    const a = JSON.stringify(runTrial(defended, 7));
    const b = JSON.stringify(runTrial(defended, 7));
    expect(a).toBe(b);
    // a world that went through structured cloning (what a worker receives) gives the same log
    const cloned = structuredClone(defended) as World;
    expect(JSON.stringify(runTrial(cloned, 7))).toBe(a);
    const logs = new Set([1, 2, 3, 4, 5].map((s) => JSON.stringify(runTrial(defended, s))));
    expect(logs.size).toBeGreaterThan(1);
  });

  it('the log is time-ordered and tells the story: launch, detection, track, fire, intercept, impact', () => {
    const log = runTrial(defended, 11);
    for (let i = 1; i < log.length; i++) expect(log[i].t).toBeGreaterThanOrEqual(log[i - 1].t);
    const types = new Set(log.map((e) => e.type));
    for (const t of ['launch', 'burnout', 'detect', 'track', 'assign', 'fire', 'intercept', 'kill-assess'])
      expect(types.has(t as EngineEvent['type'])).toBe(true);
    // every shot is fired after the track that allowed it
    for (const f of log.filter((e): e is Extract<EngineEvent, { type: 'fire' }> => e.type === 'fire')) {
      const track = log.find((e) => e.type === 'track' && e.object === f.object);
      expect(track && track.t <= f.t + 1e-6).toBe(true); // window edges are located to 1e-6 s
    }
  });

  it('an undefended raid leaks every warhead; an overwhelming defense leaks none', () => {
    for (const seed of [1, 2, 3]) expect(warheadImpacts(runTrial(undefended, seed))).toBe(2);
    // 8 shots at each of the 10 objects (decoys are not discriminated): the chance a warhead survives
    // 8 independent shots at Pk ~0.53 is 0.47^8 ~ 0.2 %: over 10 trials, leakers should be ~0
    let leaked = 0;
    for (let seed = 1; seed <= 10; seed++) leaked += warheadImpacts(runTrial(defended, seed));
    expect(leaked).toBeLessThanOrEqual(1);
  });

  it('leakage falls as interceptors are added', () => {
    const leakage = (rounds: number): number => {
      const world = buildWorld(withBatteries(rounds));
      let sum = 0;
      for (let seed = 1; seed <= 20; seed++) sum += warheadImpacts(runTrial(world, seed));
      return sum / 20;
    };
    const l1 = leakage(1),
      l4 = leakage(4),
      l10 = leakage(10);
    // with 2 rounds for 10 objects (8 of them decoys), most fire goes at decoys: leakage stays high
    expect(l1).toBeGreaterThan(l10);
    expect(l4).toBeGreaterThanOrEqual(l10);
    expect(l1).toBeGreaterThan(1);
  });
});
