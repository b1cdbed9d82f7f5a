import type { NationCode } from '../c2/national-policy.ts';
import { radarSpecAt } from '../sensors/airborne/airborne-radar.ts';
import { othLookOnce } from '../sensors/oth/oth-radar.ts';
import { radarLookOnce, radarSiteEcef } from '../sensors/radar/radar.ts';
import { earthAngle } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import { bomberTargets } from './air-tracks.ts';
import type { EngineEvent } from './events.ts';
import { streamFor } from './random-streams.ts';
import type { World } from './world.ts';

/**
 * Sensors looking at the raid's aircraft (bombers on their way to their launch areas), in both track modes:
 * every line-of-sight radar (an airborne one from where its platform is) and every over-the-horizon radar
 * looks at each aircraft every revisit interval from take-off to release, each look a draw (radarLookOnce
 * with the RCS of the aspect it sees, othLookOnce with the sky-wave coverage at that time); the first
 * detection of each (sensor, aircraft) is a `detect` event on the aircraft's id. Each sensor draws from its
 * own stream (`air:<sensor>`), so a world without aircraft draws nothing and its log is unchanged.
 * The detections are cues: on truth tracks the air layer (air-defense.ts) scrambles fighters on them; on estimated
 * tracks it fights on the nations' air tracks (air-tracks.ts), whose looks are drawn from streams of their own.
 */
export function aircraftDetections(world: World, seed: number, events: EngineEvent[]): void {
  for (const d of aircraftFirstDetections(world, seed)) events.push(d);
}

/** The first detection of each aircraft by each sensor, in sensor order (what aircraftDetections logs; the air layer cues on them). */
export function aircraftFirstDetections(world: World, seed: number): Array<Extract<EngineEvent, { type: 'detect' }>> {
  const events: Array<Extract<EngineEvent, { type: 'detect' }>> = [];
  const aircraft = world.aircraft ?? [];
  if (aircraft.length === 0) return events;
  const ecef = new Float64Array(3);
  // the bombers as the air tracks see them: their paths, and the RCS of the aspect a radar sees (air-tracks.ts)
  const targets = bomberTargets(world);
  const paths = targets.map((g) => g.path);
  const eci = new Float64Array(3);
  /** Position (ecef) at t. */
  const where = (k: number, t: number): void => {
    paths[k].position(t, eci);
    toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], ecef);
  };
  const sweep = (id: string, owner: NationCode, revisit: number, look: (t: number, k: number) => boolean): void => {
    aircraft.forEach((a, k) => {
      const path = paths[k];
      for (let t = Math.ceil(path.start / revisit) * revisit; t <= path.end; t += revisit) {
        where(k, t);
        if (!look(t, k)) continue;
        events.push({ t, type: 'detect', object: a.id, sensor: id, owner });
        break;
      }
    });
  };
  for (const radar of world.radars) {
    const r = streamFor(seed, `air:${radar.id}`);
    sweep(radar.id, radar.owner, radar.spec.revisitInterval, (t, k) => {
      const spec = radarSpecAt(radar, t);
      const rcs = targets[k].rcs(t, ecef, radarSiteEcef(spec));
      return radarLookOnce(spec, ecef, rcs, r.uniform) !== null;
    });
  }
  for (const radar of world.othRadars) {
    const r = streamFor(seed, `air:${radar.id}`);
    sweep(
      radar.id,
      radar.owner,
      radar.spec.revisitInterval,
      (t) => othLookOnce(radar.spec, ecef, world.epochMs + t * 1000, r.uniform) !== null,
    );
  }
  return events;
}
