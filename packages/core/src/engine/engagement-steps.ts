import { planBoostPhase } from '../c2/boost-phase-plan.ts';
import type { TrackWeapon } from '../weapons/kind.ts';
import type { BoostPhaseKind, TrackArsenal } from '../weapons/kinds.ts';
import { eciToGeodetic } from '../geo/earth-model.ts';
import type { InterceptSolution, ThreatPath } from '../weapons/fire-control.ts';
import { type EngineEvent, sortEvents } from './events.ts';
import { type CommandOutcome, commandShot, consentRequests, type LiveCommand } from './live-command.ts';
import type { Random } from '../random/sfc32.ts';
import type { World, WorldMissile } from './world.ts';

/** Where a shot that missed (or was called a miss) can go next: its planned follow-up and its hand-over. */
export interface Reengagement {
  battery: TrackWeapon;
  followUp: number | null;
  handOver: { battery: string; launchTime: number; interceptTime: number } | null;
}

/**
 * The next shot after a miss, as both track modes fight it: the planned follow-up (same battery), else the
 * hand-over to a lower layer, each only with rounds left, launched no earlier than the assessment, and
 * meeting the object before it lands. Takes the round from `inventory`. Null when none can. `arsenal`: the
 * trial's track-engaged weapons and their kinds (weapons/kinds.ts trackArsenal); the kind solves the shot.
 */
export function nextShot(
  world: World,
  arsenal: TrackArsenal,
  s: Reengagement,
  path: ThreatPath,
  impactTime: number,
  assessed: number,
  inventory: Map<string, number>,
): { battery: TrackWeapon; launch: number; solution: InterceptSolution } | null {
  const next: Array<{ battery: TrackWeapon; launch: number }> = [];
  if (s.followUp !== null) next.push({ battery: s.battery, launch: s.followUp });
  if (s.handOver) {
    const b = arsenal.weapons.find((x) => x.id === s.handOver?.battery);
    if (b) next.push({ battery: b, launch: s.handOver.launchTime });
  }
  for (const n of next) {
    if ((inventory.get(n.battery.id) ?? 0) <= 0 || n.launch < assessed - 1e-6) continue;
    const solution = arsenal.kindOf(n.battery).solve(n.battery, path, n.launch, world.earth);
    if (!solution || solution.interceptTime >= impactTime) continue;
    inventory.set(n.battery.id, (inventory.get(n.battery.id) ?? 0) - 1);
    return { battery: n.battery, launch: n.launch, solution };
  }
  return null;
}

/** Inserts a shot into a queue ordered by intercept time, after position q (the shot being resolved). */
export function insertAfter<T extends { t: number }>(queue: T[], q: number, shot: T): void {
  let at = q + 1;
  while (at < queue.length && queue[at].t <= shot.t) at++;
  queue.splice(at, 0, shot);
}

/**
 * The end of every trial: what was not destroyed lands; a first detection by a sensor after its object
 * was destroyed is of nothing and leaves the log (radar looks were drawn before the shots resolved); the
 * log is ordered by time.
 */
export function finishTrial(world: World, events: EngineEvent[], destroyed: ReadonlyMap<string, number>): EngineEvent[] {
  for (const o of world.objects) {
    if (destroyed.has(o.id)) continue;
    events.push({
      t: o.impactTime,
      type: 'impact',
      object: o.id,
      kind: o.kind,
      point: { latitude: o.impactPoint.latitude, longitude: o.impactPoint.longitude },
      aimedAt: { nation: o.aimedAt.nation, id: o.aimedAt.id },
    });
  }
  const live = events.filter((e) => !(e.type === 'detect' && (destroyed.get(e.object) ?? Infinity) < e.t));
  return sortEvents(live);
}

/** Geodetic position (radians, metres) of a path at t. */
export function geodeticAt(path: ThreatPath, t: number, world: World): { latitude: number; longitude: number; altitude: number } {
  return eciToGeodetic(world.earth, t, path.position(t, new Float64Array(3)));
}

/**
 * A planned shot under live command (live-command.ts), as both track modes fly it: a commanded partner
 * whose approval it waits for is asked for its consent (a `consent` event at the request); the commanded
 * approvals it waits for are decided (a `decision` event each, by the commander or the timeout rule);
 * a denied shot is withheld (`refuse` at the decision; its round stays unused); an approval after the
 * planned launch moves the launch to it, with the intercept that launch gives (withheld when the window
 * has closed by then). Returns the launch and intercept the shot flies, or null when withheld. Without
 * live command, or when no commanded nation must approve, the plan stands and nothing is logged. The moved
 * launch is solved by the weapon's kind (`arsenal`).
 */
export function commandedShot(
  world: World,
  arsenal: TrackArsenal,
  command: LiveCommand | undefined,
  events: EngineEvent[],
  p: {
    object: string;
    battery: TrackWeapon;
    nation: string;
    request: number;
    launch: number;
    intercept: number;
    approvals: ReadonlyArray<{ nation: string; delay: number }>;
    path: ThreatPath;
    impactTime: number;
  },
): { launch: number; intercept: number } | null {
  if (command)
    events.push(
      ...consentRequests(command, {
        weapon: p.battery.id,
        weaponClass: p.battery.assetClass,
        owner: p.battery.owner,
        object: p.object,
        request: p.request,
        intercept: p.intercept,
        point: geodeticAt(p.path, p.intercept, world),
        approvals: p.approvals,
      }),
    );
  const outcome = commandShot(command, {
    weapon: p.battery.id,
    object: p.object,
    request: p.request,
    launch: p.launch,
    approvals: p.approvals,
  });
  if (logCommand(events, outcome, p.object, p.battery.id, p.nation)) return null;
  if (outcome.launch <= p.launch) return { launch: p.launch, intercept: p.intercept };
  const solution = arsenal.kindOf(p.battery).solve(p.battery, p.path, outcome.launch, world.earth);
  if (!solution || solution.interceptTime >= p.impactTime) {
    events.push({
      t: outcome.launch,
      type: 'refuse',
      object: p.object,
      weapon: p.battery.id,
      nation: p.nation,
      reason: `${p.battery.id} at ${p.object}: approved at ${outcome.launch.toFixed(0)} s, after the launch window closed`,
    });
    return null;
  }
  return { launch: outcome.launch, intercept: solution.interceptTime };
}

