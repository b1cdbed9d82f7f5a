import type { SensorKind } from '../sensors/kind.ts';
import { SENSOR_KINDS } from '../sensors/kinds.ts';
import { bomberTargets } from './air-tracks.ts';
import type { EngineEvent } from './events.ts';
import type { World } from './world.ts';

/**
 * Sensors looking at the raid's aircraft (bombers on their way to their launch areas), in both track modes,
 * through their kinds (sensors/kind.ts, `air.firstDetections`): every line-of-sight radar (an airborne one from where its platform is) and every over-the-horizon radar
 * looks at each aircraft every revisit interval from take-off to release, each look a draw (radarLookOnce
 * with the RCS of the aspect it sees, othLookOnce with the sky-wave coverage at that time); the first
 * detection of each (sensor, aircraft) is a `detect` event on the aircraft's id. Each sensor draws from its
 * own stream (`air:<sensor>`), so a world without aircraft draws nothing and its log is unchanged.
 * The detections are cues: on truth tracks the air layer (air-defense.ts) scrambles fighters on them; on estimated
 * tracks it fights on the nations' air tracks (air-tracks.ts), whose looks are drawn from streams of their own.
 */
export function aircraftDetections(world: World, seed: number, events: EngineEvent[], kinds: readonly SensorKind[] = SENSOR_KINDS): void {
  for (const d of aircraftFirstDetections(world, seed, kinds)) events.push(d);
}

/** The first detection of each aircraft by each sensor, kind by kind in sensor order (what aircraftDetections logs; the air layer cues on them). */
export function aircraftFirstDetections(
  world: World,
  seed: number,
  kinds: readonly SensorKind[] = SENSOR_KINDS,
): Array<Extract<EngineEvent, { type: 'detect' }>> {
  const events: Array<Extract<EngineEvent, { type: 'detect' }>> = [];
  if ((world.aircraft ?? []).length === 0) return events;
  // the bombers as the air tracks see them: their paths, and the RCS of the aspect a radar sees (air-tracks.ts)
  const bombers = bomberTargets(world);
  for (const kind of kinds) kind.air?.firstDetections(world, seed, bombers, events);
  return events;
}
