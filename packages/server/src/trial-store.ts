import { randomUUID } from 'node:crypto';
import { type EngineEvent, type NationCode, runTrial, type World } from '@golden-dome/core';
import { NationView } from './nation-view.ts';
import { type SceneAssets, sceneAssets, sceneJsonForNation, sceneSpan } from './scene.ts';

/** A trial run on the server: its world and full log (never sent unfiltered). */
export interface StoredTrial {
  id: string;
  scenario: string;
  seed: number;
  startedBy: string;
  world: World;
  events: EngineEvent[];
}

/**
 * The stored trials (at most `maxTrials`; the oldest is dropped), with what the picture derives from
 * each computed once and shared by every connection: the scene's span and assets, and one NationView
 * (filtered log, visible objects) per nation.
 */
export class TrialStore {
  private readonly trials = new Map<string, StoredTrial>();
  private readonly live = new Map<string, string>();
  private readonly views = new WeakMap<StoredTrial, Map<NationCode, NationView>>();
  private readonly scenes = new WeakMap<StoredTrial, { start: number; end: number; assets: SceneAssets; constellationsJson: string; byNation: Map<NationCode, string> }>();

  constructor(private readonly maxTrials: number, private readonly weaponTypes: (scenario: string) => Readonly<Record<string, string>> = () => ({})) {}

  get(id: string): StoredTrial | undefined {
    return this.trials.get(id);
  }

  /** Runs a trial of `world` and stores it. */
  run(scenario: string, world: World, seed: number, startedBy: string): StoredTrial {
    const trial: StoredTrial = { id: randomUUID(), scenario, seed, startedBy, world, events: runTrial(world, seed) };
    this.trials.set(trial.id, trial);
    while (this.trials.size > this.maxTrials) this.trials.delete(this.trials.keys().next().value as string);
    return trial;
  }

  /**
   * The live trial of a scenario and seed: one trial is a pure function of the world and the seed, so
   * a live trial already run (and still stored) is shared rather than run again.
   */
  liveTrial(scenario: string, world: World, seed: number, startedBy: string): StoredTrial {
    const key = `${scenario}#${seed}`;
    const known = this.trials.get(this.live.get(key) ?? '');
    if (known && known.world === world) return known;
    const trial = this.run(scenario, world, seed, startedBy);
    this.live.set(key, trial.id);
    return trial;
  }

  view(trial: StoredTrial, nation: NationCode): NationView {
    let byNation = this.views.get(trial);
    if (!byNation) this.views.set(trial, (byNation = new Map()));
    let v = byNation.get(nation);
    if (!v) byNation.set(nation, (v = new NationView(trial.world, nation, trial.events)));
    return v;
  }

  /** The scene of a trial as `nation`'s users may see it (scene.ts, sceneForNation). */
  scene(trial: StoredTrial, nation: NationCode): { start: number; end: number; assetsJson: string } {
    let s = this.scenes.get(trial);
    if (!s) {
      const span = sceneSpan(trial.world, trial.events);
      const assets: SceneAssets = sceneAssets(trial.world, span, this.weaponTypes(trial.scenario));
      this.scenes.set(trial, (s = { ...span, assets, constellationsJson: JSON.stringify(assets.constellations), byNation: new Map() }));
    }
    let json = s.byNation.get(nation);
    if (json === undefined) s.byNation.set(nation, (json = sceneJsonForNation(s.assets, s.constellationsJson, trial.world, nation)));
    return { start: s.start, end: s.end, assetsJson: json };
  }
}
