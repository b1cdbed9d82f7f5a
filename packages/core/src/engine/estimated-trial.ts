import { type EngagementPlan, planEngagements, type ThreatTrackPicture, type WindowCache } from '../c2/battle-manager.ts';
import { type NationCode, type SensorShare, sensorShare } from '../c2/national-policy.ts';
import { type TerminalWait, terminalWait } from '../c2/terminal-wait.ts';
import { Random } from '../random/sfc32.ts';
import { streamFor } from './random-streams.ts';
import { aircraftDetections } from './aircraft-detections.ts';
import { airDefense } from './air-defense.ts';
import { airTrackView, bomberTargets, cruiseTargets } from './air-tracks.ts';
import { logOdds, probabilityFromLogOdds } from '../tracking/discrimination.ts';
import { FloorHandoverFilter } from '../tracking/floor-handover.ts';
import { type NationTrack, NationTracker, type TrackSnapshot } from '../tracking/nation-tracker.ts';
import type { SnapshotLog } from '../tracking/snapshot-log.ts';
import { pathFromSamples, type ThreatPath } from '../weapons/fire-control.ts';
import { acquisitionProbability, projectedTrace } from '../weapons/handover.ts';
import type { LaunchWindow, TrackWeapon, TrackWeaponSpec } from '../weapons/kind.ts';
import { type EngineEvent, NO_OBJECT_ID } from './events.ts';
import type { EstimatedLooks, KillWatcher, RawScan, SensorKind, TrackedSensor } from '../sensors/kind.ts';
import { sensorTablesOf } from '../sensors/kind-tables.ts';
import { SENSOR_KINDS } from '../sensors/kinds.ts';
import { type BoostPhaseKind, type TrackKind, trackArsenal } from '../weapons/kinds.ts';
import { launchMissiles } from './launches.ts';
import { receivedScans, ShareNoise } from './shared-scans.ts';
import { commandedShot, finishTrial, flyBoostPhase, geodeticAt, insertAfter, nextShot, shotFlyout } from './engagement-steps.ts';
import type { LiveCommand } from './live-command.ts';
import { DEFAULT_TRACKER, type TrackerSettings, type World } from './world.ts';

/**
 * The kind tables a trial runs with (defaults: sensors/kinds.ts SENSOR_KINDS, weapons/kinds.ts
 * BOOST_PHASE_KINDS and TRACK_ENGAGED_KINDS): a kind the engine does not name (its assets in World.kindAssets)
 * joins a trial here.
 */
export interface TrialKinds {
  sensorKinds?: readonly SensorKind[];
  boostKinds?: readonly BoostPhaseKind[];
  trackKinds?: readonly TrackKind[];
}

/**
 * One trial on estimated tracks (the default track mode; docs/closed-kill-chain.md):
 *
 * 1. Launches and boost-phase engagements, as in every trial (launchMissiles, then flyBoostPhase: the
 *    battle manager plans them, c2/boost-phase-plan.ts; the trial's main random stream): the boost phase is
 *    engaged on launch cues, not on tracks.
 * 2. Sensors measure, never report truth; the engine looks through each kind of `trialKinds.sensorKinds`
 *    (sensors/kind.ts; default sensors/kinds.ts), handing each its own seed-independent tables (built with
 *    the world, sensors/kind-tables.ts). Line-of-sight radars look at every object on their tracking
 *    scans (geometry and Pd precomputed with the world, precomputeRadarLooks); a detection is a
 *    range/azimuth/elevation with the radar's catalog noise, and a discriminating radar draws a
 *    warhead/decoy label through its confusion model at most every labelInterval. Space infrared
 *    tracking layers give stereo fixes (3-D positions with the geometry's error). Over-the-horizon radars
 *    and launch-warning satellites cue (detect events) but give nothing a fire-control filter can use.
 *    Each sensor draws from its own stream (seeded by the trial seed and the sensor id), so removing one
 *    sensor does not change what the others measure: paired comparisons share their random numbers.
 * 3. Each planning nation builds its own tracks from the measurements its policy lets it use (its own;
 *    shared ones at the sharing rule's delay, degraded by its sigma factor): NationTracker (gating, GNN,
 *    M-of-N, ballistic EKF, P(warhead) from labels). Nations with the same usable sensors, delays and
 *    factors share one picture. Cruise missiles' looks are not fed to this ballistic tracker: they are
 *    the air tracks' (air-tracks.ts; the air layer fights on them, air-defense.ts).
 * 4. A nation commits to a track when the handover error a kill vehicle would get at the earliest
 *    intercept it can fly (the track's position covariance projected to then) fits the interceptor's
 *    divert basket with probability commitAcquisition. It decides to engage when it must (at the later
 *    of the commit and the first launch any of its batteries could make), on P(warhead) as then known:
 *    tracks judged decoys (P below engageWarheadProbability) are not engaged, the others are valued at
 *    P(warhead) x defended value by the weapon-target assignment (planEngagements).
 * 5. A shot meets the object its track follows (a decoy, if the track is on one). Its kill vehicle
 *    acquires that object with the probability its handover error allows (projected from the track at
 *    launch to the intercept), then kills with the catalog's single-shot Pk.
 * 6. Kill assessment: the nation learns the outcome only from a usable sensor that watches the intercept
 *    (the one with the best call accuracy), right with that sensor's probability; with none, the shot
 *    counts as a miss. Shoot-look-shoot follow-ups and hand-overs act on the assessed outcome, so a wrong
 *    "killed" stops fire and a wrong "missed" spends a round on debris.
 *
 * Simplifications (docs/closed-kill-chain.md): one planning pass per nation (the plan covers every track
 * it commits, each from its own commit time); the geometry of launch windows is the followed object's
 * (the estimate enters through the handover error); a track's aim point is its object's. Radars give false
 * detections (sensors/radar/false-alarms.ts): a track on them follows no object (NO_OBJECT), is not
 * committed while it does (it has no geometry to plan on), and a shot whose track follows none at launch
 * meets nothing (NO_OBJECT_ID in the log). Below the tracker's floor a track runs the re-entry filter
 * (ballistic coefficient from the drag).
 */
