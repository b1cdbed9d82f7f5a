import {
  earthAngle,
  ecefToGeodetic,
  type EngineEvent,
  eventsVisibleTo,
  firstSeenObjects,
  flyoutDistance,
  geodeticToEcef,
  interceptorPosition,
  launchSiteEci,
  type NationCode,
  pathFromSamples,
  StateHistory,
  type ThreatPath,
  toEcef,
  toEci,
  WalkerEphemeris,
  type World,
} from '@golden-dome/core';
import type { PositionReport } from '@golden-dome/core/protocol';
import { angle } from './scene.ts';

/** One object on the picture at a time t: the protocol's one PositionReport (radians, metres). */
export type { PositionReport };

/** An object a nation may see, with when, and where in ECEF [m] at a time t (DIS reads these; positionsAt draws them). */
export interface VisibleObject {
  /** A threat object's world id, or an interceptor's `weapon/object/shot`. */
  id: string;
  kind: PositionReport['kind'];
  from: number;
  until: number;
  /** The object's world id (a threat) or the battery that fired (an interceptor). */
  source: string;
  ecefAt(t: number, out: Float64Array): Float64Array;
}

interface ThreatWindow {
  id: string;
  missile: string;
  from: number;
  until: number;
  path: ThreatPath;
  flight: Float64Array;
}

/** An interceptor's fly-out, sampled once when first drawn: ECEF [m] every FLYOUT_STEP_S from `from`. */
interface InterceptorLeg {
  id: string;
  weapon: string;
  from: number;
  until: number;
  /** ECEF [m] of the fly-out at `from + k·step`, the last at `until`; computed on first use. */
  samples?: Float64Array;
  sample: () => Float64Array;
  /** Where the fly-out is at t, ECI [m], exactly (the model the samples are taken from). */
  eciAt: (t: number, out: Float64Array) => void;
}

/** Step of an interceptor's sampled fly-out [s]: a coast arc's chord between samples sags g·dt²/8 ≈ 30 m, far below a pixel. */
export const FLYOUT_STEP_S = 5;

/**
 * What one nation's users may receive of one trial: its filtered event log (eventsVisibleTo, the same
 * sharing predicates the battle managers plan with) and the objects it may see, with when.
 *
 *  - A threat object is visible from the first `detect` or `track` of it in the nation's filtered log
 *    (its own or a shared sensor; a shared one after the share's delay) until its impact or a
 *    `kill-assess` with `killed` that the nation receives (its own, or a partner's that shares its
 *    engagements with it). Its position and inertial speed are read from the world's recorded flight
 *    (core's pathFromSamples); the server flies nothing.
 *  - The nation's own interceptors are visible from their `fire` to their `intercept` (both in the
 *    nation's filtered log), on the fly-out core's models give for that shot: a surface interceptor on
 *    its kinematic profile from its battery to the intercept point (core's interceptorPosition: the
 *    boost along the fly-out path, then the coast conic, as fire control planned it); a space-based
 *    interceptor from its satellite (the layer's Walker ephemeris) straight at the intercept point in
 *    the satellite's free-falling frame (core's flyoutDistance: the model the space layer engages with).
 */
export class NationView {
  readonly events: EngineEvent[];
  private readonly threats: ThreatWindow[] = [];
  private readonly interceptors: InterceptorLeg[] = [];

  /** `filtered`: `log` is already what eventsVisibleTo releases to `nation` (computed on the trial pool: pool-tasks.ts). */
  constructor(
    readonly world: World,
    readonly nation: NationCode,
    log: readonly EngineEvent[],
    filtered = false,
  ) {
    this.events = filtered ? [...log] : eventsVisibleTo(world.policy, nation, world, log);
    const firstSeen = firstSeenObjects(this.events);
    const gone = new Map<string, number>();
    const fires = new Map<string, EngineEvent & { type: 'fire' }>();
    for (const e of this.events) {
      if (e.type === 'kill-assess' && e.killed && !gone.has(e.object)) gone.set(e.object, e.t);
      if (e.type === 'fire' && e.owner === nation) fires.set(`${e.weapon}|${e.object}|${e.shot}`, e);
      if (e.type === 'intercept') {
        const fire = fires.get(`${e.weapon}|${e.object}|${e.shot}`);
        const leg = fire && this.flyout(fire, e);
        if (leg) this.interceptors.push(leg);
      }
    }
    for (const o of world.objects) {
      const from = firstSeen.get(o.id);
      if (from === undefined) continue;
      const until = Math.min(o.impactTime, gone.get(o.id) ?? Infinity);
      if (from <= until)
        this.threats.push({ id: o.id, missile: o.missile, from, until, path: pathFromSamples(o.flight), flight: o.flight });
    }
  }

