import { earthAngle, type EngineEvent, geodeticToEcef, toEcef, WalkerEphemeris, weaponVisibleTo, type World } from '@golden-dome/core';
import { NationView } from '../nation-view.ts';
import { sceneSpan } from '../scene.ts';
import {
  APPEARANCE,
  batteryType,
  DEAD_RECKONING,
  DETONATION_RESULT,
  FORCE,
  fighterType,
  interceptorType,
  satelliteType,
  threatType,
} from './enumerations.ts';
import {
  detonationPdu,
  disTimestamp,
  ENTITY_ID_UNKNOWN,
  type EntityId,
  entityStatePdu,
  type EntityType,
  firePdu,
  type MunitionDescriptor,
} from './pdus.ts';

/**
 * The standard's default thresholds and heartbeats (IEEE 1278.1-2012's table of symbolic names, as
 * transcribed e.g. by KDIS KSymbolicNames.h): DRA_POS_THRSH_DFLT 1 m, DRA_ORIENT_THRSH_DFLT 3°,
 * HBT_ESPDU_KIND_MUNITION and HBT_ESPDU_PLATFORM_SPACE 5 s, HBT_STATIONARY 1 min, HBT_TIMEOUT_MPLIER 2.4
 * (a receiver drops an entity not heard of for 2.4 heartbeats: 12 s).
 */
export const DIS_DEFAULTS = {
  positionThresholdM: 1,
  orientationThresholdRad: (3 * Math.PI) / 180,
  heartbeatS: 5,
  stationaryHeartbeatS: 60,
  timeoutMultiplier: 2.4,
} as const;

/** Mean Earth radius [m] for the line-of-sight test of satellites (a sphere: a satellite is in view of a threat when the straight line between them clears it). */
const EARTH_RADIUS_M = 6_371_000;
/**
 * Satellites are checked every fifth step (0.5 s at the default 0.1 s): on an orbit the extrapolation's
 * error grows as the jerk, |da/dt| ~ n^3 r ~ 0.01 m/s^3 at 450 km, times dt^3/6, so it passes 1 m
 * after ~9 s and by at most ~0.2 m more in 0.5 s; checking 1,300 satellites every 0.1 s cost 5x more.
 */
export const SATELLITE_CHECK_EVERY = 5;
/** Largest entity number (0 is NO_ENTITY, 0xFFFF ALL_ENTITIES). */
export const MAX_ENTITIES = 0xfffe;

export interface DisIds {
  exercise: number;
  site: number;
  application: number;
}

export interface DisStreamOptions extends DisIds {
  /**
   * Heartbeats in scenario seconds: the standard's are wall-clock seconds, so a stream played at X times
   * real time passes X x 5 s (X x 60 s for a battery) of scenario time between heartbeats.
   */
  heartbeatS: number;
  stationaryHeartbeatS: number;
  positionThresholdM?: number;
  orientationThresholdRad?: number;
  /** Scenario seconds between dead-reckoning checks (default 0.1 s). */
  checkStepS?: number;
  /** Scenario seconds between satellite line-of-sight updates (default 10 s). */
  visibilityStepS?: number;
}

export type DisEntityKind = 'battery' | 'satellite' | 'threat' | 'interceptor' | 'fighter';

/** One entity of the stream: its DIS id, what it is in the world, and how it is typed. */
export interface DisEntity {
  id: EntityId;
  kind: DisEntityKind;
  /** The world's id: a battery, `layer#index` of a satellite, a threat object, `weapon/object/shot` of an interceptor, or a fighter's sortie `<base>#<k>`. */
  source: string;
  type: EntityType;
  force: number;
  marking: string;
  deadReckoning: number;
}

export interface TimedPdu {
  /** Scenario time [s]. */
  t: number;
  kind: 'entity-state' | 'fire' | 'detonation';
  entity?: number;
  bytes: Buffer;
}

