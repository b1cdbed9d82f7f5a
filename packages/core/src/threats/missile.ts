import type { PitchProgram } from './boost.ts';
import type { RocketSpec } from './rocket.ts';

/** An object the post-boost bus releases (SI). */
export interface ReleasedObjectSpec {
  kind: 'warhead' | 'decoy';
  count: number;
  /** [kg] */
  mass: number;
  /** beta = m / (Cd A) [kg/m^2]: a heavy, slender re-entry vehicle ~1e4, a light balloon decoy ~10s. */
  ballisticCoefficient: number;
}

/** The post-boost vehicle: after burnout it releases its objects one by one with small separation velocities. */
export interface BusSpec {
  /** Time from burnout to the first release [s]. */
  deployDelay: number;
  /** Time between releases [s]. */
  releaseInterval: number;
  /** Separation speed given to each object after the first, relative to the bus [m/s]. */
  separationSpeed: number;
}

/** A ballistic missile as data: rocket, pitch program, post-boost bus and payload. */
export interface BallisticMissileSpec {
  kind: 'ballistic';
  rocket: RocketSpec;
  pitch: PitchProgram;
  objects: readonly ReleasedObjectSpec[];
  bus: BusSpec;
  /** Kick angles the targeting search may use [rad]: [most lofted, most depressed]. */
  kickRange: readonly [number, number];
}
