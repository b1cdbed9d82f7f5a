import { defendedValue, engagementShare, mayEngage, type NationCode, sensorShare, type ThreatAim } from '../c2/national-policy.ts';
import { ecefToGeodetic, geodeticToEcef } from '../geo/geodetic.ts';
import { destinationPoint, greatCircleDistance } from '../geo/great-circle.ts';
import { lineOfSightClear } from '../sensors/radar/radar.ts';
import type { GeoPoint } from '../geo/place.ts';
import { earthAngle, eciToGeodetic } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';
import { type ScrambleIntercept, scrambleIntercept } from '../weapons/air-intercept.ts';
import { pathFromSamples, type ThreatPath } from '../weapons/fire-control.ts';
import { acquisitionWithin } from '../weapons/handover.ts';
import { aircraftFirstDetections } from './aircraft-detections.ts';
import { logCommand } from './engagement-steps.ts';
import { type AirEstimate, type AirTrackView, estimateEcef } from './air-tracks.ts';
import type { EngineEvent } from './events.ts';
import { arcPoint, geodeticSample, legTimes, pathPosition } from './flyout.ts';
import { commandShot, consentRequests, type LiveCommand } from './live-command.ts';
import { streamFor } from './random-streams.ts';
import type { World, WorldAirBattery, WorldFighterBase } from './world.ts';

/**
 * NORAD's air layer in a trial (issue 15; docs/northern-approaches.md), in both track modes, in two calls:
 *
 * 1. `beforeLaunches` (before any missile launches): fighters on alert engage the raid's bombers. A nation
 *    is cued on a bomber by its first detection by a sensor the nation may use (aircraftFirstDetections,
 *    the same draws the log's detect events come from; sensorShare's delay added). It orders the alert
 *    fighter with the earliest intercept (scrambleIntercept: delay, climb, collision course; refused beyond
 *    the combat radius plus the missile's range); targets in cue order, equal cues by the value they
 *    threaten; all nations' sorties in one time order, a target one nation's order holds left to it by the
 *    nations that learn of its engagements (see `fight`). The engagement asks national policy (mayEngage, with the meeting point: territory approval
 *    applies): the fighter shadows its target until the approvals arrive, and fires then, a salvo of two
 *    air-to-air missiles (fewer when fewer are left), each killing with its single-shot Pk. A bomber killed
 *    before its release point releases nothing: its missiles are returned so that they never launch, and
 *    their objects are written to `destroyed` at the kill (no detections, no impacts).
 * 2. `afterDetections` (once the trial's sensors have logged their detect events on the cruise missiles):
 *    the same for cruise missiles (objects flying inside the atmosphere), with the fighters still on alert
 *    or still armed; then ground batteries engage what is left inside their radar's refracted horizon and
 *    range (lineOfSightClear, 4/3 Earth) and their missiles' range, after their reaction time.
 *
 * Live command (live-command.ts; a live trial's `command`): an engagement waiting for a commanded nation's
 * approval is decided by its commander, keyed as the others by (weapon, object): the sortie `<base>#<k>` or the
 * battery id, and the target. The plan is made as without command (the policy's delay is the planning
 * assumption). Approved at t: the fighter (which kept shadowing) fires at the planned shot or at t if later,
 * while the target still flies; the battery launches at the first intercept a launch from t gives. Denied (or no
 * answer under a denying rule): a `refuse` at the decision, no shot; the fighter breaks off where it is and may
 * be ordered again (still on the ground, it stands down), the battery keeps its rounds (from the decision on).
 * So that nothing before a decision depends on it, a sortie under command is logged as planned up to the
 * latest its decision can come (the timeout), a second `sortie` event at its shot or break-off holding where it
 * ends; a sortie whose decision departs from the plan is weighed as planned by orders before the decision (a
 * target it would take waits for the decision), and a target a denied battery leaves is offered to the other
 * batteries for requests from the decision on.
 *
 * On estimated tracks (the default mode; `tracking` given) the layer fights on the nations' air tracks
 * (air-tracks.ts) instead of first detections and the truth: a nation is cued when it first holds a confirmed
 * track update following the target; the order's collision course is solved on the track's estimate
 * predicted to the order (its meeting point, territory check and dash end are the track's); a target no
 * sortie can reach is offered again AIR_REPLAN later; at the meeting the fighter's radar acquires with the
 * probability that the error of the track it was ordered on (its latest update held then, predicted to the
 * meeting) lies within the shot range of the missile it will fire (acquisitionWithin, handover.ts); what it
 * finds is the object that track follows then (another missile of a group after a swap), and a failed search
 * is a `refuse` at the meeting, the sortie free there (AIR_SEARCHES per target). The commit is a `track` event
 * (nation, track `<nation>:A<id>`, its sources); `assign` carries the track, its error at the meeting and
 * P(acquire). A ground battery's radar searches once its nation holds a track on the target. A target no
 * nation holds a track on is not engaged.
 *
 * Events are the existing ones (`assign`, `refuse`, `fire`, `intercept`, `kill-assess`; weapon = the sortie
 * `<base>#<k>` or the battery id, layer = its asset class, 'air'), so metrics, reports and exports read them
 * unchanged. Every draw comes from a stream of its own (`air-defense:<target>`): a world without fighters or
 * air batteries draws nothing and its log is unchanged.
 *
 * Simplifications (labelled in docs/northern-approaches.md): a flat local frame at the fighter's start and
 * the target's velocity at the order held constant (the meeting point reported is where the target really is
 * then); the air-to-air missile's flight time is not modelled (the shot resolves at the meeting); a fighter
 * that has fired keeps its remaining missiles and may be ordered again from where it fired, without
 * scramble or climb, its combat radius still counted from its base (fuel used is not tracked); the pilot sees
 * the kill (the kill assessment is the truth); a missed target is offered again after the assessment.
 */