interface Mover extends DisEntity {
  /** ECEF position [m] at scenario time t. */
  at(t: number, out: Float64Array): Float64Array;
  /** Whether it may be shown at t (satellites: the visibility set decides). */
  window: { from: number; until: number } | null;
  /** Dead-reckoning checks every this many steps (satellites: 5, their motion is smooth; others: 1). */
  checkEvery: number;
  /** The last step that checked it (each entity once a step). */
  mark: number;
  /** The nation knew it destroyed at `until` (a threat killed rather than landed). */
  destroyedAtEnd: boolean;
  live: boolean;
  sent: { t: number; p: Float64Array; v: Float64Array; a: Float64Array } | null;
}

const FIRE_KEY = (e: { weapon: string; object: string; shot: number }) => `${e.weapon}|${e.object}|${e.shot}`;
const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 11);

/**
 * One nation's DIS stream of one trial: a pure function of the world, the nation's view of the log
 * (NationView: its filtered events and the objects it may see, with when) and the options; no clock,
 * no socket. `advance(t)` returns the PDUs due up to scenario time t in time order: Entity State for
 * the nation's batteries, the satellites in view, the threats it sees and its interceptors in flight
 * (dead-reckoned: sent again when the receiver's extrapolation drifts past the thresholds or at the
 * heartbeat, and once more deactivated when the entity leaves the picture), and a Fire and a Detonation
 * PDU, sharing an event id, for each of its shots.
 */
export class DisStream {
  readonly entities: DisEntity[];
  readonly start: number;
  readonly end: number;
  private readonly movers: Mover[];
  private readonly satellites: Array<{ mover: Mover; eph: WalkerEphemeris; index: number }> = [];
  private readonly events: EngineEvent[];
  private nextEvent = 0;
  private t: number;
  private readonly step: number;
  private readonly visibilityStep: number;
  private nextVisibility: number;
  private visibleSatellites = new Set<Mover>();
  private readonly liveSatellites = new Set<Mover>();
  private stepMark = 0;
  private readonly windowed: Mover[];
  private readonly engagedSatellites = new Map<Mover, Array<[number, number]>>();
  private readonly byWeapon = new Map<string, Mover>();
  private readonly byObject = new Map<string, Mover>();
  private readonly fires = new Map<
    string,
    { event: number; firing: EntityId; target: EntityId; munition: EntityId; descriptor: MunitionDescriptor; velocity: Float64Array }
  >();
  private eventNumber = 0;
  private readonly scratch = { p: new Float64Array(3), q: new Float64Array(3), r: new Float64Array(3) };
  readonly counts = { 'entity-state': 0, fire: 0, detonation: 0 };

