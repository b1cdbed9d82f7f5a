import {
  earthAngle,
  ecefToGeodetic,
  type EngineEvent,
  eventsVisibleTo,
  firstSeenObjects,
  type NationCode,
  pathDuration,
  pathFromSamples,
  pathPosition,
  StateHistory,
  type ThreatPath,
  toEcef,
  type World,
} from '@golden-dome/core';
import type { PositionReport } from '@golden-dome/core/protocol';
import { angle } from './scene.ts';

/** One object on the picture at a time t: the protocol's one PositionReport (radians, metres). */
export type { PositionReport };

/** An object a nation may see, with when, and where in ECEF [m] at a time t (DIS reads these; positionsAt draws them). */
export interface VisibleObject {
  /** A threat object's world id, an interceptor's `weapon/object/shot`, or a fighter's sortie `<base>#<k>`. */
  id: string;
  kind: PositionReport['kind'];
  from: number;
  until: number;
  /** The object's world id (a threat), the battery that fired (an interceptor) or the fighter's base. */
  source: string;
  /** A fighter's type (catalog id, e.g. 'cf-18'). */
  of?: string;
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

/** An interceptor's fly-out as the engine logged it (a `flyout` event: core's flyout.ts). */
interface InterceptorLeg {
  id: string;
  weapon: string;
  from: number;
  until: number;
  path: number[];
}

/** A fighter's flights as the engine logged them (its `sortie` events, in time order): it holds where it fired between them. */
interface FighterFlight {
  id: string;
  base: string;
  type: string;
  from: number;
  until: number;
  legs: Array<{ t: number; path: number[] }>;
}

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
 *    nation's filtered log) on the fly-out the engine logged for that shot (its `flyout` event, linear
 *    between the samples: core's pathPosition); the nation's own fighters from their first `sortie` to
 *    the end of their last, on the flights logged there (holding where they fired between sorties).
 *    The server flies nothing.
 *  - Reading one object's position may fail (a corrupt logged path): positionsAt skips that object for that
 *    time and reports it once through `onSkip`; the other objects and the stream go on.
 */
export class NationView {
  readonly events: EngineEvent[];
  private readonly threats: ThreatWindow[] = [];
  private readonly interceptors: InterceptorLeg[] = [];
  private readonly fighters: FighterFlight[] = [];
  private readonly skipped = new Set<string>();
  /** Told once per object whose position could not be read (the server logs it); the object is left out of that frame. */
  onSkip: (id: string, error: unknown) => void = (id, error) =>
    console.warn(`nation view ${this.nation}: ${id} left out of the picture: ${error instanceof Error ? error.message : String(error)}`);

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
    const flyouts = new Map<string, EngineEvent & { type: 'flyout' }>();
    const fighters = new Map<string, FighterFlight>();
    for (const e of this.events) {
      if (e.type === 'kill-assess' && e.killed && !gone.has(e.object)) gone.set(e.object, e.t);
      if (e.type === 'flyout' && e.owner === nation) flyouts.set(`${e.weapon}|${e.object}|${e.shot}`, e);
      if (e.type === 'intercept') {
        const fo = flyouts.get(`${e.weapon}|${e.object}|${e.shot}`);
        if (fo)
          this.interceptors.push({ id: `${fo.weapon}/${fo.object}/${fo.shot}`, weapon: fo.weapon, from: fo.t, until: e.t, path: fo.path });
      }
      if (e.type === 'sortie' && e.owner === nation) {
        const f = fighters.get(e.aircraft) ?? { id: e.aircraft, base: e.base, type: e.fighter, from: e.t, until: e.t, legs: [] };
        f.legs.push({ t: e.t, path: e.path });
        f.until = Math.max(f.until, e.t + lastTau(e.path));
        fighters.set(e.aircraft, f);
      }
    }
    this.fighters.push(...fighters.values());
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
    for (const leg of this.interceptors)
      out.push({
        id: leg.id,
        kind: 'interceptor',
        from: leg.from,
        until: leg.until,
        source: leg.weapon,
        ecefAt: (t: number, into: Float64Array) => legEcefAt(leg, t, into),
      });
    for (const f of this.fighters)
      out.push({
        id: f.id,
        kind: 'fighter',
        from: f.from,
        until: f.until,
        source: f.base,
        of: f.type,
        ecefAt: (t: number, into: Float64Array) => fighterEcefAt(f, t, into),
      });
    return out;
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
      if (!this.read(leg.id, () => legEcefAt(leg, t, ecef))) continue;
      report({ id: leg.id, kind: 'interceptor', of: leg.weapon, owner: this.nation });
    }
    for (const f of this.fighters) {
      if (t < f.from || t > f.until) continue;
      if (!this.read(f.id, () => fighterEcefAt(f, t, ecef))) continue;
      report({ id: f.id, kind: 'fighter', of: f.type, owner: this.nation });
    }
    return out;
  }

  /** Reads one object's position; false (and onSkip told once for that object) when it cannot be read. */
  private read(id: string, at: () => Float64Array): boolean {
    try {
      const p = at();
      if (!Number.isFinite(p[0] + p[1] + p[2])) throw new Error(`${id}: position is not finite`);
      return true;
    } catch (error) {
      if (!this.skipped.has(id)) {
        this.skipped.add(id);
        this.onSkip(id, error);
      }
      return false;
    }
  }
}

/** The last sample time of a logged path [s after its event] (0 for an empty one: a reader then fails on it). */
function lastTau(path: readonly number[]): number {
  return path.length >= 4 ? pathDuration(path) : 0;
}

/** Where a fly-out is at t (clamped to its window), ECEF [m]: its logged path, linear between samples. */
function legEcefAt(leg: InterceptorLeg, t: number, into: Float64Array): Float64Array {
  pathPosition(leg.path, Math.min(leg.until, Math.max(leg.from, t)) - leg.from, into);
  return into;
}

/** Where a fighter is at t, ECEF [m]: on its latest sortie begun by t (holding that sortie's end after it). */
function fighterEcefAt(f: FighterFlight, t: number, into: Float64Array): Float64Array {
  let leg = f.legs[0];
  for (const l of f.legs) if (l.t <= t) leg = l;
  pathPosition(leg.path, t - leg.t, into);
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
