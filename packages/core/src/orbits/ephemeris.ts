import { WGS84_A } from '../constants.ts';
import { circularPosition, j2SecularRates } from './j2-secular.ts';

/**
 * Where each satellite of a constellation is, as a function of time: ECI positions [m] at t [s] after
 * the scenario epoch (ECEF = Rz(theta0 + omega t) ECI, as everywhere in core). The reach and sizing
 * code asks one satellite at a time so that it can cull by geometry and never propagate satellites
 * that are out of play.
 */
export interface Ephemeris {
  readonly count: number;
  /** Writes satellite i's ECI position at time t into out[o..o+2]. */
  position(i: number, t: number, out: Float64Array, o?: number): void;
  /** An upper bound on any satellite's inertial speed [m/s] (culling uses it). */
  readonly maxSpeed: number;
  /**
   * Optional geometric index: writes into `out` every satellite whose position at t may lie within
   * `radius` of `point` (a superset is allowed, never a subset) and returns how many. Without it,
   * callers test every satellite.
   */
  near?(t: number, point: ArrayLike<number>, radius: number, out: Int32Array): number;
}

/** A Walker delta shell i: t/p/f of circular orbits (Walker, J. Brit. Interplanet. Soc. 37, 1984). */
export interface WalkerShell {
  altitude: number;
  inclination: number;
  planes: number;
  perPlane: number;
  /** Phasing factor f in 0..planes-1. */
  phasing: number;
  /** RAAN of plane 0 at t = 0 [rad]. */
  raan0?: number;
}

/**
 * Circular Walker-delta satellites under J2 secular rates (j2SecularRates with e = 0; Vallado, 4th ed.,
 * eqs. 9-41, 9-42), positioned by circularPosition, with a plane-window index for culling: plane p has RAAN0 = raan0 + 2 pi p / P; satellite j in it has argument of latitude
 * u0 = 2 pi j / S + 2 pi f p / (P S); RAAN rate = -2 k cos i, u rate = n + k (5 cos^2 i - 1) +
 * k (3 cos^2 i - 1), with n = sqrt(mu/a^3), k = 3/4 n J2 (Re/a)^2 (the same propagation as W2).
 */
export class WalkerEphemeris implements Ephemeris {
  readonly count: number;
  readonly maxSpeed: number;
  readonly radius: number;
  private readonly raan0: Float64Array;
  private readonly u0: Float64Array;
  private readonly raanRate: number;
  private readonly uRate: number;
  private readonly cosI: number;
  private readonly sinI: number;

  constructor(readonly shell: WalkerShell) {
    const { planes: P, perPlane: S } = shell;
    if (!(Number.isInteger(P) && P >= 1 && Number.isInteger(S) && S >= 1))
      throw new Error(`a Walker shell needs whole planes and satellites per plane (got ${P} x ${S})`);
    const a = WGS84_A + shell.altitude;
    this.radius = a;
    const rates = j2SecularRates(a, 0, shell.inclination);
    this.cosI = Math.cos(shell.inclination);
    this.sinI = Math.sin(shell.inclination);
    this.raanRate = rates.raanRate;
    this.uRate = rates.argLatRate;
    this.count = P * S;
    this.maxSpeed = this.uRate * a * 1.001;
    this.raan0 = new Float64Array(this.count);
    this.u0 = new Float64Array(this.count);
    for (let p = 0; p < P; p++) {
      for (let j = 0; j < S; j++) {
        const i = p * S + j;
        this.raan0[i] = (shell.raan0 ?? 0) + (2 * Math.PI * p) / P;
        this.u0[i] = (2 * Math.PI * j) / S + (2 * Math.PI * shell.phasing * p) / this.count;
      }
    }
  }

  /**
   * Satellites within `radius` of `point` at t, found plane by plane without visiting the others: a
   * satellite at argument of latitude u is within the radius when cos(u - phi) >= c / rho, with
   * (rho, phi) the point's projection on the orbit plane and c = (a^2 + |point|^2 - radius^2) / 2a,
   * so each plane contributes one window of u, i.e. a run of consecutive slots.
   */
  near(t: number, point: ArrayLike<number>, radius: number, out: Int32Array): number {
    const { planes: P, perPlane: S } = this.shell;
    const a = this.radius;
    const px = point[0],
      py = point[1],
      pz = point[2];
    const c = (a * a + px * px + py * py + pz * pz - radius * radius) / (2 * a);
    const slot = (2 * Math.PI) / S;
    let n = 0;
    for (let p = 0; p < P; p++) {
      const i0 = p * S;
      const raan = this.raan0[i0] + this.raanRate * t;
      const cO = Math.cos(raan),
        sO = Math.sin(raan);
      const x = px * cO + py * sO;
      const y = (-px * sO + py * cO) * this.cosI + pz * this.sinI;
      const rho = Math.hypot(x, y);
      if (c > rho) continue; // the whole plane is farther than the radius
      if (c <= -rho) {
        for (let j = 0; j < S; j++) out[n++] = i0 + j;
        continue;
      }
      const half = Math.acos(c / rho);
      const phi = Math.atan2(y, x);
      const base = this.u0[i0] + this.uRate * t;
      const lo = Math.ceil((phi - half - base) / slot - 1e-9);
      const hi = Math.floor((phi + half - base) / slot + 1e-9);
      const count = Math.min(S, hi - lo + 1);
      for (let k = 0; k < count; k++) out[n++] = i0 + ((((lo + k) % S) + S) % S);
    }
    return n;
  }

  position(i: number, t: number, out: Float64Array, o = 0): void {
    const raan = this.raan0[i] + this.raanRate * t;
    const u = this.u0[i] + this.uRate * t;
    circularPosition(this.radius, Math.cos(raan), Math.sin(raan), this.cosI, this.sinI, u, out, o);
  }
}
