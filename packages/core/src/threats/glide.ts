import { MU_EARTH } from '../constants.ts';
import { solveNewton } from '../numerics/roots.ts';
import { greatCircleDistance, initialAzimuth, northEastOffset } from '../geo/great-circle.ts';
import { flyToImpact, type UnpoweredFlight } from './ballistic.ts';
import { type BoostControls, type BoostResult, flyBoost, type PitchProgram } from './boost.ts';
import { type GeoPoint } from '../geo/place.ts';
import type { AeroState, LiftLaw } from './dynamics.ts';
import { compassHeading, type EarthModel } from '../geo/earth-model.ts';
import type { RocketSpec } from './rocket.ts';
import { StateHistory } from './state-history.ts';

/** The glide vehicle a boost-glide missile releases (SI). */
export interface GliderSpec {
  mass: number;
  /** beta = m / (Cd S) at the glide angle of attack [kg/m^2]. */
  ballisticCoefficient: number;
  /** Lift-to-drag ratio at the glide angle of attack (held: the vehicle flies at this L/D or less). */
  liftToDrag: number;
  /** Lowest altitude it holds while gliding [m] (the floor of its glide band). */
  minGlideAltitude: number;
  /** Line-of-sight angle below the horizontal at which it starts its terminal dive [rad]. */
  diveAngle: number;
}

/** A hypersonic boost-glide missile: a rocket booster and the glider it releases. */
export interface GlideMissileSpec {
  kind: 'glide';
  rocket: RocketSpec;
  pitch: PitchProgram;
  glider: GliderSpec;
  kickRange: readonly [number, number];
}

// Guidance gains: flight-path and heading errors decay with time constants of 10 s and 20 s.
const K_GAMMA = 0.1;
const K_HEADING = 0.05;

/**
 * Glide guidance as a lift law. The vehicle flies at fixed angle of attack (fixed beta and L/D) and
 * modulates its lift vector: the vertical part tracks a commanded flight-path angle (0 in the glide,
 * which settles it on the equilibrium glide where lift balances weight less centrifugal relief; the
 * pull-up after re-entry is this same law saturated), the lateral part turns it towards the target;
 * when the target is within the dive angle it follows the line of sight down (pursuit). The total
 * never exceeds L/D times the drag.
 */
export class GlideGuidance implements LiftLaw {
  diving = false;
  diveStartTime = NaN;
  /** Set false to glide without a target (range studies). */
  constructor(
    private readonly glider: GliderSpec,
    private readonly target: GeoPoint | null,
  ) {}

  liftAcceleration(s: AeroState, out: Float64Array): void {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    const available = this.glider.liftToDrag * s.dragAcceleration;
    if (!(available > 0) || !(s.speedRel > 0)) return;
    const r = Math.hypot(s.r[0], s.r[1], s.r[2]);
    const rx = s.r[0] / r,
      ry = s.r[1] / r,
      rz = s.r[2] / r;
    const v = s.speedRel;
    const vx = s.vRel[0] / v,
      vy = s.vRel[1] / v,
      vz = s.vRel[2] / v;
    const sinGamma = vx * rx + vy * ry + vz * rz;
    const gamma = Math.asin(Math.max(-1, Math.min(1, sinGamma)));
    // vertical lift direction: r projected normal to v; lateral: v x r (to the right of the track)
    let nx = rx - sinGamma * vx,
      ny = ry - sinGamma * vy,
      nz = rz - sinGamma * vz;
    const nn = Math.hypot(nx, ny, nz);
    nx /= nn;
    ny /= nn;
    nz /= nn;
    const lx = vy * rz - vz * ry,
      ly = vz * rx - vx * rz,
      lz = vx * ry - vy * rx;
    const ln = Math.hypot(lx, ly, lz);

    let gammaCommand = 0;
    let headingError = 0;
    const tgt = this.target;
    if (tgt !== null) {
      const d = greatCircleDistance(s.latitude, s.longitude, tgt.latitude, tgt.longitude);
      const lineOfSight = Math.atan2(s.altitude - tgt.altitude, d);
      // the dive is armed only inside the atmosphere (below the 100 km interface): above it there is no lift to dive with
      if (!this.diving && s.altitude < 100e3 && lineOfSight >= this.glider.diveAngle) {
        this.diving = true;
        this.diveStartTime = s.t;
      }
      if (this.diving) gammaCommand = -lineOfSight;
      const heading = compassHeading(s.theta, s.vRel[0], s.vRel[1], s.vRel[2], s.latitude, s.longitude);
      const bearing = initialAzimuth(s.latitude, s.longitude, tgt.latitude, tgt.longitude);
      headingError = Math.atan2(Math.sin(bearing - heading), Math.cos(bearing - heading));
    }
    if (!this.diving && s.altitude < this.glider.minGlideAltitude) {
      gammaCommand = Math.min(0.1, (this.glider.minGlideAltitude - s.altitude) / 50e3);
    }
    const gravityLessCentrifugal = MU_EARTH / (r * r) - (v * v) / r;
    let vertical = gravityLessCentrifugal * Math.cos(gamma) + K_GAMMA * v * (gammaCommand - gamma);
    vertical = this.diving ? Math.max(-available, Math.min(available, vertical)) : Math.max(0, Math.min(available, vertical));
    const lateralRoom = Math.sqrt(Math.max(0, available * available - vertical * vertical));
    const lateral = Math.max(-lateralRoom, Math.min(lateralRoom, K_HEADING * v * headingError));
    out[0] = vertical * nx + (lateral * lx) / ln;
    out[1] = vertical * ny + (lateral * ly) / ln;
    out[2] = vertical * nz + (lateral * lz) / ln;
  }
}

