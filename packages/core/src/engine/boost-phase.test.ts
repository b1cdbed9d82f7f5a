import { describe, expect, it } from 'vitest';
import { testIcbm } from '../../test/test-missile.ts';
import type { CoalitionPolicy, NationPolicy } from '../c2/national-policy.ts';
import { DEG } from '../constants.ts';
import { Random } from '../random/sfc32.ts';
import { threatTrackFromHistory } from '../space/threat-track.ts';
import { REAL_EARTH } from '../geo/earth-model.ts';
import { flyMissile } from '../threats/missile-flight.ts';
import type { SpaceInterceptorSpec } from '../weapons/space/space-interceptor.ts';
import { flyBoostPhase } from './engagement-steps.ts';
import type { EngineEvent } from './events.ts';
import type { World } from './world.ts';

// The test SBI of boost-phase-reach.test.ts (round numbers, not a catalog entry) on a dense shell over
// the launch site, so that the boost is in reach of several satellites.
const sbi: SpaceInterceptorSpec = {
  deltaV: 4000,
  acceleration: 100,
  killVehicleMass: 60,
  detectionLatency: 30,
  decisionLatency: 30,
  arrivalMargin: 10,
  minInterceptAltitude: 80e3,
};
const site = { latitude: 39.66 * DEG, longitude: 124.7 * DEG, altitude: 0 };
const flight = flyMissile(testIcbm, { azimuth: 40 * DEG, kickAngle: 40 * DEG, finalBurnFraction: 1 }, site, {
  earth: REAL_EARTH,
  recordHistory: true,
});
const ascent = threatTrackFromHistory(
  flight.history as NonNullable<typeof flight.history>,
  REAL_EARTH,
  flight.boost.t,
  flight.boost.t + 60,
  1,
);

const us = (approvalDelay: number, defend: string[]): NationPolicy =>
  ({
    nation: 'US',
    name: 'US',
    territory: [],
    engagement: [{ defend }],
    sharing: [],
    priorities: { assets: {}, nations: {}, defaultWeight: 1 },
    ...(approvalDelay > 0 ? { approval: { delay: approvalDelay, ownAssets: true, overTerritory: 'open' } } : {}),
  }) as NationPolicy;
const policy = (approvalDelay: number, defend = ['US']): CoalitionPolicy => ({
  name: 'test',
  nations: { US: us(approvalDelay, defend) },
  defended: [],
  assets: [{ id: 'sbi', owner: 'US', kind: 'interceptor', assetClass: 'space' }],
});

function world(p: CoalitionPolicy): World {
  return {
    earth: REAL_EARTH,
    policy: p,
    doctrine: { shotsPerThreat: 2 },
    missiles: [
      {
        id: 'm1',
        type: 'test-icbm',
        launchTime: 100,
        site,
        aimedAt: { nation: 'US', id: 'city' },
        burnoutTime: ascent.burnoutTime,
        ascent,
        objects: ['m1/rv0'],
      },
    ],
    spaceLayers: [
      {
        id: 'sbi',
        owner: 'US',
        assetClass: 'space',
        shell: { altitude: 400e3, inclination: 45 * DEG, planes: 24, perPlane: 60, phasing: 1 },
        interceptor: sbi,
        singleShotPk: 0.7,
      },
    ],
  } as unknown as World;
}

function engage(p: CoalitionPolicy): EngineEvent[] {
  const events: EngineEvent[] = [];
  const w = world(p);
  flyBoostPhase(w, w.missiles, new Random(7), events, new Map());
  return events;
}

describe('boost-phase engagements log the cue they fire on', () => {
  it('a detect of the missile by the layer at launch + detection latency comes before its assignment and every shot', () => {
    const log = engage(policy(0));
    const fires = log.filter((e) => e.type === 'fire');
    expect(fires.length).toBeGreaterThan(0);
    const cues = log.filter((e) => e.type === 'detect');
    expect(cues).toEqual([{ t: 100 + sbi.detectionLatency, type: 'detect', object: 'm1', sensor: 'sbi', owner: 'US' }]);
    const cueAt = log.indexOf(cues[0]);
    const assignAt = log.findIndex((e) => e.type === 'assign');
    // same time as the assignment, logged before it (a stable sort by time keeps the order)
    expect(cueAt).toBeLessThan(assignAt);
    expect(log[assignAt].t).toBe(cues[0].t);
    // the shot waits for the decision latency after the cue
    for (const f of fires) expect(f.t).toBe(cues[0].t + sbi.decisionLatency);
  });

  it('an approval delays the shot, not the cue', () => {
    const log = engage(policy(20));
    const cue = log.find((e) => e.type === 'detect') as EngineEvent;
    expect(cue.t).toBe(130);
    const fires = log.filter((e) => e.type === 'fire');
    expect(fires.length).toBeGreaterThan(0);
    for (const f of fires) expect(f.t).toBe(130 + sbi.decisionLatency + 20);
  });

  it('a layer that may not engage logs no cue (it fires nothing)', () => {
    const log = engage(policy(0, ['CA']));
    expect(log.some((e) => e.type === 'refuse')).toBe(true);
    expect(log.some((e) => e.type === 'detect' || e.type === 'fire')).toBe(false);
  });

  it('the cue draws no random number: the outcomes of the shots are those of the same seed without it', () => {
    const log = engage(policy(0));
    // flyBoostPhase draws one number per shot, in shot order: replay them
    const rng = new Random(7);
    for (const i of log.filter((e) => e.type === 'intercept')) expect(i.hit).toBe(rng.next() < 0.7);
  });
});
