import type { EngineEvent } from '../engine/events.ts';
import type { World } from '../engine/world.ts';

/**
 * One trial's event log reduced to what campaign metrics need: a compact, flat record (one row of
 * trials.csv). Pure: reads the log and the world, recomputes nothing.
 *
 * Definitions (per trial):
 * - warheads / decoys: objects of each kind the raid releases (World.objects).
 * - leakers: objects of each kind with an `impact` event.
 * - destroyed, by layer: an object is destroyed by the first `intercept` with `hit` and not
 *   `alreadyDestroyed` on it; a boost-phase kill (an intercept on a missile) destroys every object the
 *   missile would have released, credited to that layer (`layer` of the event: the asset class).
 * - interceptors fired: `fire` events, by interceptor type, by layer and by owner. The type is the
 *   caller's map from weapon id to type (`weaponTypes`, e.g. battery 'ngi-fort-greely' → 'ngi'); without
 *   one, the weapon id (a battery, or a space layer for its satellites 'layer#k').
 * - defended value hit: the sum over leaking warheads of the value of the defended asset each was aimed
 *   at (World.defended, matched by id and nation; 0 when it was aimed at no listed asset). Two warheads
 *   on one city count its value twice (it is "value struck", not "value lost").
 * - value threatened / kept safe: over the distinct defended assets at least one warhead was aimed at,
 *   the total value, and the value of those no warhead reached (each asset counted once).
 * - timeline: first detection (`detect`), first interceptor fired (`fire`), detection to first shot
 *   (first `fire` at or after the first detection, minus that detection; null when either is absent),
 *   and the mean approval delay over the trial's `assign` events (decision time used waiting for
 *   other nations' approval; null when nothing was assigned).
 */
export interface TrialSummary {
  seed: number;
  warheads: number;
  decoys: number;
  warheadLeakers: number;
  decoyLeakers: number;
  warheadsDestroyed: number;
  decoysDestroyed: number;
  interceptorsFired: number;
  /** Interceptors fired at a decoy (a released object of kind decoy; boost-phase shots at a missile are not counted). */
  shotsAtDecoys: number;
  valueHit: number;
  valueThreatened: number;
  valueKeptSafe: number;
  /** Defended assets reached by at least one warhead (keys `${nation}/${id}`), for per-city outcomes. */
  assetsHit: string[];
  /** Objects destroyed, by layer (asset class). */
  warheadKillsByLayer: Record<string, number>;
  decoyKillsByLayer: Record<string, number>;
  /** Interceptors fired, by type, layer (asset class) and owner nation. */
  shotsByType: Record<string, number>;
  shotsByLayer: Record<string, number>;
  shotsByOwner: Record<string, number>;
  firstDetection: number | null;
  firstShot: number | null;
  detectionToFirstShot: number | null;
  meanApprovalDelay: number | null;
}

/** A defended asset at least one warhead of the raid is aimed at (the same in every trial). */
export interface ThreatenedAsset {
  /** `${nation}/${id}`, as in TrialSummary.assetsHit. */
  key: string;
  nation: string;
  id: string;
  name?: string;
  value: number;
}

/** What summarising needs from the world, computed once per world (or per worker). */
export interface TrialSummaryContext {
  kind: Map<string, 'warhead' | 'decoy'>;
  missileObjects: Map<string, readonly string[]>;
  warheads: number;
  decoys: number;
  /** Value of each defended asset, keyed `${nation}/${id}`. */
  value: Map<string, number>;
  /** Target of each warhead (key into `value`), for value threatened. */
  warheadTarget: Map<string, string>;
  valueThreatened: number;
  /** The listed defended assets the raid's warheads are aimed at, in the world's order (for P(struck) per asset). */
  threatened: ThreatenedAsset[];
  weaponTypes: Readonly<Record<string, string>>;
}

const assetKey = (nation: string, id: string | undefined): string => `${nation}/${id ?? ''}`;

/** Space-layer shots name the satellite ('layer#k'); metrics count by the layer. */
export function weaponBase(weapon: string): string {
  const k = weapon.indexOf('#');
  return k < 0 ? weapon : weapon.slice(0, k);
}