export interface GlideFlight {
  boost: BoostResult;
  glide: UnpoweredFlight;
  history: StateHistory;
  guidance: GlideGuidance;
}

/** Flies a boost-glide missile: boost, release, re-entry and pull-up, glide, terminal dive to impact. */
export function flyGlideMissile(
  spec: GlideMissileSpec,
  controls: BoostControls,
  site: GeoPoint,
  target: GeoPoint | null,
  options: { earth: EarthModel; record?: boolean },
): GlideFlight {
  const history = new StateHistory();
  const rec = options.record === false ? undefined : history;
  const rocket = { ...spec.rocket, payloadMass: spec.glider.mass };
  const boost = flyBoost(rocket, spec.pitch, controls, site, { earth: options.earth, history: rec });
  const guidance = new GlideGuidance(spec.glider, target);
  const glide = flyToImpact(
    boost.state,
    boost.t,
    { ballisticCoefficient: spec.glider.ballisticCoefficient, lift: guidance },
    {
      earth: options.earth,
      groundAltitude: target?.altitude ?? 0,
      history: rec,
      hMax: 5,
      rtol: 1e-9,
      tMax: boost.t + 4 * 3600,
    },
  );
  return { boost, glide, history, guidance };
}

export type GlideAimResult =
  | { ok: true; controls: BoostControls; flight: GlideFlight; missDistance: number; maxRange: number }
  | { ok: false; reason: string; maxRange: number };

/**
 * Chooses the boost loft that gives the glider its longest reach towards the target (the glider's
 * own guidance then steers and dives onto the target), and reports "out of range" beyond that reach.
 */
