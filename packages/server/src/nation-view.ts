import {
  earthAngle, ecefToGeodetic, type EngineEvent, eventsVisibleTo, firstSeenObjects, geodeticToEcef, type NationCode, pathFromSamples, type ThreatPath, toEcef, type World,
} from '@golden-dome/core';

const DEG = 180 / Math.PI;

/** One object on the picture at a time t (degrees, metres: this is an edge). */
export interface PositionReport {
  id: string;
  latitude: number;
  longitude: number;
  altitude: number;
  kind: 'threat' | 'interceptor';
}

interface ThreatWindow {
  id: string;
  from: number;
  until: number;
  path: ThreatPath;
}

interface InterceptorLeg {
  id: string;
  from: number;
  until: number;
  /** ECEF of the battery and of the intercept point [m]. */
  start: Float64Array | number[];
  end: Float64Array | number[];
}

/**
 * What one nation's users may receive of one trial: its filtered event log (eventsVisibleTo, the same
 * sharing predicates the battle managers plan with) and the objects it may see, with when.
 *
 *  - A threat object is visible from the first `detect` or `track` of it in the nation's filtered log
 *    (its own or a shared sensor; a shared one after the share's delay) until its impact or a
 *    `kill-assess` with `killed` that the nation receives. Its position is read from the world's
 *    recorded flight (core's pathFromSamples); the server flies nothing.
 *  - The nation's own surface interceptors are visible from their `fire` to their `intercept` (both in
 *    the nation's filtered log), drawn on the straight ECEF line from the battery to the intercept
 *    point: a display approximation, as the engine does not record interceptor flights.
 */
export class NationView {
  readonly events: EngineEvent[];
  private readonly threats: ThreatWindow[] = [];
  private readonly interceptors: InterceptorLeg[] = [];

  constructor(readonly world: World, readonly nation: NationCode, log: readonly EngineEvent[]) {
    this.events = numberAssessments(eventsVisibleTo(world.policy, nation, world, log));
    const firstSeen = firstSeenObjects(this.events);
    const gone = new Map<string, number>();
    const fires = new Map<string, EngineEvent & { type: 'fire' }>();
    for (const e of this.events) {
      if (e.type === 'kill-assess' && e.killed && !gone.has(e.object)) gone.set(e.object, e.t);
      if (e.type === 'fire') fires.set(`${e.weapon}|${e.object}|${e.shot}`, e);
      if (e.type === 'intercept') {
        const fire = fires.get(`${e.weapon}|${e.object}|${e.shot}`);
        const battery = world.batteries.find((b) => b.id === e.weapon);
        if (fire && battery) {
          this.interceptors.push({
            id: `${e.weapon}/${e.object}/${e.shot}`, from: fire.t, until: e.t,
            start: geodeticToEcef(battery.site.latitude, battery.site.longitude, battery.site.altitude),
            end: geodeticToEcef(e.point.latitude, e.point.longitude, e.point.altitude),
          });
        }
      }
    }
    for (const o of world.objects) {
      const from = firstSeen.get(o.id);
      if (from === undefined) continue;
      const until = Math.min(o.impactTime, gone.get(o.id) ?? Infinity);
      if (from <= until) this.threats.push({ id: o.id, from, until, path: pathFromSamples(o.flight) });
    }
  }

  /** The objects the nation may see at t, where they are. */
  positionsAt(t: number): PositionReport[] {
    const out: PositionReport[] = [];
    const eci = new Float64Array(3), ecef = new Float64Array(3), geo = new Float64Array(3);
    const theta = earthAngle(this.world.earth, t);
    const report = (id: string, kind: PositionReport['kind']) => {
      ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
      out.push({ id, latitude: round(geo[0] * DEG, 5), longitude: round(geo[1] * DEG, 5), altitude: Math.round(geo[2]), kind });
    };
    for (const w of this.threats) {
      if (t < w.from || t > w.until || t < w.path.start || t > w.path.end) continue;
      w.path.position(t, eci);
      toEcef(theta, eci[0], eci[1], eci[2], ecef);
      report(w.id, 'threat');
    }
    for (const leg of this.interceptors) {
      if (t < leg.from || t > leg.until) continue;
      const u = leg.until > leg.from ? (t - leg.from) / (leg.until - leg.from) : 1;
      for (let i = 0; i < 3; i++) ecef[i] = leg.start[i] + u * (leg.end[i] - leg.start[i]);
      report(leg.id, 'interceptor');
    }
    return out;
  }
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/**
 * Gives each kill assessment that does not name its shot (the truth-track engine logs one per intercept,
 * without the shot) the shot of the intercept it assesses, so that two shots of one battery at one object
 * are two different rows, not the same row twice. The k-th assessment of (weapon, object) is of its k-th
 * intercept: the engine assesses every intercept once, a fixed delay after it, in intercept order. Read
 * from the log only; the other events are returned as they are.
 */
export function numberAssessments(events: readonly EngineEvent[]): EngineEvent[] {
  const intercepts = new Map<string, number[]>();
  const assessed = new Map<string, number>();
  return events.map((e) => {
    if (e.type === 'intercept') {
      const k = `${e.weapon}|${e.object}`;
      intercepts.set(k, [...(intercepts.get(k) ?? []), e.shot]);
    }
    if (e.type !== 'kill-assess' || e.shot !== undefined) return e;
    const k = `${e.weapon}|${e.object}`;
    const n = assessed.get(k) ?? 0;
    assessed.set(k, n + 1);
    const shot = intercepts.get(k)?.[n];
    return shot === undefined ? e : { ...e, shot };
  });
}