/**
 * The nations' air tracks, for the estimated-track trial (air-tracks.ts): built when the air layer first needs
 * them, their births logged into `events`. Without it (truth tracks) the layer cues on first detections and
 * flies against the truth, as above.
 */
export interface AirTracking {
  bombers(events: EngineEvent[]): AirTrackView;
  /** `gone`: objects destroyed so far (the missiles of bombers shot down before release are never seen). */
  cruise(gone: ReadonlyMap<string, number>, events: EngineEvent[]): AirTrackView;
}

/**
 * Most searches a sortie makes for one target whose track it could not acquire at the meeting (model choice:
 * after the third the controller gives the target up to others).
 */
export const AIR_SEARCHES = 3;

/** Estimated tracks: how soon a target no sortie can reach is offered again [s] (model choice: a controller's re-plan, on the track as it firms). */
export const AIR_REPLAN = 60;

export interface AirDefense {
  /** Engages bombers; returns the ids of the missiles that are never released. */
  beforeLaunches(events: EngineEvent[], destroyed: Map<string, number>): Set<string>;
  /** Engages cruise missiles (fighters, then ground batteries). */
  afterDetections(events: EngineEvent[], destroyed: Map<string, number>): void;
}

/** Salvo of air-to-air missiles per engagement (model choice: shoot-shoot, two rounds, a common doctrine; labelled). */
export const AIR_SALVO = 2;

interface Sortie {
  id: string;
  base: WorldFighterBase;
  /** Where it is (null: on the ground at its base) and from when it can be ordered. */
  at: GeoPoint | null;
  free: number;
  /** Rounds left per missile class (the base's fighter.missiles order). */
  left: number[];
  /** When a live commander's decision last departed from its plan (-Infinity: never); before, it is not known. */
  decided: number;
  /** Where and from when it would be free as that engagement was planned (what is known before the decision). */
  planned: { at: GeoPoint; free: number } | null;
}

/** A sortie's planned intercept: when it meets the target and how it flies there (scrambleIntercept's geometry). */
interface Meeting {
  meet: number;
  /** When it starts [s] and from where. */
  t0: number;
  from: GeoPoint;
  x: ScrambleIntercept;
  /** Altitude it climbs to [m], the bearing it climbs on (east, north), its scramble delay [s] and climb speed [m/s]. */
  climbTo: number;
  bearing: [number, number];
  delay: number;
  climbSpeed: number;
  /** Where the nation expects the target at the meeting (the truth on truth tracks; the track's prediction on estimated tracks). */
  point: { latitude: number; longitude: number; altitude: number };
  /** The nation's estimate the order was solved on (estimated tracks). */
  estimate?: AirEstimate;
}

/** How a target moves as the planner sees it: Earth-fixed position at t (into out), geodetic position, and until when it holds. */
interface Mover {
  ecef(t: number, out: Float64Array): Float64Array;
  geo(t: number): { latitude: number; longitude: number; altitude: number };
  end: number;
  estimate?: AirEstimate;
}

interface Target {
  id: string;
  kind: 'bomber' | 'cruise';
  path: ThreatPath;
  /** Its flight ends (the bomber's release; the missile's impact) [s]. */
  end: number;
  aim: ThreatAim;
  /** Missiles it would release (bombers). */
  releases: string[];
}

/** Whether the world has anything the air layer fights with. */
export function hasAirShooters(world: World): boolean {
  return (world.fighterBases ?? []).some((b) => b.alert > 0) || (world.airBatteries ?? []).length > 0;
}