export function runEstimatedTrial(
  world: World,
  seed: number,
  cache: WindowCache,
  inspect?: (nation: NationCode, tracks: readonly NationTrack[]) => void,
  command?: LiveCommand,
  trialKinds: TrialKinds = {},
): EngineEvent[] {
  const kinds = trialKinds.sensorKinds ?? SENSOR_KINDS;
  const rng = new Random(seed);
  const events: EngineEvent[] = [];
  const destroyed = new Map<string, number>();
  const build: PictureBuilder = (...args) => buildPicture(world, seed, ...args);
  const air = airDefense(world, seed, {
    command,
    tracking: {
      bombers: (log) => airTrackView(world, seed, 'air-track', bomberTargets(world), build, log, kinds),
      cruise: (gone, log) => airTrackView(world, seed, 'cruise-track', cruiseTargets(world, gone), build, log, kinds),
    },
  });
  const missiles = launchMissiles(world, events, air?.beforeLaunches(events, destroyed));
  // the battle manager plans the boost phase on launch cues; the engine flies it (the trial's main stream)
  flyBoostPhase(world, missiles, rng, events, destroyed, trialKinds.boostKinds);
  const settings = world.settings.tracker ?? DEFAULT_TRACKER;
  const { earth, policy } = world;
  const objects = world.objects;
  const paths: ThreatPath[] = objects.map((o) => pathFromSamples(o.flight));
  const boostKilled = (oi: number): boolean => destroyed.has(objects[oi].id);
  // an event's object: the world's id, or NO_OBJECT_ID for a track on false alarms (object index < 0)
  const idOf = (oi: number): string => (oi >= 0 ? objects[oi].id : NO_OBJECT_ID);
  const statics = worldStatics(world, kinds);

  // 2a. cues: launch warnings and over-the-horizon detections (not fire-control measurements); each kind is
  // handed its own tables
  const tablesOf = (kind: SensorKind): unknown => sensorTablesOf(world, kind, 'estimated');
  const looksOf = (kind: SensorKind): EstimatedLooks => ({
    seed,
    objects,
    paths,
    boostKilled,
    events,
    tables: tablesOf(kind),
    labelInterval: settings.labelInterval,
  });
  for (const kind of kinds) kind.launchWarnings?.(world, { missiles, destroyed, events, tables: tablesOf(kind) });
  for (const kind of kinds) kind.cues?.(world, looksOf(kind));

  aircraftDetections(world, seed, events, kinds);

  // 2b. fire-control measurements, per sensor, in time order (sensors numbered kind by kind)
  const raw: RawScan[] = [];
  const tracked: TrackedSensor[] = [];
  for (const kind of kinds) {
    if (!kind.fireControl) continue;
    const first = tracked.length;
    tracked.push(...kind.fireControl.sensors(world));
    for (const scan of kind.fireControl.scans(world, looksOf(kind), first)) raw.push(scan);
  }
  raw.sort((a, b) => a.t - b.t || a.sensorIndex - b.sensorIndex);
  // the air layer: fighters and ground batteries against the cruise missiles, cued on the detections above
  air?.afterDetections(events, destroyed);

  // 3-4. each planning nation: its track picture, commits, its plan (with the weapons of the track-engaged kinds)
  const sensorIds = tracked.map((s) => s.id);
  const arsenal = trackArsenal(world, trialKinds.trackKinds);
  const inventory = new Map(arsenal.weapons.map((b) => [b.id, b.inventory]));
  // a weapon's window against an object: the world's table for a kind that precomputes it (a missing key: none),
  // else solved on first use and kept in the per-world cache (as the battle manager's windowFrom does)
  const objectIndex = new Map(objects.map((o, i) => [o.id, i]));
  const windowOf = (b: TrackWeapon, object: string): LaunchWindow | null => {
    const key = `${b.id}|${object}`;
    const kind = arsenal.kindOf(b);
    if (kind.windowsInWorld || cache.has(key)) return cache.get(key) ?? null;
    const path = paths[objectIndex.get(object) as number];
    const w = kind.window(b, path, { earth, notBefore: path.start });
    cache.set(key, w);
    return w;
  };
  const pictures = new Map<string, NationPicture>();
  interface Shot {
    t: number;
    launch: number;
    /** What the shot meets: the object its track follows at launch (NO_OBJECT: a false track, nothing). */
    object: number;
    /** The object whose path the shot flies at: `object`, or for a false track the object the plan was made on. */
    geometry: number;
    track: NationTrack;
    handover: Handover | null;
    battery: TrackWeapon;
    nation: NationCode;
    shot: number;
    followUp: number | null;
    handOver: { battery: string; launchTime: number; interceptTime: number } | null;
  }
  const queue: Shot[] = [];
  type Planned = ThreatTrackPicture & { track: NationTrack; object: number };
  // a plan's shots: refusals and assignments logged, rounds taken, each shot as live command lets it fly
  const schedule = (
    nation: NationCode,
    own: readonly TrackWeapon[],
    plan: EngagementPlan,
    byId: ReadonlyMap<string, Planned>,
    firstShot: number,
    add: (shot: Shot) => void,
  ): void => {
    for (const r of plan.refused) {
      const th = byId.get(r.threat);
      if (th) events.push({ t: th.commitTime, type: 'refuse', object: objects[th.object].id, weapon: r.battery, nation, reason: r.reason });
    }
    const count = new Map<string, number>();
    for (const s of plan.shots) {
      const th = byId.get(s.threat) as Planned;
      // no interceptor is launched on a track the nation dropped before the launch (no handover to give)
      if (!heldAt(th.track, s.launchTime)) continue;
      const battery = own.find((b) => b.id === s.battery) as TrackWeapon;
      const k = (count.get(th.id) ?? firstShot - 1) + 1;
      count.set(th.id, k);
      const handover = handoverAt(th.track, s.launchTime, s.interceptTime, battery.spec, settings);
      const geometry = handover.object >= 0 ? handover.object : th.object;
      events.push({
        t: s.launchTime - s.approvalDelay,
        type: 'assign',
        object: idOf(handover.object),
        weapon: s.battery,
        owner: battery.owner,
        nation,
        approvalDelay: s.approvalDelay,
        approvals: s.approvals.map(({ nation: n, delay }) => ({ nation: n, delay })),
        reason: s.reason,
        track: `${nation}:T${th.track.id}`,
        pWarhead: round3(th.pWarhead ?? 1),
        handoverError: Math.round(handover.sigma),
        pAcquire: round3(handover.pAcquire),
      });
      inventory.set(battery.id, (inventory.get(battery.id) ?? 0) - 1);
      const flies = commandedShot(world, arsenal, command, events, {
        object: idOf(handover.object),
        battery,
        nation,
        request: s.launchTime - s.approvalDelay,
        launch: s.launchTime,
        intercept: s.interceptTime,
        approvals: s.approvals,
        path: paths[geometry],
        impactTime: objects[geometry].impactTime,
      });
      if (!flies) continue;
      const moved = flies.launch !== s.launchTime;
      add({
        t: flies.intercept,
        launch: flies.launch,
        object: handover.object,
        geometry,
        track: th.track,
        handover: moved ? handoverAt(th.track, flies.launch, flies.intercept, battery.spec, settings) : handover,
        battery,
        nation,
        shot: k,
        followUp: s.followUpLaunchTime,
        handOver: s.handOver,
      });
    }
  };
  // the terminal layer's decision at the end of its wait for the air, on the P(warhead) held then (logged)
  const terminalDecision = (nation: NationCode, track: NationTrack, oi: number, t: number): { t: number; p: number } | null => {
    if (!heldAt(track, t)) return null; // dropped during the wait: nothing is decided on it
    const held = latestBefore(track.snapshots, t);
    const p = probabilityFromLogOdds(held?.logOdds ?? logOdds(settings.priorWarhead));
    const engage = p >= settings.engageWarheadProbability;
    events.push({
      t,
      type: 'track',
      object: idOf(held?.object ?? oi),
      nation,
      sources: [...track.sources],
      track: `${nation}:T${track.id}`,
      pWarhead: round3(p),
      engage,
      layer: TERMINAL,
    });
    return engage ? { t, p } : null;
  };
  for (const nation of world.settings.planningNations) {
    const own = arsenal.weapons.filter((b) => b.owner === nation).map((b) => ({ ...b, inventory: inventory.get(b.id) ?? 0 }));
    if (own.length === 0) continue;
    const shares = sensorIds.map((id) => sensorShare(policy, nation, id));
    const key = shares.map((s) => (s.shared ? `${s.delay}/${s.sigmaFactor}` : '-')).join(',');
    let picture = pictures.get(key);
    if (!picture) {
      picture = buildPicture(world, seed, 'ballistic', raw, shares, tracked, settings);
      pictures.set(key, picture);
    }
    inspect?.(nation, picture.tracks);
    const end = Math.max(...objects.map((o) => o.impactTime));
    events.push({ t: end, type: 'measurements', nation, counts: Object.fromEntries([...picture.counts].filter(([, c]) => c > 0)) });
    const label = (tr: NationTrack): string => `${nation}:T${tr.id}`;
    for (const tr of picture.tracks) {
      if (tr.confirmedAt === null) continue;
      events.push({
        t: tr.confirmedAt,
        type: 'track-birth',
        object: idOf(tr.snapshots.at(0)?.object ?? tr.object),
        nation,
        track: label(tr),
      });
      for (const c of tr.pChanges) events.push({ t: c.t, type: 'p-warhead', object: idOf(c.object), nation, track: label(tr), p: c.p });
    }
    // commits: the first update whose handover error, projected to the earliest intercept the nation's
    // batteries can fly, fits a kill vehicle's basket with probability commitAcquisition
    const committed: Array<{ tr: NationTrack; at: TrackSnapshot; object: number }> = [];
    for (const tr of picture.tracks) {
      for (const s of tr.snapshots) {
        // a track on false alarms has no object whose geometry the plan could fly against: not committed while it follows none
        if (s.object < 0) continue;
        const best = earliestOpportunity(own, objects[s.object].id, s.knownAt, windowOf);
        if (!best) continue;
        if (acquisitionProbability(best.spec, projectedTrace(s.P, best.interceptTime - s.t)) >= settings.commitAcquisition) {
          committed.push({ tr, at: s, object: s.object });
          break;
        }
      }
    }
    committed.sort((a, b) => a.at.knownAt - b.at.knownAt || a.tr.id - b.tr.id);
    const threats: Array<ThreatTrackPicture & { track: NationTrack; object: number }> = [];
    const usedIds = new Set<string>();
    for (const c of committed) {
      const o = objects[c.object];
      // the battle manager decides no earlier than it could launch, and waits discriminationWait for the
      // discriminating sensors' labels, never past half-way to the last launch any battery could make (so
      // that a shot decided late still has a window, a look and another shot): 'battlespace' waits that long
      const open = earliestOpportunity(own, o.id, c.at.knownAt, windowOf);
      const start = Math.max(c.at.knownAt, open?.launchTime ?? c.at.knownAt);
      const halfway = start + (latestLaunch(own, o.id, windowOf) - start) / 2;
      const deadline = Math.max(
        start,
        settings.discriminationWait === 'battlespace' ? halfway : Math.min(start + settings.discriminationWait, halfway),
      );
      // it decides on all the evidence held by then (a decision at the first decisive moment would let a
      // run of wrong labels settle it: a sequential test's error grows with every look it is given)
      const decideAt = deadline;
      // a track the nation dropped before its decision is no longer held: nothing is decided on it (the
      // object, if still seen, is decided on the track that holds it now)
      if (!heldAt(c.tr, decideAt)) continue;
      const p = probabilityFromLogOdds(latestBefore(c.tr.snapshots, decideAt)?.logOdds ?? c.at.logOdds);
      const engage = p >= settings.engageWarheadProbability;
      events.push({
        t: decideAt,
        type: 'track',
        object: o.id,
        nation,
        sources: [...c.tr.sources],
        track: label(c.tr),
        pWarhead: round3(p),
        engage,
      });
      if (!engage) continue;
      const id = usedIds.has(o.id) ? `${o.id}@${label(c.tr)}` : o.id;
      usedIds.add(id);
      threats.push({
        id,
        sources: [...c.tr.sources],
        path: paths[c.object],
        aimedAt: o.aimedAt,
        commitTime: decideAt,
        held: true,
        pWarhead: p,
        windowObject: o.id,
        track: c.tr,
        object: c.object,
      });
    }
    if (threats.length === 0) continue;
    const plan = planEngagements(policy, nation, own, threats, world.defended, earth, world.doctrine, cache, arsenal.kindOf);
    // the terminal doctrine that waits for the air: an undecided track's terminal shots are held; those no
    // upper layer engages are decided again at the wait's end, on the drag evidence held then
    const waits = new Map<string, number>();
    if (settings.terminalWait === 'atmosphere') {
      for (const th of threats) {
        const w = terminalWaitOf(world, own, th.object, th.commitTime, th.pWarhead ?? 1, settings, statics, paths, windowOf);
        if (w.wait) waits.set(th.id, w.until);
      }
      plan.shots = plan.shots.filter((s) => !(waits.has(s.threat) && isTerminal(own, s.battery)));
    }
    const byId = new Map(threats.map((th) => [th.id, th]));
    schedule(nation, own, plan, byId, 1, (shot) => queue.push(shot));
    const upper = new Set(plan.shots.map((s) => s.threat));
    const later: typeof threats = [];
    for (const th of threats
      .filter((x) => waits.has(x.id) && !upper.has(x.id))
      .sort((a, b) => (waits.get(a.id) as number) - (waits.get(b.id) as number) || a.track.id - b.track.id)) {
      const decision = terminalDecision(nation, th.track, th.object, waits.get(th.id) as number);
      if (decision) later.push({ ...th, commitTime: decision.t, pWarhead: decision.p });
    }
    if (later.length === 0) continue;
    const terminal = own.filter((b) => b.assetClass === TERMINAL).map((b) => ({ ...b, inventory: inventory.get(b.id) ?? 0 }));
    const plan2 = planEngagements(policy, nation, terminal, later, world.defended, earth, world.doctrine, cache, arsenal.kindOf);
    schedule(nation, terminal, plan2, new Map(later.map((th) => [th.id, th])), 1, (shot) => queue.push(shot));
  }
  queue.sort(
    (a, b) =>
      a.t - b.t || a.launch - b.launch || (a.battery.id < b.battery.id ? -1 : a.battery.id > b.battery.id ? 1 : 0) || a.object - b.object,
  );

  // 5-6. shots resolve in intercept-time order; kill assessment by the sensors that watch; follow-ups
  const shotsAt = new Map<number, number>();
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    // a shot at a false track (its track follows false alarms at launch) flies at the planned path and meets nothing
    const nothing = s.object < 0;
    const id = idOf(s.object);
    const o = objects[s.geometry];
    const path = paths[s.geometry];
    // planned shots carry the handover computed when they were assigned; follow-ups get theirs at launch
    const handover = s.handover ?? handoverAt(s.track, s.launch, s.t, s.battery.spec, settings);
    const n = (shotsAt.get(s.object) ?? 0) + 1;
    shotsAt.set(s.object, n);
    const draw = streamFor(seed, `shot:${id}#${n}`);
    events.push({
      t: s.launch,
      type: 'fire',
      object: id,
      weapon: s.battery.id,
      owner: s.battery.owner,
      layer: s.battery.assetClass,
      shot: s.shot,
      plannedIntercept: s.t,
    });
    events.push(shotFlyout(world, arsenal, s.battery, id, s.shot, s.launch, s.t, path));
    const before = destroyed.get(id);
    const already = before !== undefined && before <= s.t;
    // a kill vehicle sent at a false track finds nothing to acquire and kills nothing (no draws)
    const acquired = !nothing && draw.next() < handover.pAcquire;
    const hit = !nothing && draw.next() < arsenal.kindOf(s.battery).singleShotPk(s.battery) && acquired;
    events.push({
      t: s.t,
      type: 'intercept',
      object: id,
      weapon: s.battery.id,
      layer: s.battery.assetClass,
      shot: s.shot,
      hit,
      point: geodeticAt(path, s.t, world),
      alreadyDestroyed: already,
      acquired,
    });
    if (hit && !already) destroyed.set(id, s.t);
    const truth = destroyed.has(id);
    const assessed = s.t + world.doctrine.killAssessmentDelay;
    // nothing was there for a sensor to watch: no call, the shot counts as a miss
    const watcher = nothing ? null : statics.killWatcher(s.nation, s.object, s.t, assessed);
    const killed = watcher ? (draw.next() < watcher.accuracy ? truth : !truth) : false;
    events.push({
      t: assessed,
      type: 'kill-assess',
      object: id,
      weapon: s.battery.id,
      killed,
      nation: s.nation,
      sensor: watcher?.sensor ?? null,
      truth,
      shot: s.shot,
    });
    if (killed) continue;
    // a follow-up or hand-over needs the track still held at the assessment
    if (!heldAt(s.track, assessed)) continue;
    const n2 = nextShot(world, arsenal, s, path, o.impactTime, assessed, inventory);
    if (n2 && !nothing && settings.terminalWait === 'atmosphere' && n2.battery !== s.battery && n2.battery.assetClass === TERMINAL) {
      // a hand-over to the terminal layer of a track still undecided waits for the air, then decides (one round, as a hand-over)
      const own = arsenal.weapons
        .filter((b) => b.owner === s.nation && b.assetClass === TERMINAL)
        .map((b) => ({ ...b, inventory: inventory.get(b.id) ?? 0 }));
      const p = probabilityFromLogOdds(latestBefore(s.track.snapshots, assessed)?.logOdds ?? logOdds(settings.priorWarhead));
      const w = terminalWaitOf(world, own, s.object, assessed, p, settings, statics, paths, windowOf);
      if (w.wait) {
        inventory.set(n2.battery.id, (inventory.get(n2.battery.id) ?? 0) + 1);
        const decision = terminalDecision(s.nation, s.track, s.object, w.until);
        if (!decision) continue;
        const th: Planned = {
          id: o.id,
          sources: [...s.track.sources],
          path,
          aimedAt: o.aimedAt,
          commitTime: decision.t,
          held: true,
          pWarhead: decision.p,
          windowObject: o.id,
          track: s.track,
          object: s.object,
        };
        own.forEach((b) => {
          b.inventory = inventory.get(b.id) ?? 0;
        });
        const plan = planEngagements(
          policy,
          s.nation,
          own,
          [th],
          world.defended,
          earth,
          { ...world.doctrine, shotsPerThreat: 1, shootLookShoot: false },
          cache,
          arsenal.kindOf,
        );
        schedule(s.nation, own, plan, new Map([[th.id, th]]), s.shot + 1, (shot) => insertAfter(queue, q, shot));
        continue;
      }
    }
    if (n2) {
      // a follow-up or hand-over is a new decision to engage: on the P(warhead) the track holds at the
      // assessment, not the one held when the first shot was assigned (looks since may have judged it a decoy)
      const held = latestBefore(s.track.snapshots, assessed);
      const p = probabilityFromLogOdds(held?.logOdds ?? logOdds(settings.priorWarhead));
      if (p < settings.engageWarheadProbability) {
        inventory.set(n2.battery.id, (inventory.get(n2.battery.id) ?? 0) + 1);
        events.push({
          t: assessed,
          type: 'track',
          object: idOf(held?.object ?? s.object),
          nation: s.nation,
          sources: [...s.track.sources],
          track: `${s.nation}:T${s.track.id}`,
          pWarhead: round3(p),
          engage: false,
          layer: n2.battery.assetClass,
        });
        continue;
      }
    }
    if (n2)
      insertAfter(queue, q, {
        t: n2.solution.interceptTime,
        launch: n2.launch,
        object: s.object,
        geometry: s.geometry,
        track: s.track,
        handover: null,
        battery: n2.battery,
        nation: s.nation,
        shot: s.shot + 1,
        followUp: null,
        handOver: null,
      });
  }

  return finishTrial(world, events, destroyed);
}

