import type { Random } from '../random/sfc32.ts';
import { radarSpecAt } from '../sensors/airborne/airborne-radar.ts';
import { othLookOnce } from '../sensors/oth/oth-radar.ts';
import { radarLookOnce } from '../sensors/radar/radar.ts';
import { earthAngle } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import type { ThreatPath } from '../weapons/fire-control.ts';
import type { EngineEvent } from './events.ts';
import type { Detection, World, WorldObject } from './world.ts';

/**
 * Ground radar looks at the released objects, every revisit interval from the object's first sample
 * until it lands, each look a random draw: line-of-sight radars first (Swerling I Pd inside the
 * RCS-scaled range, radarLookOnce), then over-the-horizon radars (a Pd per look inside their sky-wave coverage at that time, othLookOnce).
 * A radar stops looking at an object once it holds `detectionsToCommit` detections of it (more cannot
 * change any nation's commit time). The first detection of each (radar, object) becomes a `detect`
 * event. Draw order: radars in world order, objects in world order, looks in time order.
 */
export function radarDetections(
  world: World,
  alive: readonly WorldObject[],
  paths: ReadonlyMap<string, ThreatPath>,
  rng: Random,
  events: EngineEvent[],
  into: Map<string, Detection[]>,
): void {
  const { earth } = world;
  const need = world.settings.detectionsToCommit;
  const ecef = new Float64Array(3);
  const eci = new Float64Array(3);
  const sweep = (id: string, owner: string, revisit: number, look: (ecef: Float64Array, o: WorldObject, t: number) => boolean): void => {
    for (const o of alive) {
      const path = paths.get(o.id) as ThreatPath;
      const list = into.get(o.id) as Detection[];
      let mine = 0;
      for (let t = path.start; t <= o.impactTime && mine < need; t += revisit) {
        path.position(t, eci);
        toEcef(earthAngle(earth, t), eci[0], eci[1], eci[2], ecef);
        if (!look(ecef, o, t)) continue;
        if (mine === 0) events.push({ t, type: 'detect', object: o.id, sensor: id, owner });
        list.push({ t, sensor: id });
        mine++;
      }
    }
  };
  for (const radar of world.radars) {
    sweep(
      radar.id,
      radar.owner,
      radar.spec.revisitInterval,
      (p, o, t) => radarLookOnce(radarSpecAt(radar, t), p, o.rcs, rng.uniform) !== null,
    );
  }
  for (const radar of world.othRadars) {
    sweep(
      radar.id,
      radar.owner,
      radar.spec.revisitInterval,
      (p, _o, t) => othLookOnce(radar.spec, p, world.epochMs + t * 1000, rng.uniform) !== null,
    );
  }
}