export function airDefense(world: World, seed: number, options: { command?: LiveCommand; tracking?: AirTracking } = {}): AirDefense | null {
  const { command, tracking } = options;
  if (!hasAirShooters(world)) return null;
  const { policy, earth } = world;
  const sorties = new Map<NationCode, Sortie[]>();
  for (const base of world.fighterBases ?? []) {
    const list = sorties.get(base.owner) ?? [];
    for (let k = 0; k < base.alert; k++)
      list.push({
        id: `${base.id}#${k + 1}`,
        base,
        at: null,
        free: -Infinity,
        left: base.fighter.missiles.map((m) => m.count),
        decided: -Infinity,
        planned: null,
      });
    sorties.set(base.owner, list);
  }
  const eci = new Float64Array(3),
    ecef = new Float64Array(3);
  const ecefAt = (path: ThreatPath, t: number, out: Float64Array): Float64Array => {
    path.position(Math.max(path.start, Math.min(path.end, t)), eci);
    toEcef(earthAngle(earth, t), eci[0], eci[1], eci[2], out);
    return out;
  };
  const geoAt = (path: ThreatPath, t: number): { latitude: number; longitude: number; altitude: number } =>
    eciToGeodetic(earth, t, path.position(Math.max(path.start, Math.min(path.end, t)), new Float64Array(3)));
  const valueOf = (nation: NationCode, aim: ThreatAim): number => {
    const d = world.defended.find((x) => x.id === aim.id && x.nation === aim.nation);
    return d ? defendedValue(policy, nation, d) : 0;
  };

  const truthMover = (path: ThreatPath): Mover => ({ ecef: (t, out) => ecefAt(path, t, out), geo: (t) => geoAt(path, t), end: path.end });
  const estimateMover = (view: AirTrackView, e: AirEstimate): Mover => ({
    ecef: (t, out) => estimateEcef(earth, e, t, out),
    geo: (t) => view.geodetic(e, t),
    end: Infinity,
    estimate: e,
  });

  /** Target's position and velocity (east, north [m], [m/s]) in the flat local frame at `from`, and its altitude, at t. */
  const localState = (from: GeoPoint, path: Mover, t: number): { r: [number, number]; v: [number, number]; altitude: number } => {
    const o = geodeticToEcef(from.latitude, from.longitude, 0, new Float64Array(3));
    const p0 = Float64Array.from(path.ecef(t, ecef));
    const t1 = Math.min(t + 1, path.end),
      t0 = t1 - 1;
    const a = Float64Array.from(path.ecef(t0, ecef)),
      b = Float64Array.from(path.ecef(t1, ecef));
    const sl = Math.sin(from.latitude),
      cl = Math.cos(from.latitude),
      so = Math.sin(from.longitude),
      co = Math.cos(from.longitude);
    const east = [-so, co, 0],
      north = [-sl * co, -sl * so, cl];
    const dot = (u: number[], x: ArrayLike<number>, y: ArrayLike<number>): number =>
      u[0] * (x[0] - y[0]) + u[1] * (x[1] - y[1]) + u[2] * (x[2] - y[2]);
    return { r: [dot(east, p0, o), dot(north, p0, o)], v: [dot(east, b, a), dot(north, b, a)], altitude: path.geo(t).altitude };
  };

  /** The earliest intercept a sortie ordered at `order` makes on the target: meeting time and how it gets there, or null. */
  const solve = (s: Sortie, tg: Target, order: number, moverAt: (t: number) => Mover | null): Meeting | null => {
    const t0 = Math.max(order, s.free);
    if (t0 >= tg.end) return null;
    const f = s.base.fighter;
    const range = f.missiles.find((m, i) => s.left[i] > 0)?.range ?? 0;
    const from = s.at ?? s.base.site;
    const mover = moverAt(t0);
    if (!mover) return null;
    const st = localState(from, mover, t0);
    const spec =
      s.at === null
        ? { ...f, combatRadius: f.combatRadius + range }
        : { ...f, scrambleDelay: 0, climbRate: Infinity, combatRadius: Infinity };
    const x = scrambleIntercept(spec, st.r, st.v, s.at === null ? st.altitude : 0);
    if (!x) return null;
    const meet = t0 + x.time;
    if (meet >= tg.end) return null;
    const point = mover.geo(meet);
    if (s.at !== null) {
      if (greatCircleDistance(s.base.site.latitude, s.base.site.longitude, point.latitude, point.longitude) > f.combatRadius + range)
        return null;
    }
    const bearing: [number, number] = [st.r[0] + st.v[0] * spec.scrambleDelay, st.r[1] + st.v[1] * spec.scrambleDelay];
    return {
      meet,
      t0,
      from,
      x,
      climbTo: st.altitude,
      bearing,
      delay: spec.scrambleDelay,
      climbSpeed: spec.climbSpeed,
      point,
      ...(mover.estimate ? { estimate: mover.estimate } : {}),
    };
  };

  /**
   * The sortie's flight to its shot (the `sortie` event's path): on the ground at its base for the scramble
   * delay, the climb along the bearing scrambleIntercept climbs on (climbSpeed, climbRate), the dash to where
   * the target really is at the meeting, then shadowing the target until it fires. Legs between their ends
   * are great-circle arcs with the altitude linear (flyout.ts: AIR_STEP_S).
   */
  const sortiePath = (tg: Target, m: Meeting, shotAt: number): number[] => {
    const path: number[] = [];
    const at = (tau: number, p: GeoPoint): void => void path.push(...geodeticSample(tau, p));
    const leg = (a: GeoPoint, b: GeoPoint, tau0: number, tau1: number): void => {
      for (const tau of legTimes(tau0, tau1)) if (tau > tau0) at(tau, tau === tau1 ? b : arcPoint(a, b, (tau - tau0) / (tau1 - tau0)));
    };
    at(0, m.from);
    let tau = 0,
      here: GeoPoint = m.from;
    if (m.delay > 0) at((tau = m.delay), here);
    if (m.x.climbTime > 0) {
      const top = destinationPoint(here.latitude, here.longitude, Math.atan2(m.bearing[0], m.bearing[1]), m.climbSpeed * m.x.climbTime);
      const climbed = { ...top, altitude: Math.max(here.altitude, m.climbTo) };
      leg(here, climbed, tau, tau + m.x.climbTime);
      tau += m.x.climbTime;
      here = climbed;
    }
    const meetTau = m.meet - m.t0;
    if (meetTau > tau) leg(here, m.point, tau, meetTau);
    const shotTau = shotAt - m.t0;
    if (shotTau > meetTau) for (const t of legTimes(meetTau, shotTau)) if (t > meetTau) at(t, geoAt(tg.path, m.t0 + t));
    return path;
  };

  /**
   * Fighters of every planning nation against `targets`, the nations' sorties planned together in time order (NORAD's
   * sector operations; docs/northern-approaches.md "Sorties planned together"); kills into destroyed.
   *
   * A nation is offered a target from its cue (its own track or detection: nothing it may not use). Offers are taken
   * in time order over all nations (equal times: the value the nation defends, the target's id); at an offer the
   * nation proposes its best order (its sortie with the earliest intercept, within its policy). Offers of one target
   * at one instant by several nations are taken earliest intercept first. An order holds the target from the instant
   * it is planned (the offer; the `assign` comes later when the sortie is busy until then): a nation that learns of it
   * (engagementShare: the owner shares its engagements with it, from then plus the share's delay) does not task it
   * while it is held, and is offered it again when it learns the hold ended. The hold
   * ends at a failed search's meeting (the target is released to the others at once), at a miss's kill assessment,
   * never after a kill; an engagement under a live commander's decision holds it for good (its partners cannot know
   * the decision before it is made; a denial does not hand it over). A nation that does not learn of another's
   * engagements may task the same target (sovereignty: no coordination its policy does not give).
   */
  const fight = (
    targets: Target[],
    cues: (nation: NationCode, id: string) => number,
    events: EngineEvent[],
    destroyed: Map<string, number>,
    view: AirTrackView | null,
  ): void => {
    const searches = new Map<string, number>();
    const committed = new Set<string>();
    const acquireDraws = new Map<string, ReturnType<typeof streamFor>>();
    const nations = world.settings.planningNations.filter((n) => (sorties.get(n) ?? []).length > 0);
    interface Offer {
      nation: NationCode;
      tg: Target;
      cue: number;
    }
    const pending: Offer[] = [];
    for (const nation of nations)
      for (const tg of targets) {
        const cue = cues(nation, tg.id);
        if (Number.isFinite(cue)) pending.push({ nation, tg, cue });
      }
    /** Orders holding each target: the nation, from its order until it lets go (Infinity: for good). */
    const holds = new Map<string, Array<{ nation: NationCode; from: number; until: number }>>();
    const hold = (tg: Target, nation: NationCode, from: number, until: number): void =>
      void holds.set(tg.id, [...(holds.get(tg.id) ?? []), { nation, from, until }]);
    /** Whether the offer is void (target killed, or held by an order the nation knows of; then offered again when the nation learns it ended). */
    const voided = ({ nation, tg, cue }: Offer): boolean => {
      const killedAt = destroyed.get(tg.id);
      if (killedAt !== undefined && killedAt <= cue) return true;
      let until = -Infinity;
      for (const h of holds.get(tg.id) ?? []) {
        if (h.nation === nation) continue;
        const share = engagementShare(policy, nation, h.nation);
        if (share.shared && h.from + share.delay <= cue && h.until + share.delay > cue) until = Math.max(until, h.until + share.delay);
      }
      if (until === -Infinity) return false;
      if (until < tg.end) pending.push({ nation, tg, cue: until });
      return true;
    };
    /** The nation's best order at the offer (its sortie with the earliest intercept), or null (offered again where due). */
    const propose = (offer: Offer): { s: Sortie; meet: number; m: Meeting } | null => {
      const { nation, tg, cue } = offer;
      if (voided(offer)) return null;
      // estimated tracks: the nation's track, predicted to when the sortie starts; truth tracks: the target
      const moverAt = (t: number): Mover | null => {
        if (!view) return truthMover(tg.path);
        const e = view.estimate(nation, tg.id, t);
        return e ? estimateMover(view, e) : null;
      };
      let best: { s: Sortie; meet: number; m: Meeting } | null = null;
      for (const s of sorties.get(nation) ?? []) {
        if (s.left.every((n) => n === 0)) continue;
        // live command: a sortie whose engagement's decision departs from the plan is weighed as planned before
        // the decision (it is not known then); if it would be the one, the target waits for the decision
        const undecided = s.decided > cue;
        if (undecided && s.decided >= tg.end) continue;
        const m = solve(undecided ? { ...s, ...s.planned } : s, tg, cue, moverAt);
        if (m !== null && (!best || m.meet < best.meet)) best = { s, meet: m.meet, m };
      }
      if (!best) {
        // estimated tracks: a young track's velocity may put the target out of reach; the controller looks again
        if (view && cue + AIR_REPLAN < tg.end) pending.push({ ...offer, cue: cue + AIR_REPLAN });
        return null;
      }
      if (best.s.decided > cue) {
        pending.push({ ...offer, cue: best.s.decided });
        return null;
      }
      return best;
    };
    const rank = (n: NationCode): number => nations.indexOf(n);
    while (pending.length > 0) {
      pending.sort(
        (a, b) =>
          a.cue - b.cue ||
          valueOf(b.nation, b.tg.aim) - valueOf(a.nation, a.tg.aim) ||
          (a.tg.id < b.tg.id ? -1 : a.tg.id > b.tg.id ? 1 : 0) ||
          rank(a.nation) - rank(b.nation),
      );
      // the offers of this target at this instant, one per nation: each proposes; the earliest intercept goes first,
      // and the others see its hold (when their policy tells them of it)
      const { tg, cue } = pending[0];
      const group: Offer[] = [];
      for (const p of pending) if (p.tg === tg && p.cue === cue && !group.some((g) => g.nation === p.nation)) group.push(p);
      for (const p of group) pending.splice(pending.indexOf(p), 1);
      const proposals = group
        .map((offer) => ({ offer, best: propose(offer) }))
        .filter((p): p is { offer: Offer; best: { s: Sortie; meet: number; m: Meeting } } => p.best !== null)
        .sort((a, b) => a.best.meet - b.best.meet || rank(a.offer.nation) - rank(b.offer.nation));
      proposals.forEach(({ offer, best }, k) => {
        if (k === 0 || !voided(offer)) execute(offer, best);
      });
    }

    /** The order, and what comes of it (search, approval, shots). */
    function execute({ nation, tg, cue }: Offer, best: { s: Sortie; meet: number; m: Meeting }): void {
      const { s, meet } = best;
      const logSortie = (t: number, object: string, path: number[]): void => {
        events.push({ t, type: 'sortie', aircraft: s.id, base: s.base.id, fighter: s.base.fighter.type, owner: nation, object, path });
      };
      const order = Math.max(cue, s.free);
      const point = best.m.point;
      const est = best.m.estimate;
      if (est && !committed.has(est.track)) {
        // the nation commits to its air track (the ballistic tracks' `track` event)
        committed.add(est.track);
        events.push({ t: order, type: 'track', object: tg.id, nation, sources: est.sources, track: est.track, engage: true });
      }
      const decision = mayEngage(
        policy,
        { id: s.base.id, owner: nation, kind: 'interceptor', assetClass: s.base.assetClass, site: s.base.site },
        tg.aim,
        point,
      );
      if (!decision.allowed) {
        events.push({ t: order, type: 'refuse', object: tg.id, weapon: s.id, nation, reason: decision.reason });
        return;
      }
      // the fighter shadows its target until the approvals arrive
      const shotAt = Math.max(meet, order + decision.approvalDelay);
      // estimated tracks: the fighter's radar finds the target at the meeting if the track's error there (the
      // latest update the controller holds then, predicted to the meeting) lies within the shot range of the
      // missile it will fire (acquisitionWithin: a labelled model, docs/northern-approaches.md "Air tracks")
      // of the track it was ordered on; what it finds is the object that track follows then (a swap in a
      // group of missiles sends it to another of them, as a ballistic shot meets its track's object)
      let acquisition: { sigma: number; p: number; basket: number; found: Target | null } | null = null;
      if (view && est) {
        // a track left on a target already destroyed or landed is dropped: the controller vectors on the
        // nation's other track of this target, if it holds one (the air pictures are built before the fight)
        const over = (id: string): boolean =>
          (destroyed.get(id) ?? Infinity) <= meet || (targets.find((x) => x.id === id)?.end ?? -Infinity) <= meet;
        let atMeet = view.trackEstimate(nation, est.track, meet);
        if (!atMeet || over(atMeet.object)) atMeet = view.estimate(nation, tg.id, meet);
        const trace = atMeet ? atMeet.P[0] + atMeet.P[7] + atMeet.P[14] : Infinity;
        const basket = s.base.fighter.missiles.find((m, i) => s.left[i] > 0)?.range ?? 0;
        const found = atMeet ? (targets.find((x) => x.id === atMeet.object) ?? null) : null;
        const alive = found !== null && !((destroyed.get(found.id) ?? Infinity) <= shotAt) && shotAt < found.end;
        acquisition = {
          sigma: Math.sqrt(trace / 3),
          p: Number.isFinite(trace) && alive ? acquisitionWithin(basket, trace) : 0,
          basket,
          found: alive ? found : null,
        };
      }
      events.push({
        t: order,
        type: 'assign',
        object: tg.id,
        weapon: s.id,
        owner: nation,
        nation,
        approvalDelay: decision.approvalDelay,
        approvals: decision.approvals.map(({ nation: n, delay }) => ({ nation: n, delay })),
        reason: `${s.base.fighter.type} from ${s.base.id}: intercept at ${meet.toFixed(0)} s; ${decision.reason}`,
        ...(acquisition
          ? {
              track: est?.track,
              ...(Number.isFinite(acquisition.sigma) ? { handoverError: Math.round(acquisition.sigma) } : {}),
              pAcquire: Math.round(acquisition.p * 1000) / 1000,
            }
          : {}),
      });
      const consent = { weapon: s.id, weaponClass: s.base.fighter.type, owner: nation, object: tg.id, request: order };
      events.push(...consentRequests(command, { ...consent, intercept: shotAt, point, approvals: decision.approvals }));
      const end = `the target's ${tg.kind === 'bomber' ? 'release' : 'impact'} at ${tg.end.toFixed(0)} s`;
      const late = (at: number, why = `approved at ${at.toFixed(0)} s, after ${end}`): EngineEvent => ({
        t: at,
        type: 'refuse',
        object: tg.id,
        weapon: s.id,
        nation,
        reason: `${s.id} at ${tg.id}: ${why}`,
      });
      // live command: the nation's commander decides (approved: fires at the planned shot or at the approval,
      // if later; denied or no answer under a denying rule: breaks off); the plan is made as without it
      const commanded = command !== undefined && decision.approvals.some((a) => command.nations.includes(a.nation));
      const outcome = commanded
        ? commandShot(command, { weapon: s.id, object: tg.id, request: order, launch: shotAt, approvals: decision.approvals })
        : null;
      if (shotAt >= tg.end) {
        if (outcome === null) events.push(late(order + decision.approvalDelay));
        else if (!logCommand(events, outcome, tg.id, s.id, nation)) {
          const at = Math.max(...outcome.decisions.map((d) => d.t));
          events.push(late(at, `approved at ${at.toFixed(0)} s, but its shot, planned at ${shotAt.toFixed(0)} s, comes after ${end}`));
        }
        return;
      }
      // a commanded engagement withheld before the meeting never gets there: the decision falls first
      const withheldFirst = outcome !== null && 'withheld' in outcome && outcome.at < meet;
      if (acquisition && !withheldFirst) {
        let a = acquireDraws.get(tg.id);
        if (!a) acquireDraws.set(tg.id, (a = streamFor(seed, `air-acquire:${tg.id}`)));
        if (!(a.next() < acquisition.p)) {
          // not found: the sortie flew to where the track put the target, and is free there
          logSortie(best.m.t0, tg.id, sortiePath(tg, best.m, meet));
          events.push({
            t: meet,
            type: 'refuse',
            object: tg.id,
            weapon: s.id,
            nation,
            reason: !acquisition.found
              ? `${s.id} found no live target at the meeting: ${est?.track} follows nothing still flying there`
              : `${s.id} did not find ${tg.id} at the meeting: track error ${(acquisition.sigma / 1000).toFixed(1)} km (1 sigma per axis) against its ${(acquisition.basket / 1000).toFixed(0)} km shot range, P(acquire) ${acquisition.p.toFixed(2)}`,
          });
          s.at = { latitude: point.latitude, longitude: point.longitude, altitude: point.altitude };
          s.free = meet;
          const n = (searches.get(`${nation}|${tg.id}`) ?? 0) + 1;
          searches.set(`${nation}|${tg.id}`, n);
          if (n < AIR_SEARCHES && meet < tg.end) {
            pending.push({ nation, tg, cue: meet });
          }
          // a failed search releases the target to the other nations at once
          hold(tg, nation, cue, meet);
          return;
        }
      }
      // the target the fighter shoots at: the one it was ordered on, or the one its track led it to
      const ft = acquisition?.found ?? tg;
      // under command the sortie is logged as planned up to the latest the decision can come (the timeout), so
      // that nothing logged before the decision depends on it; where it really ends is a second `sortie` event
      const planEnd = outcome === null ? shotAt : Math.min(Math.max(shotAt, order + (command?.timeout.after ?? 0)), ft.end);
      const plan = sortiePath(ft, best.m, planEnd);
      logSortie(best.m.t0, ft.id, plan);
      /** Where the sortie is at t on its plan: the target's position once it has met it (it shadows). */
      const planAt = (t: number): GeoPoint => {
        const u = Math.min(t, planEnd);
        if (u >= meet) return geoAt(ft.path, u);
        const p = ecefToGeodetic(...(pathPosition(plan, u - best.m.t0) as [number, number, number]), new Float64Array(3));
        return { latitude: p[0], longitude: p[1], altitude: p[2] };
      };
      /** The sortie's plan ends at t (it fires or breaks off there): its position from then on. */
      const endsAt = (t: number): void => {
        if (t < planEnd) logSortie(t, ft.id, geodeticSample(0, planAt(t)));
      };
      const onGround = s.at === null;
      let fireAt = shotAt;
      if (outcome !== null) {
        const decidedAt = Math.max(...outcome.decisions.map((d) => d.t));
        const withheld = logCommand(events, outcome, tg.id, s.id, nation);
        // a decision that departs from the plan (denied, or approved after the planned shot) is known from its time on
        if (withheld || outcome.launch > shotAt) {
          s.decided = decidedAt;
          s.planned = { at: geoAt(ft.path, shotAt), free: shotAt };
        }
        if (withheld || outcome.launch >= ft.end) {
          if (!withheld) events.push(late(decidedAt));
          // the partners cannot know the decision before it is made: a commanded engagement holds the target for them
          hold(tg, nation, cue, Infinity);
          // it breaks off where it is and may be ordered again; still on the ground, it stands down at its base
          endsAt(decidedAt);
          s.at = onGround && decidedAt < best.m.t0 + best.m.delay ? null : planAt(decidedAt);
          s.free = decidedAt;
          return;
        }
        fireAt = outcome.launch;
        endsAt(fireAt);
      }
      const draw = streamFor(seed, `air-defense:${ft.id}`);
      const at = geoAt(ft.path, fireAt);
      let shot = 0;
      for (let i = 0; i < s.left.length && shot < AIR_SALVO; i++) {
        while (s.left[i] > 0 && shot < AIR_SALVO) {
          s.left[i]--;
          shot++;
          const already = (destroyed.get(ft.id) ?? Infinity) <= fireAt;
          const hit = draw.next() < s.base.fighter.missiles[i].singleShotPk;
          events.push({
            t: fireAt,
            type: 'fire',
            object: ft.id,
            weapon: s.id,
            owner: nation,
            layer: s.base.assetClass,
            shot,
            plannedIntercept: fireAt,
          });
          // the air-to-air missile's flight time is not modelled: its fly-out is the meeting point
          events.push({ t: fireAt, type: 'flyout', object: ft.id, weapon: s.id, owner: nation, shot, path: geodeticSample(0, at) });
          events.push({
            t: fireAt,
            type: 'intercept',
            object: ft.id,
            weapon: s.id,
            layer: s.base.assetClass,
            shot,
            hit,
            point: at,
            alreadyDestroyed: already,
          });
          if (hit && !already) destroyed.set(ft.id, fireAt);
        }
      }
      s.at = { latitude: at.latitude, longitude: at.longitude, altitude: at.altitude };
      s.free = fireAt;
      const assessed = fireAt + world.doctrine.killAssessmentDelay;
      const killed = (destroyed.get(ft.id) ?? Infinity) <= fireAt;
      events.push({ t: assessed, type: 'kill-assess', object: ft.id, weapon: s.id, killed, nation, truth: killed, shot });
      if (!killed && assessed < ft.end) pending.push({ nation, tg: ft, cue: assessed });
      if (ft !== tg && !((destroyed.get(tg.id) ?? Infinity) <= fireAt)) pending.push({ nation, tg, cue: fireAt });
      // the target it fired on is held until the kill assessment (for good when killed; under a commander's decision,
      // whatever it is: the partners cannot know it before it is made); the one it was ordered on, until it fired
      hold(ft, nation, cue, killed || outcome !== null ? Infinity : assessed);
      if (ft !== tg) hold(tg, nation, cue, outcome !== null ? Infinity : fireAt);
    }
  };

  /** A nation's cue on a target: its first detect event by a sensor it may use, plus the sharing delay. */
  const cueFrom = (detects: ReadonlyArray<Extract<EngineEvent, { type: 'detect' }>>) => {
    const byObject = new Map<string, Array<Extract<EngineEvent, { type: 'detect' }>>>();
    for (const d of detects) byObject.set(d.object, [...(byObject.get(d.object) ?? []), d]);
    return (nation: NationCode, id: string): number => {
      let cue = Infinity;
      for (const d of byObject.get(id) ?? []) {
        const share = sensorShare(policy, nation, d.sensor);
        if (share.shared) cue = Math.min(cue, d.t + share.delay);
      }
      return cue;
    };
  };

  return {
    beforeLaunches(events, destroyed) {
      const unreleased = new Set<string>();
      const bombers = world.aircraft ?? [];
      if (bombers.length === 0 || sorties.size === 0) return unreleased;
      const missiles = new Map(world.missiles.map((m) => [m.id, m]));
      const targets: Target[] = bombers.map((a) => {
        const path = pathFromSamples(a.flight);
        // what a bomber threatens: the aims of its missiles (its value is theirs together)
        const first = missiles.get(a.releases[0]);
        return { id: a.id, kind: 'bomber', path, end: path.end, aim: first?.aimedAt ?? { nation: '' }, releases: a.releases };
      });
      const view = tracking?.bombers(events) ?? null;
      fight(targets, view ? (n, id) => view.cue(n, id) : cueFrom(aircraftFirstDetections(world, seed)), events, destroyed, view);
      for (const tg of targets) {
        const killedAt = destroyed.get(tg.id);
        if (killedAt === undefined || killedAt >= tg.end) continue;
        for (const id of tg.releases) {
          unreleased.add(id);
          for (const o of missiles.get(id)?.objects ?? []) destroyed.set(o, killedAt);
        }
      }
      return unreleased;
    },
    afterDetections(events, destroyed) {
      const cruise = world.objects.filter((o) => o.endoOnly && !destroyed.has(o.id));
      if (cruise.length === 0) return;
      const targets: Target[] = cruise.map((o) => ({
        id: o.id,
        kind: 'cruise',
        path: pathFromSamples(o.flight),
        end: o.impactTime,
        aim: o.aimedAt,
        releases: [],
      }));
      const view = tracking?.cruise(destroyed, events) ?? null;
      if (sorties.size > 0) {
        const detects = events.filter((e): e is Extract<EngineEvent, { type: 'detect' }> => e.type === 'detect');
        fight(targets, view ? (n, id) => view.cue(n, id) : cueFrom(detects), events, destroyed, view);
      }
      const rounds = new BatteryRounds(new Map((world.airBatteries ?? []).map((b) => [b.id, b.rounds])));
      for (const tg of [...targets].sort((a, b) => a.end - b.end || (a.id < b.id ? -1 : 1))) {
        if (destroyed.has(tg.id)) continue;
        let notBefore = -Infinity;
        for (const b of world.airBatteries ?? []) {
          if (!rounds.any(b.id)) continue;
          // estimated tracks: the battery's radar searches once its nation holds a track on the target
          const engaged = batteryEngages(b, tg, notBefore, rounds, events, destroyed, view ? view.cue(b.owner, tg.id) : -Infinity);
          if (engaged === true) break;
          if (engaged !== false) notBefore = Math.max(notBefore, engaged);
        }
      }
    },
  };

  /**
   * A ground battery's engagement of a cruise missile (see WorldAirBattery): true when it fired; the time a
   * live commander's decision withheld it (its rounds are back from then; another battery may engage the
   * target with a request from then on); false when it did not engage. `notBefore`: the earliest request.
   */
  function batteryEngages(
    b: WorldAirBattery,
    tg: Target,
    notBefore: number,
    rounds: BatteryRounds,
    events: EngineEvent[],
    destroyed: Map<string, number>,
    cue: number,
  ): boolean | number {
    const site = geodeticToEcef(b.site.latitude, b.site.longitude, b.site.altitude + b.radarHeight, new Float64Array(3));
    const look = (t: number): { seen: boolean; range: number } => {
      const g = geoAt(tg.path, t);
      const p = ecefAt(tg.path, t, ecef);
      const range = Math.hypot(p[0] - site[0], p[1] - site[1], p[2] - site[2]);
      return {
        seen:
          range <= b.radarRange &&
          lineOfSightClear(b.site.latitude, b.site.longitude, b.site.altitude + b.radarHeight, g.latitude, g.longitude, g.altitude),
        range,
      };
    };
    /** The first intercept (1 s steps from `from`) whose launch is no earlier than `earliest`: in sight and range. */
    const interceptFrom = (from: number, earliest: number): { t: number; launch: number } | null => {
      for (let t = from; t < tg.end; t++) {
        const l = look(t);
        if (l.seen && l.range <= b.engagementRange && t - l.range / b.missileSpeed >= earliest)
          return { t, launch: t - l.range / b.missileSpeed };
      }
      return null;
    };
    // 1 s steps over the flight (a cruise missile moves ~250 m a step; model choice)
    let seenAt: number | null = null;
    for (let t = Math.ceil(tg.path.start); t < tg.end; t++) {
      const l = look(t);
      if (seenAt === null) {
        if (l.seen && t >= cue) seenAt = t;
        continue;
      }
      if (!l.seen || l.range > b.engagementRange) continue;
      const launch = t - l.range / b.missileSpeed;
      if (launch < seenAt + b.reactionTime) continue;
      const point = geoAt(tg.path, t);
      const decision = mayEngage(policy, { ...b, kind: 'interceptor' }, tg.aim, point);
      if (!decision.allowed) {
        events.push({ t: seenAt, type: 'refuse', object: tg.id, weapon: b.id, nation: b.owner, reason: decision.reason });
        return false;
      }
      if (launch < seenAt + b.reactionTime + decision.approvalDelay) continue;
      const request = launch - decision.approvalDelay;
      if (request < notBefore) continue;
      const salvo = Math.min(b.shotsPerTarget, rounds.at(b.id, request));
      if (salvo === 0) continue;
      rounds.take(b.id, salvo, request);
      events.push({
        t: request,
        type: 'assign',
        object: tg.id,
        weapon: b.id,
        owner: b.owner,
        nation: b.owner,
        approvalDelay: decision.approvalDelay,
        approvals: decision.approvals.map(({ nation: n, delay }) => ({ nation: n, delay })),
        reason: `${b.system} ${b.id}: in its radar's horizon from ${seenAt.toFixed(0)} s; ${decision.reason}`,
      });
      const consent = { weapon: b.id, weaponClass: b.system, owner: b.owner, object: tg.id, request, intercept: t, point };
      events.push(...consentRequests(command, { ...consent, approvals: decision.approvals }));
      // live command: the nation's commander decides (approved later than planned: the first intercept a launch
      // from the approval on gives; denied, no answer under a denying rule, or no intercept left: the rounds stay)
      let fireAt = launch,
        meetAt = t,
        meetPoint = point;
      if (command !== undefined && decision.approvals.some((a) => command.nations.includes(a.nation))) {
        const outcome = commandShot(command, { weapon: b.id, object: tg.id, request, launch, approvals: decision.approvals });
        if (logCommand(events, outcome, tg.id, b.id, b.owner)) {
          rounds.keep(b.id, salvo, outcome.at);
          return outcome.at;
        }
        if (outcome.launch > launch) {
          const later = interceptFrom(t + 1, outcome.launch);
          if (later === null) {
            events.push({
              t: outcome.launch,
              type: 'refuse',
              object: tg.id,
              weapon: b.id,
              nation: b.owner,
              reason: `${b.id} at ${tg.id}: approved at ${outcome.launch.toFixed(0)} s, after the launch window closed`,
            });
            rounds.keep(b.id, salvo, outcome.launch);
            return outcome.launch;
          }
          fireAt = later.launch;
          meetAt = later.t;
          meetPoint = geoAt(tg.path, later.t);
        }
      }
      const draw = streamFor(seed, `air-defense:${tg.id}:${b.id}`);
      for (let shot = 1; shot <= salvo; shot++) {
        const already = (destroyed.get(tg.id) ?? Infinity) <= meetAt;
        const hit = draw.next() < b.singleShotPk;
        events.push({
          t: fireAt,
          type: 'fire',
          object: tg.id,
          weapon: b.id,
          owner: b.owner,
          layer: b.assetClass,
          shot,
          plannedIntercept: meetAt,
        });
        // the engine's model: the missile flies the radar's slant range at missileSpeed, straight (linear is exact)
        const aim = ecefAt(tg.path, meetAt, new Float64Array(3));
        events.push({
          t: fireAt,
          type: 'flyout',
          object: tg.id,
          weapon: b.id,
          owner: b.owner,
          shot,
          path: [0, ...[...site].map(Math.round), meetAt - fireAt, ...[...aim].map(Math.round)],
        });
        events.push({
          t: meetAt,
          type: 'intercept',
          object: tg.id,
          weapon: b.id,
          layer: b.assetClass,
          shot,
          hit,
          point: meetPoint,
          alreadyDestroyed: already,
        });
        if (hit && !already) destroyed.set(tg.id, meetAt);
      }
      const killed = destroyed.has(tg.id);
      events.push({
        t: meetAt + world.doctrine.killAssessmentDelay,
        type: 'kill-assess',
        object: tg.id,
        weapon: b.id,
        killed,
        nation: b.owner,
        truth: killed,
        shot: salvo,
      });
      return true;
    }
    return false;
  }
}

/**
 * Ground batteries' rounds: those never taken, and those a live commander's denial kept, each back from
 * its decision (an engagement requested before it cannot have counted on it).
 */
class BatteryRounds {
  private readonly kept = new Map<string, number[]>();
  constructor(private readonly left: Map<string, number>) {}
  /** Any round left, whenever. */
  any(id: string): boolean {
    return (this.left.get(id) ?? 0) + (this.kept.get(id)?.length ?? 0) > 0;
  }
  /** Rounds an engagement requested at t may take. */
  at(id: string, t: number): number {
    return (this.left.get(id) ?? 0) + (this.kept.get(id) ?? []).filter((x) => x <= t).length;
  }
  take(id: string, n: number, t: number): void {
    const own = Math.min(n, this.left.get(id) ?? 0);
    this.left.set(id, (this.left.get(id) ?? 0) - own);
    const kept = this.kept.get(id) ?? [];
    for (let k = own; k < n; k++)
      kept.splice(
        kept.findIndex((x) => x <= t),
        1,
      );
  }
  keep(id: string, n: number, from: number): void {
    this.kept.set(id, [...(this.kept.get(id) ?? []), ...Array<number>(n).fill(from)]);
  }
}