/** Whether the nation still holds the track at t (not dropped by misses or as a duplicate by then). */
function heldAt(track: NationTrack, t: number): boolean {
  return track.deletedAt === null || track.deletedAt > t;
}

/** A nation's tracks after the whole trial, with P(warhead) steps worth logging. */
export interface NationPicture {
  tracks: Array<NationTrack & { pChanges: Array<{ t: number; p: number; object: number }> }>;
  counts: Map<string, number>;
}

/** buildPicture of one world and seed (the air tracks build theirs with it: air-tracks.ts). */
export type PictureBuilder = (
  /** The picture's noise scope (ShareNoise): 'ballistic', or the air picture's purpose. */
  scope: string,
  raw: readonly RawScan[],
  shares: readonly SensorShare[],
  sensors: readonly TrackedSensor[],
  settings: TrackerSettings,
  trackerOptions?: ConstructorParameters<typeof NationTracker>[1],
) => NationPicture;

/** Runs one nation's tracker over the scans it may use (shared ones at their delay and sigma factor: receivedScans). */
function buildPicture(
  world: World,
  seed: number,
  scope: string,
  raw: readonly RawScan[],
  shares: readonly SensorShare[],
  sensors: readonly TrackedSensor[],
  settings: TrackerSettings,
  trackerOptions?: ConstructorParameters<typeof NationTracker>[1],
): NationPicture {
  const tracker = new NationTracker(settings, trackerOptions);
  const counts = new Map<string, number>();
  const pChanges = new Map<number, Array<{ t: number; p: number; object: number }>>();
  const lastP = new Map<number, number>();
  for (const received of receivedScans(world, raw, shares, sensors, new ShareNoise(seed, scope))) {
    const { scan, from, knownAt } = received;
    counts.set(from.id, (counts.get(from.id) ?? 0) + scan.objects.length);
    const { updated } = tracker.process({
      t: received.t,
      knownAt,
      sensor: received.sensor,
      radar: received.radar,
      values: received.values,
      covariances: received.covariances,
      objects: scan.objects,
      labels: scan.labels,
      confusion: from.confusion,
      covered: scan.covered,
    });
    // P(warhead) steps worth logging
    for (const tr of updated) {
      const p = probabilityFromLogOdds(tr.logOdds);
      const last = lastP.get(tr.id);
      if (last === undefined || Math.abs(p - last) >= P_STEP) {
        lastP.set(tr.id, p);
        const list = pChanges.get(tr.id) ?? [];
        list.push({ t: knownAt, p: round3(p), object: tr.object });
        pChanges.set(tr.id, list);
      }
    }
  }
  const tracks = [...tracker.tracks.values()]
    .sort((a, b) => a.id - b.id)
    .map((tr) => Object.assign(tr, { pChanges: pChanges.get(tr.id) ?? [] }));
  return { tracks, counts };
}

