import type { World } from '../../engine/world.ts';
import { type InterceptSolution, pathFromSamples } from '../fire-control.ts';
import { surfaceKind } from './surface-kind.ts';

/**
 * Every battery's launch window against every object, unconstrained by commit time: seed-independent,
 * so computed once with the world (plain data, so it travels to workers with it). The surface kind's world
 * table (World.windows; its `windowsInWorld`), built by world building (was in engine/trial.ts).
 */
export function precomputeWindows(world: World): NonNullable<World['windows']> {
  const out: NonNullable<World['windows']> = {};
  // batteries of the same envelope (the fly-out figures launchWindow reads) at the same place, e.g. GBI and
  // NGI silos at one base, have the same windows: each is computed once and copied
  const geometry = world.batteries.map(({ spec: s, site }) =>
    JSON.stringify([
      s.burnoutSpeed,
      s.burnTime,
      s.minInterceptAltitude,
      s.maxInterceptAltitude,
      s.maxInterceptRange,
      s.minTimeOfFlight,
      site.latitude,
      site.longitude,
      site.altitude,
    ]),
  );
  const first = geometry.map((g) => geometry.indexOf(g));
  for (const o of world.objects) {
    const path = pathFromSamples(o.flight);
    world.batteries.forEach((b, i) => {
      const key = `${b.id}|${o.id}`;
      if (first[i] !== i) {
        out[key] = copyWindow(out[`${world.batteries[first[i]].id}|${o.id}`]);
        return;
      }
      // a 2 s scan (edges then located to 1e-6 s): windows shorter than 2 s are not worth planning on
      out[key] = surfaceKind.window(b, path, { earth: world.earth, notBefore: path.start, step: 2 });
    });
  }
  return out;
}

const copySolution = (s: InterceptSolution): InterceptSolution => ({
  ...s,
  point: s.point.slice(),
  launchPosition: s.launchPosition.slice(),
});
const copyWindow = (
  w: { earliest: InterceptSolution; latest: InterceptSolution } | null,
): { earliest: InterceptSolution; latest: InterceptSolution } | null =>
  w ? { earliest: copySolution(w.earliest), latest: copySolution(w.latest) } : null;
