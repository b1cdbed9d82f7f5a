import { randomUUID } from 'node:crypto';
import type { EngagementDecision, EngineEvent, NationCode, World } from '@golden-dome/core';
import type { Lane } from '@golden-dome/pool';
import { type TrialCommand, trialLog } from './live-command.ts';
import type { ExportFormat } from './export/export-trial.ts';
import { NationView } from './nation-view.ts';
import { type EdgeArgs, type EdgeFn, type EdgeResults, edgeTask, type NationScene, nationScene } from './pool-tasks.ts';
import { type ServerDatabase, type TrialRecord, worldFingerprint } from './server-database.ts';

/** A trial run on the server: its world and full log (never sent unfiltered). */
export interface StoredTrial {
  id: string;
  scenario: string;
  seed: number;
  startedBy: string;
  /** The nation of the user who started it. */
  nation: NationCode;
  world: World;
  /** The log: trialLog(world, seed, command, decisions), replaced as decisions arrive. */
  events: EngineEvent[];
  /** A live trial's command (live-command.ts): absent, approvals follow the policy's modelled delays. */
  command?: TrialCommand;
  /** The commanders' decisions received, in order: with the command, they reproduce the log. */
  decisions: EngagementDecision[];
}

/**
 * The stored trials, kept per nation: each nation keeps the `maxPerNation` trials its users ran or
 * opened most recently (the oldest dropped first), so that one nation's users running many trials
 * never push out another nation's. A trial stays while any nation keeps it (a live trial of one
 * scenario and seed is shared by the nations that watch it). What the picture derives from a trial is
 * computed once per log and nation, on the view computer (the trial pool's threads in the server:
 * pool-tasks.ts), and shared by every connection: the nation's filtered log (its NationView) and its
 * scene; exports are computed there too.
 *
 * With a database (`durable`), each trial's record — scenario, seed, who ran it, which nations keep it —
 * is stored, never its log: a trial is a pure function of its world and seed (and, with live command,
 * its decisions), so after a restart a stored trial's log is recomputed when it is first asked for,
 * from the library's world of that scenario. A trial whose scenario is gone or has changed since
 * (another world fingerprint) is forgotten rather than recomputed differently.
 */
export interface DurableTrials {
  db: ServerDatabase;
  /** The library's world of a scenario (undefined: no longer in the library). */
  world(scenario: string): World | undefined | Promise<World | undefined>;
}

/**
 * Computes a trial's log: trialLog(world, seed, command, decisions). The server passes the trial pool's
 * (`log` task, off the event loop); the default runs it here (unit tests).
 */
export type TrialComputer = (
  world: World,
  seed: number,
  command: TrialCommand | undefined,
  decisions: readonly EngagementDecision[],
  lane?: Lane,
) => Promise<EngineEvent[]>;

export const inThreadTrials: TrialComputer = async (world, seed, command, decisions) => trialLog(world, seed, command, decisions);

/**
 * Computes one of a trial's per-nation views (pool-tasks.ts) from its world and one log. The server
 * passes the trial pool's (`edge` task, off the event loop); the default runs it here (unit tests).
 */
export type ViewComputer = <F extends EdgeFn>(
  world: World,
  log: readonly EngineEvent[],
  fn: F,
  args: EdgeArgs[F],
  lane?: Lane,
) => Promise<EdgeResults[F]>;

export const inThreadViews: ViewComputer = async (world, log, fn, args) => (await edgeTask(fn, world, log, args)) as EdgeResults[typeof fn];

/** What one nation receives of one log of a trial: its filtered log (with the objects it may see) and its scene. */
interface Prepared {
  view: NationView;
  scene: NationScene;
}
export class TrialStore {
  private readonly kept = new Map<NationCode, Set<string>>();
  private readonly trials = new Map<string, { record: TrialRecord; trial?: StoredTrial; keptBy: Set<NationCode> }>();
  private readonly live = new Map<string, string>();
  /** Per log (a trial's log is replaced when a decision changes it) and nation, its view and scene, computed once (on the view computer). */
  private readonly prepared = new WeakMap<readonly EngineEvent[], Map<NationCode, Promise<Prepared>>>();
  /** The same, once computed (what the synchronous view and scene read). */
  private readonly ready = new WeakMap<readonly EngineEvent[], Map<NationCode, Prepared>>();
  private keepSeq = 0;
  /** Live trials being computed, by scenario#seed: a second watch of one waits for the same computation. */
  private readonly computing = new Map<string, Promise<StoredTrial>>();
  /** Restored trials whose log is being recomputed, by id. */
  private readonly restoring = new Map<string, Promise<StoredTrial | undefined>>();
  /** Per trial, the last log recomputation after a decision (they are applied in order). */
  private readonly deciding = new WeakMap<StoredTrial, Promise<void>>();