/** A P(warhead) step that goes into the log (smaller moves are not logged: labels arrive every few tens of seconds). */
const P_STEP = 0.2;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A random stream for one purpose of one trial (random-streams.ts; re-exported where callers found it). */
export { streamFor };

/** The latest snapshot held by time t. */
function latestBefore(snapshots: SnapshotLog, t: number): TrackSnapshot | undefined {
  return snapshots.latestKnownBy(t);
}

/** A weapon's launch window against an object (by id) as the trial holds it (its world's table or cache); null: none. */
type WindowOf = (weapon: TrackWeapon, object: string) => LaunchWindow | null;

/** The earliest intercept any of the batteries can fly at an object when launching no earlier than t (from the cached windows). */
function earliestOpportunity(
  batteries: readonly TrackWeapon[],
  object: string,
  t: number,
  windowOf: WindowOf,
): { launchTime: number; interceptTime: number; spec: TrackWeaponSpec } | null {
  let best: { launchTime: number; interceptTime: number; spec: TrackWeaponSpec } | null = null;
  for (const b of batteries) {
    const w = windowOf(b, object);
    if (!w || t > w.latest.launchTime) continue;
    const launchTime = Math.max(t, w.earliest.launchTime);
    // after the window opens, the intercept moves later with the launch (the nominal fly-out time kept)
    const interceptTime = launchTime + (w.earliest.interceptTime - w.earliest.launchTime);
    if (!best || interceptTime < best.interceptTime) best = { launchTime, interceptTime, spec: b.spec };
  }
  return best;
}