  /**
   * Every object the nation may see, in the order positionsAt reports them, with its window and its ECEF
   * position at any time (a threat: its recorded flight, clamped to it; an interceptor: its fly-out as flown).
   */
  visibleObjects(): VisibleObject[] {
    const eci = new Float64Array(3);
    const earth = this.world.earth;
    const out: VisibleObject[] = this.threats.map((w) => ({
      id: w.id,
      kind: 'threat' as const,
      from: w.from,
      until: w.until,
      source: w.id,
      ecefAt(t: number, into: Float64Array) {
        const tt = Math.min(w.path.end, Math.max(w.path.start, t));
        w.path.position(tt, eci);
        toEcef(earthAngle(earth, tt), eci[0], eci[1], eci[2], into);
        return into;
      },
    }));
    for (const leg of this.interceptors) {
      out.push({
        id: leg.id,
        kind: 'interceptor',
        from: leg.from,
        until: leg.until,
        source: leg.weapon,
        ecefAt: (t: number, into: Float64Array) => {
          const tt = Math.min(leg.until, Math.max(leg.from, t));
          leg.eciAt(tt, eci);
          toEcef(earthAngle(earth, tt), eci[0], eci[1], eci[2], into);
          return into;
        },
      });
    }
    return out;
  }

  /** The fly-out of one shot from its `fire` to its `intercept`, or undefined for a weapon the world does not hold. */
  private flyout(fire: EngineEvent & { type: 'fire' }, hit: EngineEvent & { type: 'intercept' }): InterceptorLeg | undefined {
    const { world } = this;
    const from = fire.t,
      until = hit.t;
    const aimEcef = geodeticToEcef(hit.point.latitude, hit.point.longitude, hit.point.altitude);
    const aimEci = new Float64Array(3);
    toEci(earthAngle(world.earth, until), aimEcef[0], aimEcef[1], aimEcef[2], aimEci);
    const times = (): number[] => {
      const out: number[] = [];
      for (let t = from; t < until; t += FLYOUT_STEP_S) out.push(t);
      out.push(until);
      return out;
    };
    const toSamples = (ts: number[], eciAt: (t: number, out: Float64Array) => void): Float64Array => {
      const out = new Float64Array(ts.length * 3),
        eci = new Float64Array(3);
      ts.forEach((t, k) => {
        eciAt(t, eci);
        toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], out, 3 * k);
      });
      // the last sample is the intercept point itself
      out.set(aimEcef, 3 * (ts.length - 1));
      return out;
    };
    const id = `${fire.weapon}/${fire.object}/${fire.shot}`;
    const leg = (eciAt: (t: number, out: Float64Array) => void): InterceptorLeg => ({
      id,
      weapon: fire.weapon,
      from,
      until,
      eciAt,
      sample: () => toSamples(times(), eciAt),
    });
    const battery = world.batteries.find((b) => b.id === fire.weapon);
    if (battery) {
      const launch = launchSiteEci(battery.site, world.earth, from);
      return leg((t, out) => {
        interceptorPosition(battery.spec, launch, aimEci, t - from, out);
      });
    }
    const [layerId, satellite] = fire.weapon.split('#');
    const layer = world.spaceLayers.find((l) => l.id === layerId);
    if (!layer || satellite === undefined) return undefined;
    let orbit: { eph: WalkerEphemeris; gap: number[]; full: number } | undefined;
    const sat = new Float64Array(3);
    return leg((t, out) => {
      if (!orbit) {
        const eph = new WalkerEphemeris(layer.shell);
        const satAtIntercept = new Float64Array(3);
        eph.position(Number(satellite), until, satAtIntercept);
        orbit = {
          eph,
          gap: [aimEci[0] - satAtIntercept[0], aimEci[1] - satAtIntercept[1], aimEci[2] - satAtIntercept[2]],
          full: flyoutDistance(layer.interceptor, until - from),
        };
      }
      orbit.eph.position(Number(satellite), t, sat);
      // the kill vehicle's offset from where its satellite would be, along the line that meets the aim point at the intercept time
      const u = orbit.full > 0 ? flyoutDistance(layer.interceptor, t - from) / orbit.full : 1;
      for (let k = 0; k < 3; k++) out[k] = sat[k] + u * orbit.gap[k];
    });
  }

  /** The objects the nation may see at t, where they are. */
  positionsAt(t: number): PositionReport[] {
    const out: PositionReport[] = [];
    const eci = new Float64Array(3),
      ecef = new Float64Array(3),
      geo = new Float64Array(3);
    const theta = earthAngle(this.world.earth, t);
    const report = (r: Omit<PositionReport, 'latitude' | 'longitude' | 'altitude'>) => {
      ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
      out.push({
        id: r.id,
        latitude: angle(geo[0]),
        longitude: angle(geo[1]),
        altitude: Math.round(geo[2]),
        kind: r.kind,
        ...(r.of !== undefined ? { of: r.of } : {}),
        ...(r.owner !== undefined ? { owner: r.owner } : {}),
        ...(r.speed !== undefined ? { speed: r.speed } : {}),
      });
    };
    for (const w of this.threats) {
      if (t < w.from || t > w.until || t < w.path.start || t > w.path.end) continue;
      w.path.position(t, eci);
      toEcef(theta, eci[0], eci[1], eci[2], ecef);
      report({ id: w.id, kind: 'threat', of: w.missile, speed: Math.round(recordedSpeed(w.flight, t)) });
    }
    for (const leg of this.interceptors) {
      if (t < leg.from || t > leg.until) continue;
      legEcefAt(leg, t, ecef);
      report({ id: leg.id, kind: 'interceptor', of: leg.weapon, owner: this.nation });
    }
    return out;
  }
}