export function trialSummaryContext(world: World, weaponTypes: Readonly<Record<string, string>> = {}): TrialSummaryContext {
  const kind = new Map(world.objects.map((o) => [o.id, o.kind] as const));
  const value = new Map(world.defended.map((d) => [assetKey(d.nation, d.id), d.value] as const));
  const warheadTarget = new Map<string, string>();
  for (const o of world.objects) if (o.kind === 'warhead') warheadTarget.set(o.id, assetKey(o.aimedAt.nation, o.aimedAt.id));
  let valueThreatened = 0;
  const aimed = new Set(warheadTarget.values());
  for (const key of aimed) valueThreatened += value.get(key) ?? 0;
  const threatened: ThreatenedAsset[] = world.defended
    .filter((d) => aimed.has(assetKey(d.nation, d.id)))
    .map((d) => ({
      key: assetKey(d.nation, d.id),
      nation: d.nation,
      id: d.id,
      ...(d.name !== undefined ? { name: d.name } : {}),
      value: d.value,
    }));
  return {
    kind,
    missileObjects: new Map(world.missiles.map((m) => [m.id, m.objects] as const)),
    warheads: world.objects.filter((o) => o.kind === 'warhead').length,
    decoys: world.objects.filter((o) => o.kind === 'decoy').length,
    value,
    warheadTarget,
    valueThreatened,
    threatened: threatened.filter((a, i) => threatened.findIndex((b) => b.key === a.key) === i),
    weaponTypes,
  };
}

const bump = (m: Record<string, number>, key: string, by = 1): void => {
  m[key] = (m[key] ?? 0) + by;
};

/** Reduces one trial's event log (time-ordered, as runTrial returns it). */
export function summarizeTrial(ctx: TrialSummaryContext, seed: number, events: readonly EngineEvent[]): TrialSummary {
  const s: TrialSummary = {
    seed,
    warheads: ctx.warheads,
    decoys: ctx.decoys,
    warheadLeakers: 0,
    decoyLeakers: 0,
    warheadsDestroyed: 0,
    decoysDestroyed: 0,
    interceptorsFired: 0,
    shotsAtDecoys: 0,
    valueHit: 0,
    valueThreatened: ctx.valueThreatened,
    valueKeptSafe: ctx.valueThreatened,
    assetsHit: [],
    warheadKillsByLayer: {},
    decoyKillsByLayer: {},
    shotsByType: {},
    shotsByLayer: {},
    shotsByOwner: {},
    firstDetection: null,
    firstShot: null,
    detectionToFirstShot: null,
    meanApprovalDelay: null,
  };
  const destroyed = new Set<string>();
  const hitAssets = new Set<string>();
  let approvalSum = 0;
  let assigns = 0;
  const kill = (object: string, layer: string): void => {
    if (destroyed.has(object)) return;
    const k = ctx.kind.get(object);
    if (k === undefined) return;
    destroyed.add(object);
    if (k === 'warhead') {
      s.warheadsDestroyed++;
      bump(s.warheadKillsByLayer, layer);
    } else {
      s.decoysDestroyed++;
      bump(s.decoyKillsByLayer, layer);
    }
  };
  for (const e of events) {
    switch (e.type) {
      case 'detect':
        if (s.firstDetection === null) s.firstDetection = e.t;
        break;
      case 'assign':
        approvalSum += e.approvalDelay;
        assigns++;
        break;
      case 'fire': {
        s.interceptorsFired++;
        if (ctx.kind.get(e.object) === 'decoy') s.shotsAtDecoys++;
        if (s.firstShot === null) s.firstShot = e.t;
        if (s.firstDetection !== null && s.detectionToFirstShot === null && e.t >= s.firstDetection)
          s.detectionToFirstShot = e.t - s.firstDetection;
        const base = weaponBase(e.weapon);
        bump(s.shotsByType, ctx.weaponTypes[base] ?? base);
        bump(s.shotsByLayer, e.layer);
        bump(s.shotsByOwner, e.owner);
        break;
      }
      case 'intercept':
        if (!e.hit || e.alreadyDestroyed) break;
        if (ctx.kind.has(e.object)) kill(e.object, e.layer);
        else for (const o of ctx.missileObjects.get(e.object) ?? []) kill(o, e.layer);
        break;
      case 'impact':
        if (e.kind === 'warhead') {
          s.warheadLeakers++;
          const key = ctx.warheadTarget.get(e.object) ?? assetKey(e.aimedAt.nation, e.aimedAt.id);
          const v = ctx.value.get(key) ?? 0;
          s.valueHit += v;
          if (!hitAssets.has(key)) {
            hitAssets.add(key);
            s.assetsHit.push(key);
            s.valueKeptSafe -= v;
          }
        } else s.decoyLeakers++;
        break;
      default:
        break;
    }
  }
  if (assigns > 0) s.meanApprovalDelay = approvalSum / assigns;
  return s;
}