/** The last launch any of the batteries could make at an object (from the cached windows); -Infinity when none. */
function latestLaunch(batteries: readonly TrackWeapon[], object: string, windowOf: WindowOf): number {
  let last = -Infinity;
  for (const b of batteries) {
    const w = windowOf(b, object);
    if (w) last = Math.max(last, w.latest.launchTime);
  }
  return last;
}

/**
 * The handover of a shot: the track's latest update held at launch, propagated by the track's filter
 * (FloorHandoverFilter: ballistic above the floor; below it the re-entry filter with the track's beta
 * estimate, or the wide beta prior for a track last updated above the floor) to the intercept; the handover error is the per-axis sigma
 * of that position covariance, and the object is the one the track follows at launch.
 */
interface Handover {
  sigma: number;
  pAcquire: number;
  object: number;
}

function handoverAt(track: NationTrack, launch: number, intercept: number, spec: TrackWeaponSpec, settings: TrackerSettings): Handover {
  const s = latestBefore(track.snapshots, launch) ?? (track.snapshots.at(0) as TrackSnapshot);
  const ekf = new FloorHandoverFilter({
    ballistic: { accelerationPsd: settings.accelerationPsd, maxStep: 60 },
    reentry: { accelerationPsd: settings.accelerationPsd },
    floorAltitude: settings.floorAltitude,
  });
  if (s.reentry) ekf.initialiseReentry(s.t, s.reentry.x, s.reentry.P);
  else ekf.initialise(s.t, s.x, s.P);
  ekf.predict(Math.max(s.t, intercept));
  const trace = ekf.P[0] + ekf.P[7] + ekf.P[14];
  return { sigma: Math.sqrt(trace / 3), pAcquire: acquisitionProbability(spec, trace), object: s.object };
}