  constructor(
    private readonly world: World,
    private readonly view: NationView,
    private readonly options: DisStreamOptions,
    span: { start: number; end: number },
  ) {
    this.start = span.start;
    this.end = span.end;
    this.t = span.start - 1e-9;
    this.step = options.checkStepS ?? 0.1;
    this.visibilityStep = options.visibilityStepS ?? 10;
    this.nextVisibility = span.start;
    this.events = view.events;
    const nation = view.nation;
    const movers: Mover[] = [];
    const add = (m: Omit<Mover, 'id' | 'live' | 'sent' | 'mark'>) => {
      if (movers.length >= MAX_ENTITIES)
        throw new Error(`a DIS stream holds at most ${MAX_ENTITIES} entities (one site and application); this trial has more`);
      const mover: Mover = {
        ...m,
        id: { site: options.site, application: options.application, entity: movers.length + 1 },
        live: false,
        sent: null,
        mark: 0,
      };
      movers.push(mover);
      return mover;
    };
    for (const b of [...world.batteries].filter((b) => weaponVisibleTo(nation, b)).sort((x, y) => (x.id < y.id ? -1 : 1))) {
      const p = geodeticToEcef(b.site.latitude, b.site.longitude, b.site.altitude, new Float64Array(3)) as Float64Array;
      const m = add({
        kind: 'battery',
        source: b.id,
        type: batteryType(b.owner),
        force: FORCE.friendly,
        marking: printable(b.id),
        deadReckoning: DEAD_RECKONING.static,
        at: (_t, out) => (out.set(p), out),
        window: { from: span.start, until: span.end },
        destroyedAtEnd: false,
        checkEvery: 1,
      });
      this.byWeapon.set(b.id, m);
    }
    world.spaceLayers.forEach((layer, li) => {
      const eph = new WalkerEphemeris(layer.shell);
      const eci = new Float64Array(3);
      for (let i = 0; i < eph.count; i++) {
        const m = add({
          kind: 'satellite',
          source: `${layer.id}#${i}`,
          type: satelliteType(layer.owner),
          force: FORCE.friendly,
          marking: `SAT${li + 1}-${i}`,
          deadReckoning: DEAD_RECKONING.fvw,
          at: (t, out) => {
            eph.position(i, t, eci);
            toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], out);
            return out;
          },
          window: null,
          destroyedAtEnd: false,
          checkEvery: SATELLITE_CHECK_EVERY,
        });
        this.satellites.push({ mover: m, eph, index: i });
        this.byWeapon.set(m.source, m);
      }
    });
    for (const o of view.visibleObjects()) {
      const threat = o.kind === 'threat';
      const object = threat ? world.objects.find((x) => x.id === o.id) : undefined;
      const m = add({
        kind: o.kind,
        source: o.id,
        type: threat ? threatType() : o.kind === 'fighter' ? fighterType(nation) : interceptorType(nation),
        force: threat ? FORCE.opposing : FORCE.friendly,
        marking: '',
        deadReckoning: threat ? DEAD_RECKONING.fvw : DEAD_RECKONING.fpw,
        at: (t, out) => o.ecefAt(t, out),
        window: { from: o.from, until: o.until },
        destroyedAtEnd: object !== undefined && o.until < object.impactTime - 1e-6,
        checkEvery: 1,
      });
      m.marking = `${threat ? 'TGT' : o.kind === 'fighter' ? 'FTR' : 'KV'} ${m.id.entity}`;
      if (threat) this.byObject.set(o.id, m);
      else this.byWeapon.set(`${o.id}`, m);
    }
    // a satellite is in view while its own shot is in flight
    const fired = new Map<string, number>();
    for (const e of this.events) {
      if (e.type === 'fire') fired.set(FIRE_KEY(e), e.t);
      if (e.type === 'intercept') {
        const from = fired.get(FIRE_KEY(e));
        const sat = this.byWeapon.get(e.weapon);
        if (from !== undefined && sat?.kind === 'satellite')
          this.engagedSatellites.set(sat, [...(this.engagedSatellites.get(sat) ?? []), [from, e.t]]);
      }
    }
    this.movers = movers;
    this.windowed = movers.filter((m) => m.window !== null);
    this.entities = movers.map(({ id, kind, source, type, force, marking, deadReckoning }) => ({
      id,
      kind,
      source,
      type,
      force,
      marking,
      deadReckoning,
    }));
  }

  /** The scenario time reached. */
  get time(): number {
    return this.t;
  }

  /**
   * An Entity State now for every entity in view of the given kinds (all: the whole picture, as a
   * receiver joining needs it): the live feed's wall-clock heartbeat, and its picture after a seek.
   */
  snapshot(kinds?: ReadonlySet<DisEntityKind>): TimedPdu[] {
    const t = Math.max(this.start, this.t);
    const out: TimedPdu[] = [];
    for (const m of this.movers) {
      if (kinds && !kinds.has(m.kind)) continue;
      if (!this.inView(m, t)) continue;
      m.live = true;
      if (m.kind === 'satellite') this.liveSatellites.add(m);
      out.push(this.entityState(m, t, 0));
    }
    return out;
  }

  /** Whether every PDU up to the end has been returned. */
  get done(): boolean {
    return this.t >= this.end;
  }

  /** The PDUs due after the last call up to scenario time `to` (at most the end), in time order. */
  advance(to: number): TimedPdu[] {
    const out: TimedPdu[] = [];
    const until = Math.min(to, this.end);
    while (this.t < until) {
      // the next check time on the grid start + k * step, not past `until` unless it is the end
      const k = Math.floor((this.t - this.start) / this.step + 1e-9) + 1;
      const tk = Math.min(this.start + k * this.step, this.end);
      if (tk > until && until < this.end) break;
      this.eventsUpTo(tk, out);
      if (tk >= this.nextVisibility) {
        this.updateVisibility(tk);
        this.nextVisibility = tk + this.visibilityStep;
      }
      // every entity with a window (batteries, threats, interceptors: few), and the satellites that are
      // or were in view (of 1,300, a few hundred at most); k numbers the step
      for (const m of this.windowed) this.check(m, tk, k, out);
      this.stepMark += 1;
      const once = (m: Mover) => {
        if (m.mark === this.stepMark) return;
        m.mark = this.stepMark;
        this.check(m, tk, k, out);
      };
      // (a copy: checking may take a satellite out of the live set)
      for (const m of [...this.liveSatellites]) once(m);
      for (const m of this.visibleSatellites) once(m);
      for (const [m, spans] of this.engagedSatellites) if (spans.some(([a, b]) => tk >= a && tk <= b)) once(m);
      this.t = tk;
    }
    // a final Entity State is dated when its entity left, which may be before this check's events
    return out.sort((x, y) => x.t - y.t);
  }

  private inView(m: Mover, t: number): boolean {
    if (m.window) return t >= m.window.from && t <= m.window.until;
    return this.visibleSatellites.has(m) || (this.engagedSatellites.get(m)?.some(([a, b]) => t >= a && t <= b) ?? false);
  }

  private updateVisibility(t: number): void {
    const threats: Float64Array[] = [];
    for (const m of this.movers) if (m.kind === 'threat' && this.inView(m, t)) threats.push(m.at(t, new Float64Array(3)));
    const next = new Set<Mover>();
    if (threats.length > 0) {
      const s = this.scratch.p;
      for (const { mover } of this.satellites) {
        mover.at(t, s);
        if (threats.some((p) => clearsEarth(s, p))) next.add(mover);
      }
    }
    this.visibleSatellites = next;
  }

  private check(m: Mover, t: number, k: number, out: TimedPdu[]): void {
    const shown = this.inView(m, t);
    if (!shown) {
      if (m.live) {
        // leaving the picture: once more, deactivated (and destroyed when the nation knows it killed)
        const tEnd = m.window && m.window.until < t ? Math.max(m.window.until, m.sent?.t ?? -Infinity) : t;
        out.push(this.entityState(m, tEnd, APPEARANCE.deactivated | (m.destroyedAtEnd ? APPEARANCE.destroyed : 0)));
        m.live = false;
        this.liveSatellites.delete(m);
      }
      return;
    }
    if (!m.live || !m.sent) {
      m.live = true;
      if (m.kind === 'satellite') this.liveSatellites.add(m);
      out.push(this.entityState(m, t, 0));
      return;
    }
    const dt = t - m.sent.t;
    const heartbeat = m.kind === 'battery' ? this.options.stationaryHeartbeatS : this.options.heartbeatS;
    if (dt >= heartbeat - 1e-9) {
      out.push(this.entityState(m, t, 0));
      return;
    }
    if (m.deadReckoning === DEAD_RECKONING.static || k % m.checkEvery !== 0) return;
    const { p, v, a } = m.sent;
    const truth = m.at(t, this.scratch.q);
    const second = m.deadReckoning === DEAD_RECKONING.fvw ? 0.5 * dt * dt : 0;
    let err2 = 0;
    for (let i = 0; i < 3; i++) {
      const dr = p[i] + v[i] * dt + a[i] * second;
      err2 += (dr - truth[i]) ** 2;
    }
    const threshold = this.options.positionThresholdM ?? DIS_DEFAULTS.positionThresholdM;
    if (err2 > threshold * threshold) {
      out.push(this.entityState(m, t, 0));
      return;
    }
    // orientation (along the velocity) drifting past its threshold: checked every tenth step (at 0.1 s,
    // each second), as turning 3° takes a threat or a satellite tens of seconds
    if (k % 10 !== 0) return;
    const vNow = this.velocity(m, t, this.scratch.r);
    const dot = vNow[0] * v[0] + vNow[1] * v[1] + vNow[2] * v[2];
    const norms = Math.hypot(vNow[0], vNow[1], vNow[2]) * Math.hypot(v[0], v[1], v[2]);
    if (
      norms > 0 &&
      Math.acos(Math.min(1, Math.max(-1, dot / norms))) > (this.options.orientationThresholdRad ?? DIS_DEFAULTS.orientationThresholdRad)
    ) {
      out.push(this.entityState(m, t, 0));
    }
  }

  /** Velocity [m/s] by central differences of the recorded positions (h = 0.05 s): the edge reads the flight, it flies nothing. */
  private velocity(m: Mover, t: number, out: Float64Array): Float64Array {
    if (m.deadReckoning === DEAD_RECKONING.static) return (out.fill(0), out);
    const h = 0.05;
    const a = m.at(t + h, new Float64Array(3)),
      b = m.at(t - h, new Float64Array(3));
    for (let i = 0; i < 3; i++) out[i] = (a[i] - b[i]) / (2 * h);
    return out;
  }

  private acceleration(m: Mover, t: number, out: Float64Array): Float64Array {
    if (m.deadReckoning !== DEAD_RECKONING.fvw) return (out.fill(0), out);
    const h = 0.25;
    const a = m.at(t + h, new Float64Array(3)),
      b = m.at(t, new Float64Array(3)),
      c = m.at(t - h, new Float64Array(3));
    for (let i = 0; i < 3; i++) out[i] = (a[i] - 2 * b[i] + c[i]) / (h * h);
    return out;
  }

  private timestamp(t: number): number {
    return disTimestamp(this.world.epochMs / 1000 + t, false);
  }

  private entityState(m: Mover, t: number, appearance: number): TimedPdu {
    const p = m.at(t, new Float64Array(3));
    // the receiver dead-reckons from what it decodes: velocity and acceleration are 32-bit floats on the wire
    const v = this.velocity(m, t, new Float64Array(3)).map(Math.fround);
    const a = this.acceleration(m, t, new Float64Array(3)).map(Math.fround);
    m.sent = { t, p, v, a };
    this.counts['entity-state'] += 1;
    const horizontal = Math.hypot(v[0], v[1]);
    const orientation: [number, number, number] =
      horizontal > 0 || v[2] !== 0 ? [Math.atan2(v[1], v[0]), Math.atan2(-v[2], horizontal), 0] : [0, 0, 0];
    return {
      t,
      kind: 'entity-state',
      entity: m.id.entity,
      bytes: entityStatePdu({
        exercise: this.options.exercise,
        timestamp: this.timestamp(t),
        id: m.id,
        force: m.force,
        type: m.type,
        location: p,
        velocity: v,
        orientation,
        appearance,
        deadReckoning: m.deadReckoning,
        acceleration: a,
        marking: m.marking,
      }),
    };
  }

  private targetOf(object: string): Mover | undefined {
    const direct = this.byObject.get(object);
    if (direct) return direct;
    // a shot at a missile in boost: its objects fly together until release; the first the nation sees stands for it
    const missile = this.world.missiles.find((x) => x.id === object);
    for (const id of missile?.objects ?? []) {
      const m = this.byObject.get(id);
      if (m) return m;
    }
    return undefined;
  }

  private eventsUpTo(t: number, out: TimedPdu[]): void {
    while (this.nextEvent < this.events.length && this.events[this.nextEvent].t <= t) {
      const e = this.events[this.nextEvent++];
      if (e.type === 'fire') out.push(this.fire(e));
      else if (e.type === 'intercept') {
        const pdu = this.detonation(e);
        if (pdu) out.push(pdu);
      }
    }
  }

  private fire(e: Extract<EngineEvent, { type: 'fire' }>): TimedPdu {
    const firing = this.byWeapon.get(e.weapon);
    const target = this.targetOf(e.object);
    const munition = this.byWeapon.get(`${e.weapon}/${e.object}/${e.shot}`);
    const location = firing ? firing.at(e.t, new Float64Array(3)) : new Float64Array(3);
    const velocity = munition ? this.velocity(munition, e.t, new Float64Array(3)) : new Float64Array(3);
    const intercept = this.events.find(
      (x): x is Extract<EngineEvent, { type: 'intercept' }> => x.type === 'intercept' && FIRE_KEY(x) === FIRE_KEY(e),
    );
    const point = intercept
      ? geodeticToEcef(intercept.point.latitude, intercept.point.longitude, intercept.point.altitude, new Float64Array(3))
      : undefined;
    const range = point && firing ? Math.hypot(point[0] - location[0], point[1] - location[1], point[2] - location[2]) : 0;
    this.eventNumber = (this.eventNumber % 0xffff) + 1;
    const descriptor: MunitionDescriptor = { type: interceptorType(e.owner), warhead: 0, fuse: 0, quantity: 1, rate: 0 };
    const shot = {
      event: this.eventNumber,
      firing: firing?.id ?? ENTITY_ID_UNKNOWN,
      target: target?.id ?? ENTITY_ID_UNKNOWN,
      munition: munition?.id ?? ENTITY_ID_UNKNOWN,
      descriptor,
      velocity,
    };
    this.fires.set(FIRE_KEY(e), shot);
    this.counts.fire += 1;
    return {
      t: e.t,
      kind: 'fire',
      bytes: firePdu({
        exercise: this.options.exercise,
        timestamp: this.timestamp(e.t),
        firing: shot.firing,
        target: shot.target,
        munition: shot.munition,
        event: { site: this.options.site, application: this.options.application, number: shot.event },
        fireMission: 0,
        location,
        descriptor,
        velocity,
        range,
      }),
    };
  }

  private detonation(e: Extract<EngineEvent, { type: 'intercept' }>): TimedPdu | undefined {
    const shot = this.fires.get(FIRE_KEY(e));
    if (!shot) return undefined;
    const location = geodeticToEcef(e.point.latitude, e.point.longitude, e.point.altitude, new Float64Array(3)) as Float64Array;
    this.counts.detonation += 1;
    return {
      t: e.t,
      kind: 'detonation',
      bytes: detonationPdu({
        exercise: this.options.exercise,
        timestamp: this.timestamp(e.t),
        firing: shot.firing,
        target: shot.target,
        munition: shot.munition,
        event: { site: this.options.site, application: this.options.application, number: shot.event },
        velocity: shot.velocity,
        location,
        descriptor: shot.descriptor,
        locationInEntity: [0, 0, 0],
        result: e.hit ? DETONATION_RESULT.entityImpact : DETONATION_RESULT.missEndGame,
      }),
    };
  }
}

/** Whether the straight line from a to b (ECEF) stays above a sphere of the Earth's mean radius. */
function clearsEarth(a: Float64Array, b: Float64Array): boolean {
  const dx = b[0] - a[0],
    dy = b[1] - a[1],
    dz = b[2] - a[2];
  const len2 = dx * dx + dy * dy + dz * dz;
  const u = len2 > 0 ? Math.min(1, Math.max(0, -(a[0] * dx + a[1] * dy + a[2] * dz) / len2)) : 0;
  const x = a[0] + u * dx,
    y = a[1] + u * dy,
    z = a[2] + u * dz;
  return x * x + y * y + z * z >= EARTH_RADIUS_M * EARTH_RADIUS_M;
}

/** A nation's DIS stream of a trial's log: its NationView, over the scene's span (the picture's). */
export function nationDisStream(world: World, nation: string, log: readonly EngineEvent[], options: DisStreamOptions): DisStream {
  const view = new NationView(world, nation, log);
  return new DisStream(world, view, options, sceneSpan(world, view.events));
}
