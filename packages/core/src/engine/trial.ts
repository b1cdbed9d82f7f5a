import { aircraftDetections } from './aircraft-detections.ts';
import { airDefense } from './air-defense.ts';
import { planEngagements, type ThreatTrackPicture, type WindowCache } from '../c2/battle-manager.ts';
import { sensorShare } from '../c2/national-policy.ts';
import { Random } from '../random/sfc32.ts';
import { pathFromSamples, type ThreatPath } from '../weapons/fire-control.ts';
import { launchMissiles } from './launches.ts';
import { commandedShot, finishTrial, flyBoostPhase, geodeticAt, insertAfter, nextShot, shotFlyout } from './engagement-steps.ts';
import { runEstimatedTrial, type TrialKinds } from './estimated-trial.ts';
import type { EngineEvent } from './events.ts';
import type { LiveCommand } from './live-command.ts';
import type { SensorKind, TruthLooks } from '../sensors/kind.ts';
import type { TrackWeapon } from '../weapons/kind.ts';
import { trackArsenal } from '../weapons/kinds.ts';
import { sensorTablesOf } from '../sensors/kind-tables.ts';
import { SENSOR_KINDS } from '../sensors/kinds.ts';
import type { Detection, World, WorldObject } from './world.ts';

/**
 * One trial: runTrial(world, seed) -> the time-ordered event log. Deterministic: every random draw
 * comes from one seeded generator consumed in a fixed order (sensor looks by radar then object, then
 * boost-phase shots by launch order, then the other shots by intercept time), so the same world and
 * seed give the same log on any machine and in any worker.
 *
 * The trial, in the order a defense lives it:
 * 1. Missiles launch (launches.ts); the battle manager plans the boost phase (c2/boost-phase-plan.ts):
 *    each boost-phase weapon kind (weapons/kinds.ts; the space layers: the satellites that can reach the
 *    boost) engages each boost, owner policy and approvals permitting (approvals add to the decision
 *    latency), and the engine flies the shots (flyBoostPhase); a kill in boost destroys every object the
 *    missile would have released.
 * 2. The sensors look through their kinds (sensors/kind.ts, the table sensors/kinds.ts): ground radars look at
 *    each released object every revisit interval: line-of-sight radars detect with their Swerling I
 *    probability (sensors/radar/), over-the-horizon radars with their Pd inside their band (sensors/oth/).
 *    Space infrared sensors add what they see (sensors/space-ir/; the same in every trial, computed once
 *    with the world): a launch warning (one satellite sees the boost plume,
 *    SBIRS GEO/HEO or the tracking layer) is a `detect` event on the missile that cues but does not count
 *    toward commit; a stereo fix (two or more satellites of one constellation see a released object in
 *    one frame: a triangulated 3-D position) counts as one detection, like a radar's; one satellite's
 *    line of sight does not. A nation commits to a track once the sensors it may use (its own and those
 *    shared with it by the policy, sensorShare) have detected the object `detectionsToCommit` times.
 * 3. Each planning nation's battle manager plans its own batteries' shots on the tracks it holds
 *    (national policy, launch windows, weapon-target assignment, doctrine).
 * 4. Shots fly in order of intercept time; each kills with its single-shot Pk; a miss triggers the
 *    planned shoot-look-shoot follow-up or hand-over to a lower layer when rounds remain.
 * 5. Objects not destroyed impact.
 * Tracks are taken to follow the truth once committed (track error enters through the interceptors'
 * test-record Pk); discrimination is not modelled yet, so decoys draw fire like warheads.
 */
/** Per-world caches of seed-independent results (launch windows), kept while the world lives. */
const caches = new WeakMap<World, WindowCache>();

/**
 * One trial: a pure function of the world and the seed (and, in a live trial, of the commanders'
 * decisions received so far: `options.command`, live-command.ts) that returns the event log. The sensors
 * are looked through by kind (`options.sensorKinds`, default sensors/kinds.ts SENSOR_KINDS), each handed its
 * own tables (sensors/kind-tables.ts); the boost phase is planned with `options.boostKinds` (default
 * weapons/kinds.ts BOOST_PHASE_KINDS).
 */