/** The asset class of the terminal layer (the doctrine that waits for the air applies to it). */
const TERMINAL = 'terminal';

const isTerminal = (batteries: readonly TrackWeapon[], id: string): boolean => batteries.find((b) => b.id === id)?.assetClass === TERMINAL;

/**
 * The terminal wait of a track decided at t with P(warhead) p (c2/terminal-wait.ts), over the nation's
 * terminal batteries with rounds. The windows are those against the object as it flies if it is a warhead
 * (its cluster's warhead for a decoy: above the air a defender predicts an undecided object ballistically,
 * and a light decoy's own windows already hold the drag that sorts it).
 */
function terminalWaitOf(
  world: World,
  batteries: readonly TrackWeapon[],
  oi: number,
  t: number,
  p: number,
  settings: TrackerSettings,
  statics: WorldStatics,
  paths: readonly ThreatPath[],
  windowOf: WindowOf,
): TerminalWait {
  const wi = statics.warheadOf[oi];
  const windows = [];
  for (const b of batteries) {
    if (b.assetClass !== TERMINAL || b.inventory <= 0) continue;
    const w = windowOf(b, world.objects[wi].id);
    if (!w) continue;
    windows.push({
      battery: b.id,
      latestLaunch: w.latest.launchTime,
      altitudeAtLatestLaunch: geodeticAt(paths[wi], w.latest.launchTime, world).altitude,
    });
  }
  return terminalWait({ decideAt: t, pWarhead: p, engageBelow: settings.engageWarheadProbability, windows });
}