/**
 * Logs how live command decided one engagement (weapon at object, requested by `nation`): a `decision`
 * event per commanded approval, and the `refuse` at the decision when it is withheld. True when withheld.
 * The one place both the missile engagements (commandedShot) and the air layer (air-defense.ts) log it.
 */
export function logCommand(
  events: EngineEvent[],
  outcome: CommandOutcome,
  object: string,
  weapon: string,
  nation: string,
): outcome is Extract<CommandOutcome, { withheld: true }> {
  for (const d of outcome.decisions)
    events.push({ t: d.t, type: 'decision', object, weapon, nation: d.nation, verdict: d.verdict, by: d.by });
  if (!('withheld' in outcome)) return false;
  events.push({ t: outcome.at, type: 'refuse', object, weapon, nation, reason: outcome.reason });
  return true;
}

/**
 * The `flyout` event of a track-engaged weapon's shot, as both track modes log it right after its `fire`:
 * the weapon's interceptor from its launcher at `launch` to the object at `intercept` (its kind's fly-out:
 * the surface kind's is flyout.ts surfaceFlyoutPath).
 */
export function shotFlyout(
  world: World,
  arsenal: TrackArsenal,
  battery: TrackWeapon,
  object: string,
  shot: number,
  launch: number,
  intercept: number,
  path: ThreatPath,
): Extract<EngineEvent, { type: 'flyout' }> {
  return {
    t: launch,
    type: 'flyout',
    object,
    weapon: battery.id,
    owner: battery.owner,
    shot,
    path: arsenal
      .kindOf(battery)
      .flyout(world, battery, { path, notBefore: launch }, { shooter: battery.id, launchTime: launch, interceptTime: intercept }),
  };
}

/**
 * The boost phase of every trial (both track modes): the battle manager plans each boost-phase weapon's
 * engagement of each launched missile (c2/boost-phase-plan.ts) and the engine flies it: a refusal is a
 * `refuse`; an engagement logs the weapon's cue (a `detect` of the missile by the weapon, its owner's, so
 * that no shot precedes its detection) and its `assign`, then each shot's `fire` and `flyout`, then each
 * intercept, a hit drawn from rng (one number per shot, in shot order) against the weapon's single-shot
 * Pk. A kill in boost destroys every object the missile would have released (written to `destroyed`).
 * `kinds`: the boost-phase kinds (default BOOST_PHASE_KINDS, weapons/kinds.ts).
 */
export function flyBoostPhase(
  world: World,
  missiles: readonly WorldMissile[],
  rng: Random,
  events: EngineEvent[],
  destroyed: Map<string, number>,
  kinds?: readonly BoostPhaseKind[],
): void {
  planBoostPhase(
    world,
    missiles,
    (e) => {
      const { missile: m, weapon, kind } = e;
      const { id, owner, assetClass } = weapon;
      const pk = kind.singleShotPk(weapon);
      if ('refused' in e) {
        events.push({ t: e.refused.t, type: 'refuse', object: m.id, weapon: id, nation: owner, reason: e.refused.reason });
        return false;
      }
      const { decision, shots } = e;
      events.push({ t: e.cue, type: 'detect', object: m.id, sensor: id, owner });
      events.push({
        t: e.cue,
        type: 'assign',
        object: m.id,
        weapon: id,
        owner,
        nation: owner,
        approvalDelay: decision.approvalDelay,
        approvals: decision.approvals.map(({ nation, delay }) => ({ nation, delay })),
        reason: decision.reason,
      });
      shots.forEach((s, k) => {
        events.push({
          t: s.launchTime,
          type: 'fire',
          object: m.id,
          weapon: s.shooter,
          owner,
          layer: assetClass,
          shot: k + 1,
          plannedIntercept: s.interceptTime,
        });
        events.push({
          t: s.launchTime,
          type: 'flyout',
          object: m.id,
          weapon: s.shooter,
          owner,
          shot: k + 1,
          path: kind.flyout(world, weapon, m, s),
        });
      });
      let killedAt: number | null = null;
      for (const [k, s] of shots.entries()) {
        const t = s.interceptTime;
        const already = killedAt !== null && killedAt <= t;
        const hit = rng.next() < pk;
        events.push({
          t,
          type: 'intercept',
          object: m.id,
          weapon: s.shooter,
          layer: assetClass,
          shot: k + 1,
          hit,
          point: kind.point(weapon, m, s, world.earth),
          alreadyDestroyed: already,
        });
        if (hit && killedAt === null) killedAt = t;
      }
      if (killedAt !== null) for (const o of m.objects) destroyed.set(o, killedAt);
      return killedAt !== null;
    },
    kinds,
  );
}