/** Where a fly-out is at t (from <= t <= until), ECEF [m]: linear between its samples (sampled once, when first asked). */
function legEcefAt(leg: InterceptorLeg, t: number, into: Float64Array): Float64Array {
  const samples = (leg.samples ??= leg.sample());
  const n = samples.length / 3;
  const x = Math.min(n - 1, (t - leg.from) / FLYOUT_STEP_S);
  const k = Math.min(n - 2, Math.floor(x));
  // the last interval is shorter (it ends at the intercept time)
  const span = k === n - 2 ? leg.until - (leg.from + k * FLYOUT_STEP_S) : FLYOUT_STEP_S;
  const u = n < 2 ? 0 : Math.min(1, span > 0 ? (t - (leg.from + k * FLYOUT_STEP_S)) / span : 1);
  for (let i = 0; i < 3; i++) into[i] = n < 2 ? samples[i] : samples[3 * k + i] + u * (samples[3 * (k + 1) + i] - samples[3 * k + i]);
  return into;
}

/** Inertial speed [m/s] at t from a recorded flight (StateHistory layout), linear between the samples. */
function recordedSpeed(flight: Float64Array, t: number): number {
  const S = StateHistory.STRIDE,
    n = Math.floor(flight.length / S);
  const speed = (k: number) => Math.hypot(flight[k * S + 4], flight[k * S + 5], flight[k * S + 6]);
  let lo = 0,
    hi = n - 1;
  if (t <= flight[0]) return speed(0);
  if (t >= flight[hi * S]) return speed(hi);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (flight[mid * S] <= t) lo = mid;
    else hi = mid;
  }
  const u = (t - flight[lo * S]) / (flight[hi * S] - flight[lo * S]);
  return speed(lo) + u * (speed(hi) - speed(lo));
}
