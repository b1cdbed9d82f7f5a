import {
  earthAngle,
  ecefToGeodetic,
  type EngineEvent,
  firstSeenObjects,
  type NationCode,
  pathFromSamples,
  toEcef,
  type World,
} from '@golden-dome/core';
import type { AircraftAsset } from '@golden-dome/core/protocol';
import { angle } from './scene.ts';

/** Step of an aircraft's samples in the scene [s]: at 250 m/s, 7.5 km between samples on a great-circle leg (the picture interpolates linearly). */
export const AIRCRAFT_STEP_S = 30;

/**
 * What one nation sees of the air raid, from its own filtered log (eventsVisibleTo, as its NationView
 * holds it) and the world's recorded flights (the server flies nothing):
 *
 *  - `aircraft`: each aircraft of the world the nation has detected (a `detect` or `track` of its id in
 *    its log: its own sensors or a shared one, after the share's delay), its flight from that first
 *    detection to the end of its recorded flight or the nation's `kill-assess` of it as killed; its own
 *    aircraft (an owner field equal to the nation) from take-off. Positions are the world's flight
 *    samples (ECI, as logged) taken to the Earth-fixed frame every AIRCRAFT_STEP_S; the ground speed is
 *    the Earth-fixed displacement over one second of the recorded flight.
 *  - `cruise`: the ids of the threat objects it has detected that fly inside the atmosphere all the way
 *    (World.objects' `endoOnly`: cruise missiles), so that the picture draws them as such.
 *
 * An aircraft never detected is not in the scene at all (not even its type): the same rule as a threat object.
 */
export function sceneAir(
  world: World,
  nation: NationCode,
  events: readonly EngineEvent[],
): { aircraft: AircraftAsset[]; cruise: string[] } {
  const firstSeen = firstSeenObjects(events);
  const killed = new Map<string, number>();
  for (const e of events) if (e.type === 'kill-assess' && e.killed && !killed.has(e.object)) killed.set(e.object, e.t);
  const aircraft: AircraftAsset[] = [];
  const eci = new Float64Array(3),
    ecef = new Float64Array(3),
    before = new Float64Array(3),
    geo = new Float64Array(3);
  for (const a of world.aircraft ?? []) {
    const owner = (a as { owner?: NationCode }).owner;
    const path = pathFromSamples(a.flight);
    const from = owner === nation ? path.start : firstSeen.get(a.id);
    if (from === undefined) continue;
    const end = Math.min(path.end, killed.get(a.id) ?? Infinity);
    if (from > end) continue;
    const at = (t: number, out: Float64Array) => {
      path.position(t, eci);
      return toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], out);
    };
    const samples: number[] = [];
    const times: number[] = [];
    for (let t = from; t < end; t += AIRCRAFT_STEP_S) times.push(t);
    times.push(end);
    for (const t of times) {
      at(t, ecef);
      const t0 = Math.max(path.start, t - 1);
      at(t0, before);
      const dt = t - t0;
      const speed = dt > 0 ? Math.hypot(ecef[0] - before[0], ecef[1] - before[1], ecef[2] - before[2]) / dt : 0;
      ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
      samples.push(Math.round(t * 10) / 10, angle(geo[0]), angle(geo[1]), Math.round(geo[2]), Math.round(speed));
    }
    aircraft.push({
      id: a.id,
      type: a.type,
      role: a.role,
      ...(owner === nation ? { owner } : {}),
      endT: Math.round(end * 10) / 10,
      releases: end >= path.end ? a.releases.length : 0,
      samples,
    });
  }
  const cruise = world.objects.filter((o) => o.endoOnly && firstSeen.has(o.id)).map((o) => o.id);
  return { aircraft, cruise };
}