  constructor(
    private readonly maxPerNation: number,
    private readonly weaponTypes: (scenario: string) => Readonly<Record<string, string>> = () => ({}),
    private readonly durable?: DurableTrials,
    private readonly compute: TrialComputer = inThreadTrials,
    private readonly views: ViewComputer = inThreadViews,
  ) {
    if (!durable) return;
    for (const record of durable.db.trials()) {
      this.trials.set(record.id, { record, keptBy: new Set() });
      if (record.live) this.live.set(`${record.scenario}#${record.seed}`, record.id);
    }
    for (const { nation, trial, seq } of durable.db.trialsKept()) {
      const entry = this.trials.get(trial);
      if (!entry) continue;
      let ids = this.kept.get(nation);
      if (!ids) this.kept.set(nation, (ids = new Set()));
      ids.add(trial);
      entry.keptBy.add(nation);
      this.keepSeq = Math.max(this.keepSeq, seq);
    }
    for (const [id, entry] of this.trials) if (entry.keptBy.size === 0) this.forget(id);
  }

  /** A stored trial whose log is in memory now (a watched or recently computed one), without waiting for a restore. */
  loaded(id: string): StoredTrial | undefined {
    return this.trials.get(id)?.trial;
  }

  /** A stored trial; one restored from the database has its log recomputed (once, on the computer) first. */
  async get(id: string): Promise<StoredTrial | undefined> {
    const entry = this.trials.get(id);
    if (!entry || entry.trial) return entry?.trial;
    let restoring = this.restoring.get(id);
    if (!restoring) {
      restoring = this.restore(id, entry).finally(() => this.restoring.delete(id));
      this.restoring.set(id, restoring);
    }
    return restoring;
  }

  private async restore(id: string, entry: { record: TrialRecord; trial?: StoredTrial }): Promise<StoredTrial | undefined> {
    const { record } = entry;
    const world = await this.durable?.world(record.scenario);
    if (!world || worldFingerprint(world) !== record.world) {
      this.forget(id);
      return undefined;
    }
    // its command and decisions as stored: the log they give is the one its watchers saw
    const decisions: EngagementDecision[] = (this.durable?.db.decisions(id) ?? []).map((d) => ({
      nation: d.nation,
      weapon: d.weapon,
      object: d.object,
      verdict: d.verdict,
      t: d.t,
    }));
    const command = record.command;
    const events = await this.compute(world, record.seed, command, decisions);
    if (this.trials.get(id) !== entry) return undefined;
    entry.trial = {
      id,
      scenario: record.scenario,
      seed: record.seed,
      startedBy: record.startedBy,
      nation: record.nation,
      world,
      events,
      decisions,
      ...(command ? { command } : {}),
    };
    return entry.trial;
  }

  /** Trials `nation` keeps, oldest first. */
  keptBy(nation: NationCode): string[] {
    return [...(this.kept.get(nation) ?? [])];
  }

  /** Runs a trial of `world` (a live one under `command`, when some nation commands) and stores it for the user's nation. */
  async run(
    scenario: string,
    world: World,
    seed: number,
    user: { id: string; nation: NationCode },
    live = false,
    command?: TrialCommand,
  ): Promise<StoredTrial> {
    const events = await this.compute(world, seed, command, [], { nation: user.nation, user: user.id });
    const trial: StoredTrial = {
      id: randomUUID(),
      scenario,
      seed,
      startedBy: user.id,
      nation: user.nation,
      world,
      events,
      decisions: [],
      ...(command ? { command } : {}),
    };
    const record: TrialRecord = {
      id: trial.id,
      scenario,
      seed,
      startedBy: user.id,
      nation: user.nation,
      live,
      world: this.durable ? worldFingerprint(world) : '',
      ...(command ? { command } : {}),
    };
    this.durable?.db.addTrial(record);
    this.trials.set(trial.id, { record, trial, keptBy: new Set() });
    this.keep(trial, user.nation);
    return trial;
  }

  /**
   * The live trial of a scenario and seed: one trial is a pure function of the world and the seed, so
   * a live trial already run (and still stored) is shared rather than run again (and then kept for this
   * nation too). `beforeRun` is called only when the trial must be run (a cap may throw there).
   */
  async liveTrial(
    scenario: string,
    world: World,
    seed: number,
    user: { id: string; nation: NationCode },
    beforeRun: () => void = () => {},
    command?: TrialCommand,
  ): Promise<StoredTrial> {
    const key = `${scenario}#${seed}`;
    const known = (await this.get(this.live.get(key) ?? '')) ?? (await this.computing.get(key)?.catch(() => undefined));
    if (known && known.world === world) {
      this.keep(known, user.nation);
      return known;
    }
    beforeRun();
    const run = this.run(scenario, world, seed, user, true, command)
      .then((trial) => {
        this.live.set(key, trial.id);
        return trial;
      })
      .finally(() => this.computing.delete(key));
    this.computing.set(key, run);
    return run;
  }