export function aimGlideMissile(spec: GlideMissileSpec, site: GeoPoint, target: GeoPoint, options: { earth: EarthModel }): GlideAimResult {
  const azimuth = initialAzimuth(site.latitude, site.longitude, target.latitude, target.longitude);
  const distance = greatCircleDistance(site.latitude, site.longitude, target.latitude, target.longitude);
  const reach = (kick: number): number => {
    const f = flyGlideMissile(spec, { azimuth, kickAngle: kick, finalBurnFraction: 1 }, site, null, {
      earth: options.earth,
      record: false,
    });
    if (f.boost.failure || !f.glide.impact) return 0;
    return greatCircleDistance(site.latitude, site.longitude, f.glide.impact.latitude, f.glide.impact.longitude);
  };
  // coarse scan then golden refinement: the reach is not always unimodal near the depressed end
  const [a, b] = spec.kickRange;
  let bestK = a,
    best = -1;
  const n = 12;
  for (let i = 0; i <= n; i++) {
    const k = a + ((b - a) * i) / n;
    const r = reach(k);
    if (r > best) {
      best = r;
      bestK = k;
    }
  }
  const lo = Math.max(a, bestK - (b - a) / n),
    hi = Math.min(b, bestK + (b - a) / n);
  const gphi = (Math.sqrt(5) - 1) / 2;
  let c = hi - gphi * (hi - lo),
    d = lo + gphi * (hi - lo),
    x0 = lo,
    x1 = hi;
  let fc = reach(c),
    fd = reach(d);
  while (x1 - x0 > 1e-3) {
    if (fc > fd) {
      x1 = d;
      d = c;
      fd = fc;
      c = x1 - gphi * (x1 - x0);
      fc = reach(c);
    } else {
      x0 = c;
      c = d;
      fc = fd;
      d = x0 + gphi * (x1 - x0);
      fd = reach(d);
    }
  }
  const kStar = fc > fd ? c : d;
  const maxRange = Math.max(best, fc, fd);
  const km = (m: number): string => `${(m / 1000).toFixed(0)} km`;
  if (distance > maxRange) {
    return {
      ok: false,
      reason: `target is out of range: ${km(distance)} away, but the glider's longest reach towards it is ${km(maxRange)}`,
      maxRange,
    };
  }
  // Too much energy overshoots: the glider would fly past before its dive. Loft the boost more (a
  // smaller kick, on the lofted side of the best one) until the guided flight's impact lands on the
  // target: bisection on the signed along-track miss, bracketed by the scan.
  const guided = (kick: number, az = azimuth): { flight: GlideFlight; along: number } => {
    const flight = flyGlideMissile(spec, { azimuth: az, kickAngle: kick, finalBurnFraction: 1 }, site, target, {
      earth: options.earth,
      record: false,
    });
    const imp = flight.glide.impact;
    if (flight.boost.failure || !imp) return { flight, along: -distance };
    return { flight, along: greatCircleDistance(site.latitude, site.longitude, imp.latitude, imp.longitude) - distance };
  };
  let hiK = kStar;
  let kick = kStar;
  if (guided(hiK).along > 0) {
    let loK = a;
    for (let i = n; i >= 0; i--) {
      const k = a + ((b - a) * i) / n;
      if (k >= hiK) continue;
      if (guided(k).along <= 0) {
        loK = k;
        break;
      }
      hiK = k;
    }
    for (let it = 0; it < 40 && hiK - loK > 1e-6; it++) {
      const mid = 0.5 * (loK + hiK);
      const al = guided(mid).along;
      if (al > 0) hiK = mid;
      else loK = mid;
      if (Math.abs(al) < 1000) {
        hiK = mid;
        break;
      }
    }
    kick = hiK;
  }
  // Then launch azimuth and loft together, so that Earth rotation's drift during the ballistic part
  // does not leave the glider's limited lateral lift to correct it: Newton on the north/east miss.
  const residual = (x: readonly number[]): number[] | null => {
    const f = flyGlideMissile(spec, { azimuth: x[0], kickAngle: x[1], finalBurnFraction: 1 }, site, target, {
      earth: options.earth,
      record: false,
    });
    const imp = f.glide.impact;
    if (f.boost.failure || !imp) return null;
    return northEastOffset(imp.latitude, imp.longitude, target.latitude, target.longitude);
  };
  const sol = solveNewton({ residual, steps: [1e-5, 1e-5], lower: [azimuth - 0.3, a], upper: [azimuth + 0.3, b] }, [azimuth, kick], 20, 30);
  const controls = { azimuth: sol.x[0], kickAngle: sol.x[1], finalBurnFraction: 1 };
  const flight = flyGlideMissile(spec, controls, site, target, { earth: options.earth });
  const impact = flight.glide.impact;
  const missDistance = impact ? greatCircleDistance(impact.latitude, impact.longitude, target.latitude, target.longitude) : Infinity;
  return { ok: true, controls, flight, missDistance, maxRange };
}

/**
 * Equilibrium-glide range, the Breguet-type estimate for boost-glide vehicles: in an equilibrium
 * glide lift balances weight less centrifugal relief, L = m (g - v^2/r), and D = L / (L/D), so
 * dv/dt = -(g - v^2/r) / (L/D) and ds = v dt integrate to
 * s = (L/D) (r/2) ln[(g - vf^2/r) / (g - v0^2/r)] from speed v0 to vf at radius r
 * (the Eggers form; cf. Tracy & Wright, Science & Global Security 28(3), 2020, appendix).
 */
export function equilibriumGlideRange(liftToDrag: number, v0: number, vf: number, r: number, g: number): number {
  return ((liftToDrag * r) / 2) * Math.log((g - (vf * vf) / r) / (g - (v0 * v0) / r));
}
