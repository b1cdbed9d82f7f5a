/**
 * The server's per-nation views of a trial, computed on the trial pool's threads (the pool's `edge`
 * task: @golden-dome/pool's worker loads this module on the first such task), so that the event loop
 * that serves every user only sends what they compute: a nation's filtered log (eventsVisibleTo), its
 * scene (scene.ts) and its exports (export/). Each is a pure function of the world, the log and the
 * arguments; TrialStore keeps the results per trial log and nation. The same functions run in the
 * calling thread for a store without a pool (unit tests).
 */
import { type EngineEvent, eventsVisibleTo, type NationCode, type World } from '@golden-dome/core';
import type { ExportFormat } from './export/export-trial.ts';
import { type SceneAssets, sceneAssets, sceneJsonForNation, sceneSpan } from './scene.ts';

export interface EdgeArgs {
  /** The events `nation` may receive of the log. */
  visible: { nation: NationCode };
  /** The scene `nation` may see (its span, and its assets as the `scene` message's JSON). */
  scene: { nation: NationCode; weaponTypes: Readonly<Record<string, string>> };
  /** The trial in `nation`'s view as text in a format. */
  export: { nation: NationCode; format: ExportFormat; scenario: string; seed: number; weaponTypes: Readonly<Record<string, string>> };
}
export interface EdgeResults {
  visible: EngineEvent[];
  scene: NationScene;
  export: string;
}
export type EdgeFn = keyof EdgeArgs;

/** A scene as one nation receives it. */
export interface NationScene {
  start: number;
  end: number;
  assetsJson: string;
}

/** Keeps what is derived once per log (the scene's span and every nation's assets before the filter), by key. */
export type Derive = <T>(key: string, make: () => T) => T;

const noCache: Derive = (_key, make) => make();

/** The scene `nation` may see of one log of a world (its span; the assets as the `scene` message's JSON). */
export function nationScene(
  world: World,
  log: readonly EngineEvent[],
  nation: NationCode,
  weaponTypes: Readonly<Record<string, string>>,
  derive: Derive = noCache,
): NationScene {
  const s = derive(`scene:${JSON.stringify(weaponTypes)}`, () => {
    const span = sceneSpan(world, log);
    const assets: SceneAssets = sceneAssets(world, span, weaponTypes);
    return { ...span, assets, constellationsJson: JSON.stringify(assets.constellations) };
  });
  // a nation's aircraft and cruise missiles come from its own view of the log (scene-air.ts)
  const visible = derive(`visible:${nation}`, () => eventsVisibleTo(world.policy, nation, world, log));
  return { start: s.start, end: s.end, assetsJson: sceneJsonForNation(s.assets, s.constellationsJson, world, nation, visible) };
}

/** One view (`fn`, its `args`) of a log; exports load their writers on first use (a thread that only filters does not load them). */
export async function edgeTask(
  fn: string,
  world: World,
  log: readonly EngineEvent[],
  args: unknown,
  derive: Derive = noCache,
): Promise<unknown> {
  switch (fn as EdgeFn) {
    case 'visible': {
      const { nation } = args as EdgeArgs['visible'];
      return eventsVisibleTo(world.policy, nation, world, log);
    }
    case 'scene': {
      const { nation, weaponTypes } = args as EdgeArgs['scene'];
      return nationScene(world, log, nation, weaponTypes, derive);
    }
    case 'export': {
      const { format, ...options } = args as EdgeArgs['export'];
      const { exportTrial } = await import('./export/export-trial.ts');
      return exportTrial(format, world, log, options);
    }
    default:
      throw new Error(`no server pool task '${fn}'`);
  }
}