  /** Keeps a trial for `nation` as its newest; drops that nation's oldest beyond the limit. */
  keep(trial: StoredTrial, nation: NationCode): void {
    const entry = this.trials.get(trial.id);
    if (!entry) return;
    let ids = this.kept.get(nation);
    if (!ids) this.kept.set(nation, (ids = new Set()));
    ids.delete(trial.id);
    ids.add(trial.id);
    entry.keptBy.add(nation);
    this.keepSeq += 1;
    this.durable?.db.keepTrial(nation, trial.id, this.keepSeq);
    for (const old of ids) {
      if (ids.size <= this.maxPerNation) break;
      ids.delete(old);
      const e = this.trials.get(old);
      e?.keptBy.delete(nation);
      this.durable?.db.unkeepTrial(nation, old);
      if (e && e.keptBy.size === 0) this.forget(old);
    }
  }

  /** Drops a trial no nation keeps (or that cannot be restored), with its record and decisions. */
  private forget(id: string): void {
    const e = this.trials.get(id);
    if (!e) return;
    this.trials.delete(id);
    for (const ids of this.kept.values()) ids.delete(id);
    const key = `${e.record.scenario}#${e.record.seed}`;
    if (this.live.get(key) === id) this.live.delete(key);
    this.durable?.db.dropTrial(id);
  }

  /**
   * A commander's decision: the trial's log is computed again with it (identical before `decision.t`);
   * its views are recomputed. The decision counts at once (a second one on the same engagement is
   * refused); recomputations of one trial are applied in the order the decisions came.
   */
  async decide(trial: StoredTrial, decision: EngagementDecision, lane?: Lane): Promise<void> {
    trial.decisions.push(decision);
    const decisions = [...trial.decisions];
    const before = this.deciding.get(trial) ?? Promise.resolve();
    const events = this.compute(trial.world, trial.seed, trial.command, decisions, lane);
    const applied = before.then(async () => {
      const log = await events;
      // the nations that had a view of the old log get one of the new (on the view computer) before it replaces the old
      const nations = new Set([...(this.prepared.get(trial.events)?.keys() ?? []), ...(this.ready.get(trial.events)?.keys() ?? [])]);
      await Promise.all([...nations].map((nation) => this.prepareLog(trial, log, nation, lane)));
      trial.events = log;
    });
    this.deciding.set(
      trial,
      applied.catch(() => {}),
    );
    await applied;
  }

  /**
   * Computes (once per log and nation, on the view computer: the trial pool's threads in the server)
   * what `nation` receives of the trial's current log — its filtered log and its scene — so that
   * view() and scene() then only read it. Every route and session calls it before reading those.
   */
  async prepare(trial: StoredTrial, nation: NationCode, lane?: Lane): Promise<void> {
    await this.prepareLog(trial, trial.events, nation, lane);
  }

  private prepareLog(trial: StoredTrial, log: readonly EngineEvent[], nation: NationCode, lane?: Lane): Promise<Prepared> {
    let byNation = this.prepared.get(log);
    if (!byNation) this.prepared.set(log, (byNation = new Map()));
    let p = byNation.get(nation);
    if (!p) {
      const weaponTypes = this.weaponTypes(trial.scenario);
      p = Promise.all([
        this.views(trial.world, log, 'visible', { nation }, lane),
        this.views(trial.world, log, 'scene', { nation, weaponTypes }, lane),
      ]).then(([events, scene]) => {
        const done: Prepared = { view: new NationView(trial.world, nation, events, true), scene };
        let ready = this.ready.get(log);
        if (!ready) this.ready.set(log, (ready = new Map()));
        ready.set(nation, done);
        return done;
      });
      byNation.set(nation, p);
      // a failure is not kept: the next request computes again
      p.catch(() => byNation.delete(nation));
    }
    return p;
  }

  /** What `nation` receives of the trial's current log, computed here when prepare() was not awaited first (unit tests). */
  private preparedNow(trial: StoredTrial, nation: NationCode): Prepared {
    const log = trial.events;
    let ready = this.ready.get(log);
    if (!ready) this.ready.set(log, (ready = new Map()));
    let done = ready.get(nation);
    if (!done) {
      ready.set(
        nation,
        (done = {
          view: new NationView(trial.world, nation, log),
          scene: nationScene(trial.world, log, nation, this.weaponTypes(trial.scenario)),
        }),
      );
    }
    return done;
  }

  view(trial: StoredTrial, nation: NationCode): NationView {
    return this.preparedNow(trial, nation).view;
  }

  /** The scene of a trial as `nation`'s users may see it (scene.ts, sceneForNation). */
  scene(trial: StoredTrial, nation: NationCode): NationScene {
    return this.preparedNow(trial, nation).scene;
  }

  /** The trial's current log in `nation`'s view as text in a format (export/), on the view computer. */
  exportText(trial: StoredTrial, nation: NationCode, format: ExportFormat, lane?: Lane): Promise<string> {
    return this.views(
      trial.world,
      trial.events,
      'export',
      { nation, format, scenario: trial.scenario, seed: trial.seed, weaponTypes: this.weaponTypes(trial.scenario) },
      lane,
    );
  }
}