export function runTrial(world: World, seed: number, options: { command?: LiveCommand } & TrialKinds = {}): EngineEvent[] {
  const kinds = options.sensorKinds ?? SENSOR_KINDS;
  const rng = new Random(seed);
  let cache = caches.get(world);
  if (!cache) {
    cache = new Map(Object.entries(world.windows ?? {}));
    caches.set(world, cache);
  }
  const events: EngineEvent[] = [];
  const { earth, policy } = world;
  const destroyed = new Map<string, number>(); // object id -> time destroyed
  const paths = new Map<string, ThreatPath>(world.objects.map((o) => [o.id, pathFromSamples(o.flight)]));

  if ((world.settings.tracks ?? 'estimated') === 'estimated')
    return runEstimatedTrial(world, seed, cache, undefined, options.command, options);
  // 1. Launches and boost-phase engagements
  const air = airDefense(world, seed, { command: options.command });
  const missiles = launchMissiles(world, events, air?.beforeLaunches(events, destroyed));
  // the battle manager plans the boost phase on launch cues; the engine flies it (the trial's main stream)
  flyBoostPhase(world, missiles, rng, events, destroyed, options.boostKinds);

  // 2. Radar looks at the released objects, and when each nation may commit to each object
  const alive = world.objects.filter((o) => !destroyed.has(o.id));
  const detections = new Map<string, Detection[]>(alive.map((o) => [o.id, []]));
  // each kind's looks drawn from the main stream, the air's first detections, then the seed-independent reports
  // (each kind handed its own tables)
  const looksOf = (kind: SensorKind): TruthLooks => ({
    alive,
    paths,
    rng,
    events,
    into: detections,
    missiles,
    destroyed,
    tables: sensorTablesOf(world, kind, 'truth'),
  });
  for (const kind of kinds) kind.truthLooks?.(world, looksOf(kind));
  aircraftDetections(world, seed, events, kinds);
  for (const kind of kinds) kind.launchWarnings?.(world, looksOf(kind));
  for (const kind of kinds) kind.truthReports?.(world, looksOf(kind));
  air?.afterDetections(events, destroyed);
  for (const list of detections.values()) list.sort((a, b) => a.t - b.t || (a.sensor < b.sensor ? -1 : 1));

  // 3-4. Each planning nation plans its batteries' shots on the tracks it holds; shots fly (the weapons of the
  // track-engaged kinds, options.trackKinds: weapons/kinds.ts)
  const arsenal = trackArsenal(world, options.trackKinds);
  const inventory = new Map(arsenal.weapons.map((b) => [b.id, b.inventory]));
  interface Shot {
    t: number;
    launch: number;
    object: WorldObject;
    battery: TrackWeapon;
    nation: string;
    shot: number;
    followUp: number | null;
    handOver: { battery: string; launchTime: number; interceptTime: number } | null;
  }
  const queue: Shot[] = [];
  for (const nation of world.settings.planningNations) {
    const own = arsenal.weapons.filter((b) => b.owner === nation).map((b) => ({ ...b, inventory: inventory.get(b.id) ?? 0 }));
    if (own.length === 0) continue;
    const pictures: ThreatTrackPicture[] = [];
    for (const o of alive) {
      if (destroyed.has(o.id)) continue;
      const usable = (detections.get(o.id) ?? []).filter((d) => sensorShare(policy, nation, d.sensor).shared);
      if (usable.length < world.settings.detectionsToCommit) continue;
      const commit = usable[world.settings.detectionsToCommit - 1].t;
      const sources = [...new Set(usable.map((d) => d.sensor))];
      events.push({ t: commit, type: 'track', object: o.id, nation, sources });
      pictures.push({ id: o.id, sources, path: paths.get(o.id) as ThreatPath, aimedAt: o.aimedAt, commitTime: commit });
    }
    if (pictures.length === 0) continue;
    const plan = planEngagements(policy, nation, own, pictures, world.defended, earth, world.doctrine, cache, arsenal.kindOf);
    for (const r of plan.refused)
      events.push({
        t: (pictures.find((p) => p.id === r.threat) as ThreatTrackPicture).commitTime,
        type: 'refuse',
        object: r.threat,
        weapon: r.battery,
        nation,
        reason: r.reason,
      });
    const count = new Map<string, number>();
    for (const s of plan.shots) {
      const battery = own.find((b) => b.id === s.battery) as TrackWeapon;
      const object = alive.find((o) => o.id === s.threat) as WorldObject;
      const k = (count.get(s.threat) ?? 0) + 1;
      count.set(s.threat, k);
      events.push({
        t: s.launchTime - s.approvalDelay,
        type: 'assign',
        object: s.threat,
        weapon: s.battery,
        owner: battery.owner,
        nation,
        approvalDelay: s.approvalDelay,
        approvals: s.approvals.map(({ nation: n, delay }) => ({ nation: n, delay })),
        reason: s.reason,
      });
      inventory.set(battery.id, (inventory.get(battery.id) ?? 0) - 1);
      const flies = commandedShot(world, arsenal, options.command, events, {
        object: s.threat,
        battery,
        nation,
        request: s.launchTime - s.approvalDelay,
        launch: s.launchTime,
        intercept: s.interceptTime,
        approvals: s.approvals,
        path: paths.get(s.threat) as ThreatPath,
        impactTime: object.impactTime,
      });
      if (!flies) continue;
      queue.push({
        t: flies.intercept,
        launch: flies.launch,
        object,
        battery,
        nation,
        shot: k,
        followUp: s.followUpLaunchTime,
        handOver: s.handOver,
      });
    }
  }
  queue.sort(
    (a, b) =>
      a.t - b.t ||
      a.launch - b.launch ||
      (a.battery.id < b.battery.id ? -1 : a.battery.id > b.battery.id ? 1 : 0) ||
      (a.object.id < b.object.id ? -1 : 1),
  );
  // shots resolve in intercept-time order; follow-ups join the queue
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    const path = paths.get(s.object.id) as ThreatPath;
    events.push({
      t: s.launch,
      type: 'fire',
      object: s.object.id,
      weapon: s.battery.id,
      owner: s.battery.owner,
      layer: s.battery.assetClass,
      shot: s.shot,
      plannedIntercept: s.t,
    });
    events.push(shotFlyout(world, arsenal, s.battery, s.object.id, s.shot, s.launch, s.t, path));
    const before = destroyed.get(s.object.id);
    const already = before !== undefined && before <= s.t;
    const hit = rng.next() < arsenal.kindOf(s.battery).singleShotPk(s.battery);
    events.push({
      t: s.t,
      type: 'intercept',
      object: s.object.id,
      weapon: s.battery.id,
      layer: s.battery.assetClass,
      shot: s.shot,
      hit,
      point: geodeticAt(path, s.t, world),
      alreadyDestroyed: already,
    });
    if (hit && !already) destroyed.set(s.object.id, s.t);
    const assessed = s.t + world.doctrine.killAssessmentDelay;
    events.push({ t: assessed, type: 'kill-assess', object: s.object.id, weapon: s.battery.id, killed: destroyed.has(s.object.id) });
    if (destroyed.has(s.object.id)) continue;
    // a miss: the planned follow-up (same battery), else hand-over to a lower layer, if rounds remain
    const n = nextShot(world, arsenal, s, path, s.object.impactTime, assessed, inventory);
    if (n)
      insertAfter(queue, q, {
        t: n.solution.interceptTime,
        launch: n.launch,
        object: s.object,
        battery: n.battery,
        nation: s.nation,
        shot: s.shot + 1,
        followUp: null,
        handOver: null,
      });
  }

  // 5. What was not destroyed lands
  return finishTrial(world, events, destroyed);
}
