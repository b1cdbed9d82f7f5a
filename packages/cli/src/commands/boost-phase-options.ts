import {
  ascentTrack,
  type BallisticMissileSpec,
  DEG,
  type EarthModel,
  gmst,
  type LaunchPoint,
  parseUtcEpoch,
  pointsInPolygon,
  REAL_EARTH,
  type Salvo,
  shotsNeeded,
  type SpaceInterceptorSpec,
} from '@golden-dome/core';
import {
  findInterceptor,
  findThreat,
  loadCatalog,
  loadInterceptorCatalog,
  type Place,
  resolveSpaceInterceptor,
  resolveThreat,
  type SpaceInterceptorEntry,
  type ThreatEntry,
} from '@golden-dome/scenario';
import { fmt } from '../output/format.ts';
import { placeFlag } from './place-flag.ts';
import { numberFlag, UsageError } from '../usage-error.ts';

/** The parseArgs options every boost-phase command shares. */
export const BOOST_PHASE_FLAGS = {
  missile: { type: 'string' },
  from: { type: 'string' },
  region: { type: 'string' },
  'region-spacing-km': { type: 'string' },
  toward: { type: 'string' },
  interceptor: { type: 'string' },
  salvo: { type: 'string' },
  'spacing-s': { type: 'string' },
  'per-missile': { type: 'string' },
  'kill-probability': { type: 'string' },
  pk: { type: 'string' },
  'after-burnout-s': { type: 'string' },
  'delta-v-km-s': { type: 'string' },
  'accel-g': { type: 'string' },
  'detection-s': { type: 'string' },
  'decision-s': { type: 'string' },
  'span-h': { type: 'string' },
  epoch: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Flags = Record<string, string | boolean | undefined>;

/** What a boost-phase study is about: the threat, where from, towards what, against which interceptor. */
export interface BoostPhaseSetup {
  entry: ThreatEntry;
  missile: BallisticMissileSpec;
  places: Place[];
  toward: Place;
  interceptorEntry: SpaceInterceptorEntry;
  interceptor: SpaceInterceptorSpec;
  salvo: Salvo;
  afterBurnout: number | undefined;
  spanHours: number;
  epochMs: number;
  earth: EarthModel;
}

export function parseBoostPhaseSetup(o: Flags, help: string, defaultEpoch = '2026-01-01T00:00:00Z'): BoostPhaseSetup {
  const text = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  if (text('missile') === undefined) throw new UsageError(`--missile is required\n\n${help}`);
  if (text('toward') === undefined) throw new UsageError(`--toward is required (the target that sets the launch direction)\n\n${help}`);
  if ((text('from') === undefined) === (text('region') === undefined))
    throw new UsageError('give the launch region as --from SITE[;SITE...] or as --region LAT,LON;LAT,LON;LAT,LON (one of them)');
  let epochMs: number;
  try {
    epochMs = parseUtcEpoch(text('epoch') ?? defaultEpoch);
  } catch (e) {
    throw new UsageError(`--epoch: ${(e as Error).message}`);
  }
  const earth: EarthModel = { ...REAL_EARTH, theta0: gmst(epochMs) };
  const catalog = loadCatalog();
  const entry = findThreat(catalog, text('missile') as string);
  const missile = resolveThreat(entry);
  if (missile.kind !== 'ballistic')
    throw new UsageError(`--missile ${entry.id} is a ${missile.kind} threat: boost-phase studies take a ballistic missile`);
  let places: Place[];
  const from = text('from');
  if (from !== undefined) {
    const names = from
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (names.length === 0 || names.length > 20) throw new UsageError(`--from takes 1 to 20 sites separated by ';', got '${from}'`);
    places = names.map((n) => placeFlag('from', n, catalog));
  } else {
    const vertices = (text('region') as string)
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
      .map((s) => placeFlag('region', s, catalog));
    if (vertices.length < 3 || vertices.length > 50)
      throw new UsageError(`--region needs 3 to 50 LAT,LON vertices separated by ';', got ${vertices.length}`);
    const spacing = (numberFlag('region-spacing-km', text('region-spacing-km'), 10, 2000) ?? 100) * 1000;
    const points = pointsInPolygon(vertices, spacing);
    if (points.length > 20)
      throw new UsageError(`--region holds ${points.length} launch points at that spacing: at most 20 (raise --region-spacing-km)`);
    places = points.map((pt, i) => ({
      ...pt,
      label: `region point ${i + 1} (${fmt(pt.latitude / DEG, 2)}°, ${fmt(pt.longitude / DEG, 2)}°)`,
      kind: 'coordinates' as const,
    }));
  }
  const toward = placeFlag('toward', text('toward') as string, catalog);
  const interceptorEntry = findInterceptor(loadInterceptorCatalog(), text('interceptor') ?? 'notional-sbi');
  const base = resolveSpaceInterceptor(interceptorEntry);
  const interceptor: SpaceInterceptorSpec = {
    ...base,
    deltaV: (numberFlag('delta-v-km-s', text('delta-v-km-s'), 0.1, 20) ?? base.deltaV / 1000) * 1000,
    acceleration: (numberFlag('accel-g', text('accel-g'), 0.1, 100) ?? base.acceleration / 9.80665) * 9.80665,
    detectionLatency: numberFlag('detection-s', text('detection-s'), 0, 600) ?? base.detectionLatency,
    decisionLatency: numberFlag('decision-s', text('decision-s'), 0, 600) ?? base.decisionLatency,
  };
  // interceptors per missile: given, or the number that reaches a wanted kill probability
  const wanted = numberFlag('kill-probability', text('kill-probability'), 0.01, 0.9999);
  const pk = numberFlag('pk', text('pk'), 0.01, 1);
  if ((wanted === undefined) !== (pk === undefined))
    throw new UsageError(
      '--kill-probability and --pk go together (the wanted kill probability per missile and the single-shot kill probability)',
    );
  if (wanted !== undefined && text('per-missile') !== undefined)
    throw new UsageError('give --per-missile or --kill-probability with --pk, not both');
  const salvo: Salvo = {
    count: numberFlag('salvo', text('salvo'), 1, 100) ?? 1,
    spacing: numberFlag('spacing-s', text('spacing-s'), 0, 3600) ?? 10,
    perMissile:
      wanted !== undefined && pk !== undefined ? shotsNeeded(pk, wanted) : (numberFlag('per-missile', text('per-missile'), 1, 10) ?? 1),
  };
  if (salvo.perMissile > 10)
    throw new UsageError(
      `a kill probability of ${wanted} at a single-shot ${pk} needs ${salvo.perMissile} interceptors per missile: at most 10`,
    );
  for (const [flag, v] of [
    ['salvo', salvo.count],
    ['per-missile', salvo.perMissile],
  ] as const) {
    if (!Number.isInteger(v)) throw new UsageError(`--${flag} must be a whole number, got ${v}`);
  }
  return {
    entry,
    missile,
    places,
    toward,
    interceptorEntry,
    interceptor,
    salvo,
    afterBurnout: numberFlag('after-burnout-s', text('after-burnout-s'), 0, 600),
    spanHours: numberFlag('span-h', text('span-h'), 0.1, 240) ?? 24,
    epochMs,
    earth,
  };
}

/** The ascent each launch point flies towards the target (physics in core; here only the error wording). */
export function tracksFor(s: BoostPhaseSetup, missile = s.missile): LaunchPoint[] {
  return s.places.map((place) => {
    try {
      return { name: place.label, track: ascentTrack(missile, place, s.toward, s.earth, Math.max(60, (s.afterBurnout ?? 0) + 10)) };
    } catch (e) {
      throw new UsageError(`the missile cannot fly from ${place.label} towards ${s.toward.label}: ${(e as Error).message}`);
    }
  });
}

/** Intercept deadline [s after launch] for these tracks: burnout less the margin, or a time past burnout. */
export function deadlineFor(s: BoostPhaseSetup, sites: readonly LaunchPoint[]): { burnout: number; deadline: number; explicit: boolean } {
  const burnout = Math.min(...sites.map((x) => x.track.burnoutTime));
  return s.afterBurnout === undefined
    ? { burnout, deadline: burnout - s.interceptor.arrivalMargin, explicit: false }
    : { burnout, deadline: burnout + s.afterBurnout, explicit: true };
}

/** Hours and minutes after the epoch, for launch times. */
export const hm = (s: number): string => `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
