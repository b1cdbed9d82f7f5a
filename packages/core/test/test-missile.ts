import type { BallisticMissileSpec } from '../src/threats/missile.ts';
import type { GlideMissileSpec } from '../src/threats/glide.ts';
import type { FobsSpec } from '../src/threats/fobs.ts';

const DEG = Math.PI / 180;
const drag = { mach: [0, 0.8, 1.1, 2, 5, 10], cd: [0.2, 0.22, 0.45, 0.35, 0.25, 0.22] };

/** A generic three-stage solid ICBM for tests only (not a catalogue entry; numbers are round). */
export const testIcbm: BallisticMissileSpec = {
  kind: 'ballistic',
  rocket: {
    stages: [
      { propellantMass: 20000, dryMass: 2000, burnTime: 60, ispVacuum: 280, ispSeaLevel: 250 },
      { propellantMass: 8000, dryMass: 900, burnTime: 60, ispVacuum: 290 },
      { propellantMass: 2500, dryMass: 350, burnTime: 50, ispVacuum: 295 },
    ],
    payloadMass: 1000,
    referenceArea: Math.PI * 0.9 * 0.9,
    drag,
  },
  pitch: { verticalRiseTime: 4, kickDuration: 8 },
  objects: [
    { kind: 'warhead', count: 1, mass: 400, ballisticCoefficient: 10000 },
    { kind: 'decoy', count: 3, mass: 5, ballisticCoefficient: 50 },
  ],
  bus: { deployDelay: 20, releaseInterval: 10, separationSpeed: 1 },
  kickRange: [0.5 * DEG, 65 * DEG],
};

/** A test boost-glide missile: a two-stage booster and an HTV-2-like glider (L/D 2.6). */
export const testGlide: GlideMissileSpec = {
  kind: 'glide',
  rocket: {
    stages: [
      { propellantMass: 15000, dryMass: 1500, burnTime: 60, ispVacuum: 280, ispSeaLevel: 250 },
      { propellantMass: 5000, dryMass: 600, burnTime: 55, ispVacuum: 290 },
    ],
    payloadMass: 1000,
    referenceArea: Math.PI * 0.8 * 0.8,
    drag,
  },
  pitch: { verticalRiseTime: 4, kickDuration: 8 },
  glider: { mass: 1000, ballisticCoefficient: 10000, liftToDrag: 2.6, minGlideAltitude: 30e3, diveAngle: 30 * DEG },
  kickRange: [10 * DEG, 70 * DEG],
};

/** A test FOBS: a three-stage liquid rocket to a ~150 km orbit and a 200 m/s de-orbit burn. */
export const testFobs: FobsSpec = {
  kind: 'fobs',
  rocket: {
    stages: [
      { propellantMass: 120000, dryMass: 8000, burnTime: 120, ispVacuum: 300, ispSeaLevel: 270 },
      { propellantMass: 40000, dryMass: 3500, burnTime: 150, ispVacuum: 320 },
      { propellantMass: 6000, dryMass: 800, burnTime: 100, ispVacuum: 320 },
    ],
    payloadMass: 2000,
    referenceArea: Math.PI * 1.5 * 1.5,
    drag,
  },
  pitch: { verticalRiseTime: 10, kickDuration: 10, insertion: { fromStage: 1, altitude: 150e3 } },
  kickAngle: 12 * DEG,
  deorbitDeltaV: 200,
  warhead: { mass: 1500, ballisticCoefficient: 8000 },
};