/** Seed-independent lookups of a world for estimated trials, built once per world and kind table. */
interface WorldStatics {
  /** Per object: the object itself if a warhead, else its missile's warhead aimed at the same asset (else the missile's first, else itself). */
  warheadOf: number[];
  /** The sensor usable by a nation that best watches an object's intercept at t (call made by `by`), or null. */
  killWatcher(nation: NationCode, oi: number, t: number, by: number): { sensor: string; accuracy: number } | null;
}

const staticsCache = new WeakMap<World, WeakMap<readonly SensorKind[], WorldStatics>>();

function worldStatics(world: World, kinds: readonly SensorKind[]): WorldStatics {
  let byTable = staticsCache.get(world);
  if (!byTable) staticsCache.set(world, (byTable = new WeakMap()));
  const hit = byTable.get(kinds);
  if (hit) return hit;
  // the kinds' sensors that call kills, with when each sees each object (from the kind's tables)
  const watchers: KillWatcher[] = [];
  for (const kind of kinds) if (kind.killWatchers) watchers.push(...kind.killWatchers(world, sensorTablesOf(world, kind, 'estimated')));
  watchers.sort((a, b) => b.accuracy - a.accuracy || (a.id < b.id ? -1 : 1));
  const usable = new Map<string, typeof watchers>();
  const index = new Map(world.objects.map((o, oi) => [o.id, oi]));
  const missileObjects = new Map(world.missiles.map((m) => [m.id, m.objects]));
  const warheadOf = world.objects.map((o, oi) => {
    if (o.kind === 'warhead') return oi;
    const rvs = (missileObjects.get(o.missile) ?? [])
      .map((id) => index.get(id))
      .filter((i): i is number => i !== undefined && world.objects[i].kind === 'warhead');
    return rvs.find((i) => world.objects[i].aimedAt.id === o.aimedAt.id) ?? rvs[0] ?? oi;
  });
  const statics: WorldStatics = {
    warheadOf,
    killWatcher(nation, oi, t, by) {
      let list = usable.get(nation);
      if (!list) {
        list = watchers.filter((w) => sensorShare(world.policy, nation, w.id).shared);
        usable.set(nation, list);
      }
      for (const w of list) if (w.times.any(oi, t, by)) return { sensor: w.id, accuracy: w.accuracy };
      return null;
    },
  };
  byTable.set(kinds, statics);
  return statics;
}
