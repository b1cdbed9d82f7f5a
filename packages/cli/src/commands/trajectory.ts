import {
  flyThreat,
  type ThreatFlight,
  arcFromRangeAndApogee,
  burnoutFlightPathAngle,
  DEG,
  ecefToGeodetic,
  earthAngle,
  fitMissileToTest,
  fitSurfaceFlight,
  gmst,
  greatCircleDistance,
  initialAzimuth,
  keplerMinimumEnergyReference,
  maxRangeFromSurface,
  minimumEnergyReach,
  missileMaxRange,
  earthRate,
  MU_EARTH,
  parseUtcEpoch,
  R_EARTH_MEAN,
  REAL_EARTH,
  StateHistory,
  toEcef,
  type BallisticMissileSpec,
  type EarthModel,
  type GeoPoint,
  type TrajectoryShape,
} from '@golden-dome/core';
import { findThreat, loadCatalog, type Place, resolveThreat } from '@golden-dome/scenario';
import { placeFlag } from './place-flag.ts';
import { deg, fmt, km, kms, minutes, table } from '../output/format.ts';
import { checkOutputPath, writeFileAtomic } from '../output/write-file.ts';
import { trajectoryPlotSvg } from '../report/trajectory-plot.ts';
import { numberFlag, UsageError } from '../usage-error.ts';
import { parseFlags } from '../flags.ts';

export const TRAJECTORY_HELP = `dome trajectory — fly a threat from launch to impact

  dome trajectory --missile ID --from SITE|CITY|LAT,LON --to CITY|LAT,LON
                  [--shape min-energy|least-burn|lofted|depressed] [--apogee-km A]
                  [--approach short|long|from-north|from-south|from-east|from-west]   (FOBS)
                  [--via LAT,LON;LAT,LON...]                                           (cruise missiles)
                  [--epoch ISO-8601] [--json] [--out states.csv]

  dome trajectory --fit-apogee-km A --fit-range-km R [--from SITE] [--fit-azimuth-deg AZ]
                  [--missile ID] [--to CITY|LAT,LON | --azimuth-deg AZ] [--json]
      reconstructs a test flight from its published apogee and range: ballistic from the surface
      (closed form, then on the rotating Earth), and with --missile the loft and payload of that
      missile that reproduce it; then the range it would reach on a minimum-energy trajectory.

  --out states.csv writes the state history there and its plot beside it (states.svg: altitude
  against time and against ground range from launch).

  'dome catalog' lists missile ids and launch sites.`;

const SHAPES = ['min-energy', 'least-burn', 'lofted', 'depressed'] as const;

export interface TrajectoryIo {
  stdout: (s: string) => void;
}

export async function trajectoryCommand(argv: string[], io: TrajectoryIo): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      missile: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      shape: { type: 'string' },
      'apogee-km': { type: 'string' },
      approach: { type: 'string' },
      via: { type: 'string' },
      epoch: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      'fit-apogee-km': { type: 'string' },
      'fit-range-km': { type: 'string' },
      'fit-azimuth-deg': { type: 'string' },
      'azimuth-deg': { type: 'string' },
    },
    TRAJECTORY_HELP,
    false,
  );
  const o = parsed.values;
  if (o.help) {
    io.stdout(TRAJECTORY_HELP);
    return 0;
  }
  const epochText = o.epoch ?? '2026-01-01T00:00:00Z';
  let epochMs: number;
  try {
    epochMs = parseUtcEpoch(epochText);
  } catch (e) {
    throw new UsageError(`--epoch: ${(e as Error).message}`);
  }
  const earth: EarthModel = { ...REAL_EARTH, theta0: gmst(epochMs) };
  const outPath = o.out !== undefined ? checkOutputPath(o.out, 'out') : undefined;
  const catalog = loadCatalog();

  if (o['fit-apogee-km'] !== undefined || o['fit-range-km'] !== undefined) {
    return fitCommand(o, catalog, earth, io);
  }
  for (const f of ['missile', 'from', 'to'] as const) {
    if (o[f] === undefined) throw new UsageError(`--${f} is required\n\n${TRAJECTORY_HELP}`);
  }
  const entry = findThreat(catalog, o.missile as string);
  const spec = resolveThreat(entry);
  const from = placeFlag('from', o.from as string, catalog);
  const to = placeFlag('to', o.to as string, catalog);
  const header = {
    missile: { id: entry.id, name: entry.name, kind: entry.kind },
    from: placeJson(from),
    to: placeJson(to),
    epoch: new Date(epochMs).toISOString(),
  };
  const distance = greatCircleDistance(from.latitude, from.longitude, to.latitude, to.longitude);
  if (distance < 1000) throw new UsageError(`--from and --to are ${fmt(distance)} m apart: nothing to fly`);

  let history: StateHistory;
  let report: Record<string, unknown>;
  let rows: Array<[string, string]>;

  if (spec.kind === 'ballistic') {
    const shape = parseShape(o.shape, o['apogee-km']);
    const flown = flyThreat(spec, from, to, { shape }, earth);
    if ('error' in flown) throw new UsageError(`${entry.name}: ${flown.error}`);
    const res = flown.aim;
    const s = res.flight.summary;
    history = res.flight.history as StateHistory;
    const objects = res.flight.objects.map((ob) => ({
      kind: ob.kind,
      index: ob.index,
      release_time_s: round(ob.releaseTime, 1),
      impact: ob.flight.impact
        ? {
            lat_deg: round(ob.flight.impact.latitude / DEG, 4),
            lon_deg: round(ob.flight.impact.longitude / DEG, 4),
            time_s: round(ob.flight.impact.t, 1),
            speed_km_s: round(ob.flight.impact.speedRelative / 1000, 3),
          }
        : null,
      distance_from_target_km: ob.flight.impact
        ? round(greatCircleDistance(ob.flight.impact.latitude, ob.flight.impact.longitude, to.latitude, to.longitude) / 1000, 2)
        : null,
    }));
    const kepler = keplerMinimumEnergyReference(res.flight, from, earth);
    const reachText = Number.isFinite(res.maxRange)
      ? `longest reach this way ${km(res.maxRange)} along track`
      : 'orbital-class: global reach';
    report = {
      ...header,
      shape,
      ground_range_km: round(s.groundRange / 1000, 1),
      along_track_range_km: round(s.alongTrackRange / 1000, 1),
      target_distance_km: round(distance / 1000, 1),
      apogee_km: round(s.apogeeAltitude / 1000, 1),
      apogee_time_s: round(s.apogeeTime, 1),
      burnout: {
        time_s: round(s.burnoutTime, 1),
        altitude_km: round(s.burnoutAltitude / 1000, 1),
        speed_km_s: round(s.burnoutSpeed / 1000, 3),
        speed_relative_km_s: round(s.burnoutSpeedRelative / 1000, 3),
      },
      flight_time_s: round(s.flightTime, 1),
      reentry_speed_km_s: round(s.reentrySpeed / 1000, 3),
      impact_speed_km_s: round(s.impactSpeed / 1000, 3),
      peak_deceleration_g: round(s.peakDeceleration / 9.80665, 1),
      impact: { lat_deg: round(s.impactLatitude / DEG, 5), lon_deg: round(s.impactLongitude / DEG, 5) },
      miss_distance_m: round(res.missDistance, 2),
      max_range_towards_target_km: round(res.maxRange / 1000, 0),
      orbital_class: !Number.isFinite(res.maxRange),
      kepler_min_energy:
        kepler === null
          ? null
          : {
              from_burnout: {
                apogee_km: round(kepler.fromBurnout.apogeeAltitude / 1000, 1),
                flight_time_s: round(kepler.fromBurnout.flightTime, 1),
                burnout_speed_km_s: round(kepler.fromBurnout.speed / 1000, 3),
                flight_path_angle_deg: round(kepler.fromBurnout.flightPathAngle / DEG, 3),
              },
              from_surface: {
                inertial_range_km: round(kepler.inertialRange / 1000, 1),
                apogee_km: round(kepler.fromSurface.apogeeAltitude / 1000, 1),
                flight_time_s: round(kepler.fromSurface.timeOfFlight, 1),
                speed_km_s: round(kepler.fromSurface.speed / 1000, 3),
                flight_path_angle_deg: round(kepler.fromSurface.flightPathAngle / DEG, 3),
              },
            },
      burnout_flight_path_angle_deg: round(burnoutFlightPathAngle(res.flight) / DEG, 3),
      solution: {
        azimuth_deg: round(res.controls.azimuth / DEG, 4),
        kick_deg: round(res.controls.kickAngle / DEG, 4),
        last_stage_burn_fraction: round(res.controls.finalBurnFraction, 5),
        longest_reach_kick_deg: round(res.longestReachKick / DEG, 4),
        trajectories_flown: res.evaluations,
        screening_flights: res.screeningFlights,
      },
      objects,
    };
    rows = [
      ['ground range', `${km(s.groundRange)}, ${km(s.alongTrackRange)} along track   (target ${km(distance)} away; ${reachText})`],
      ['apogee', `${km(s.apogeeAltitude)} at t = ${fmt(s.apogeeTime)} s`],
      [
        'burnout',
        `t = ${fmt(s.burnoutTime, 1)} s, altitude ${km(s.burnoutAltitude)}, speed ${kms(s.burnoutSpeed)} inertial / ${kms(s.burnoutSpeedRelative)} Earth-relative, ${deg(burnoutFlightPathAngle(res.flight), 1)} above the horizon`,
      ],
      ['flight time', `${minutes(s.flightTime)} (${fmt(s.flightTime)} s)`],
      ['re-entry speed (100 km)', kms(s.reentrySpeed)],
      ['impact speed', `${kms(s.impactSpeed)}, peak deceleration ${fmt(s.peakDeceleration / 9.80665)} g`],
      ['miss distance', `${fmt(res.missDistance, 1)} m`],
      ...(kepler === null
        ? []
        : [
            [
              'Kepler minimum energy',
              `from burnout: apogee ${km(kepler.fromBurnout.apogeeAltitude)}, flight time ${minutes(kepler.fromBurnout.flightTime)} (boost + conic), ${deg(kepler.fromBurnout.flightPathAngle, 1)} at burnout`,
            ] as [string, string],
            [
              '  textbook, from the surface',
              `apogee ${km(kepler.fromSurface.apogeeAltitude)}, flight time ${minutes(kepler.fromSurface.timeOfFlight)} for ${km(kepler.inertialRange)} (inertial range; 45° - Ψ/4 = ${deg(kepler.fromSurface.flightPathAngle, 1)}, no boost, no air)`,
            ] as [string, string],
          ]),
      [
        'solution',
        `azimuth ${deg(res.controls.azimuth)}, kick ${deg(res.controls.kickAngle, 3)}, last stage burns ${fmt(res.controls.finalBurnFraction * 100, 1)} % (${res.evaluations} trajectories flown, ${res.screeningFlights} coarse ones to screen the search)`,
      ],
    ];
    if (objects.length > 1) {
      const spread = objects.slice(1).map((x) => x.distance_from_target_km ?? NaN);
      rows.push([
        'other objects',
        `${objects.length - 1} released (${objects.filter((x) => x.kind === 'decoy').length} decoys), landing ${fmt(Math.min(...spread), 1)}–${fmt(Math.max(...spread), 1)} km from the target`,
      ]);
    }
  } else if (spec.kind === 'glide') {
    if (o.shape || o['apogee-km'])
      throw new UsageError(
        "--shape and --apogee-km apply to ballistic missiles; a glide vehicle's booster loft is chosen for its longest reach",
      );
    const flown = flyThreat(spec, from, to, {}, earth);
    if ('error' in flown) throw new UsageError(`${entry.name}: ${flown.error}`);
    const res = flown.aim;
    const f = res.flight;
    history = f.history;
    const impact = f.glide.impact;
    if (!impact) throw new Error('glide flight ended without impact');
    const glide = glideStats(f.history, f.boost.t, earth);
    report = {
      ...header,
      ground_range_km: round(greatCircleDistance(from.latitude, from.longitude, impact.latitude, impact.longitude) / 1000, 1),
      burnout: {
        time_s: round(f.boost.t, 1),
        altitude_km: round(f.boost.altitude / 1000, 1),
        speed_relative_km_s: round(f.boost.speedRelative / 1000, 3),
      },
      apogee_km: round((f.glide.apogee?.altitude ?? NaN) / 1000, 1),
      glide: {
        min_altitude_km: round(glide.minAltitude / 1000, 1),
        max_altitude_km_after_pull_up: round(glide.maxAfterPullUp / 1000, 1),
        dive_start_time_s: round(f.guidance.diveStartTime, 1),
      },
      flight_time_s: round(impact.t, 1),
      impact_speed_km_s: round(impact.speedRelative / 1000, 3),
      miss_distance_m: round(res.missDistance, 1),
      max_range_towards_target_km: round(res.maxRange / 1000, 0),
      solution: { azimuth_deg: round(res.controls.azimuth / DEG, 3), kick_deg: round(res.controls.kickAngle / DEG, 3) },
    };
    rows = [
      [
        'ground range',
        `${km(greatCircleDistance(from.latitude, from.longitude, impact.latitude, impact.longitude))}   (longest reach this way ${km(res.maxRange)})`,
      ],
      [
        'booster burnout',
        `t = ${fmt(f.boost.t, 1)} s, altitude ${km(f.boost.altitude)}, speed ${kms(f.boost.speedRelative)} Earth-relative`,
      ],
      [
        'glide',
        `pull-up then glide between ${km(glide.minAltitude)} and ${km(glide.maxAfterPullUp)}; terminal dive from t = ${fmt(f.guidance.diveStartTime)} s`,
      ],
      ['flight time', minutes(impact.t)],
      ['impact speed', kms(impact.speedRelative)],
      ['miss distance', `${fmt(res.missDistance, 1)} m`],
    ];
  } else if (spec.kind === 'fobs') {
    const approaches = parseApproach(o.approach);
    let best: Extract<ThreatFlight, { kind: 'fobs' }>['aim'] | null = null;
    const failures: string[] = [];
    for (const a of approaches.ways) {
      const flown = flyThreat(spec, from, to, { approach: a }, earth);
      if ('error' in flown) {
        failures.push(`${a} way: ${flown.error}`);
        continue;
      }
      const r = flown.aim;
      if (
        best === null ||
        headingMismatch(r.approachHeading, approaches.heading) < headingMismatch(best.approachHeading, approaches.heading)
      )
        best = r;
    }
    if (best === null) throw new UsageError(`${entry.name}: ${failures.join('; ')}`);
    const f = best.flight;
    const impact = f.reentry?.impact;
    if (!impact) throw new Error('FOBS flight ended without impact');
    history = f.history as StateHistory;
    report = {
      ...header,
      approach: o.approach ?? 'short',
      orbit: {
        perigee_km: round(f.perigeeAltitude / 1000, 1),
        apogee_km: round(f.apogeeAltitude / 1000, 1),
        insertion_time_s: round(f.boost.t, 1),
      },
      deorbit_time_s: round(best.controls.deorbitTime, 1),
      flight_time_s: round(impact.t, 1),
      approach_heading_deg: round(best.approachHeading / DEG, 1),
      impact_speed_km_s: round(impact.speedRelative / 1000, 3),
      miss_distance_m: round(best.missDistance, 1),
      solution: { azimuth_deg: round(compass(best.controls.azimuth) / DEG, 3), trajectories_flown: best.evaluations },
    };
    rows = [
      ['orbit', `perigee ${km(f.perigeeAltitude)}, apogee ${km(f.apogeeAltitude)}, inserted at t = ${fmt(f.boost.t)} s`],
      ['de-orbit burn', `t = ${fmt(best.controls.deorbitTime)} s (${minutes(best.controls.deorbitTime)})`],
      ['approach', `heading ${deg(best.approachHeading, 0)} at impact (launch azimuth ${deg(compass(best.controls.azimuth), 1)})`],
      ['flight time', minutes(impact.t)],
      ['impact speed', kms(impact.speedRelative)],
      ['miss distance', `${fmt(best.missDistance, 1)} m`],
    ];
  } else {
    const waypoints: GeoPoint[] = (o.via ?? '')
      .split(';')
      .filter((s) => s.trim())
      .map((s) => placeFlag('via', s, catalog));
    const flown = flyThreat(spec, from, to, { waypoints }, earth);
    if ('error' in flown) throw new UsageError(`${entry.name}: ${flown.error}`);
    const res = flown.flight;
    history = res.history;
    const s = res.summary;
    report = {
      ...header,
      waypoints: waypoints.length,
      route_length_km: round(s.routeLength / 1000, 1),
      ground_distance_flown_km: round(s.groundDistanceFlown / 1000, 1),
      flight_time_s: round(s.flightTime, 1),
      miss_distance_m: round(s.missDistance, 1),
      max_turn_rate_deg_s: round(s.maxTurnRate / DEG, 2),
    };
    rows = [
      ['route', `${km(s.routeLength)} via ${waypoints.length} waypoint(s); flown ${km(s.groundDistanceFlown)}`],
      ['flight time', `${minutes(s.flightTime)} (${fmt(s.flightTime / 3600, 2)} h)`],
      ['miss distance', `${fmt(s.missDistance, 1)} m`],
    ];
  }

  if (outPath) {
    const csv = historyCsv(history, earth);
    writeFileAtomic(outPath, csv);
    report.out = outPath;
    report.plot = plotPathFor(outPath);
    writeFileAtomic(report.plot as string, await trajectoryPlotSvg(csv, `${entry.name}: ${from.label} → ${to.label}`));
  }
  if (o.json) io.stdout(JSON.stringify(report, null, 2));
  else {
    io.stdout(
      `${entry.name}: ${from.label} → ${to.label}${spec.kind === 'ballistic' ? ` (${describeShape(report.shape as TrajectoryShape)})` : ''}`,
    );
    io.stdout(table(rows));
    if (outPath) io.stdout(`  state history: ${outPath} (${history.length} rows); plot: ${plotPathFor(outPath)}`);
  }
  return 0;
}

function parseShape(shape: string | undefined, apogeeKm: string | undefined): TrajectoryShape {
  const s = shape ?? (apogeeKm !== undefined ? 'lofted' : 'min-energy');
  if (!(SHAPES as readonly string[]).includes(s)) throw new UsageError(`--shape must be one of ${SHAPES.join(', ')}, got '${s}'`);
  const apogee = numberFlag('apogee-km', apogeeKm, 50, 10000);
  if (s === 'min-energy' || s === 'least-burn') {
    if (apogee !== undefined) throw new UsageError(`--apogee-km fixes the loft: use it with --shape lofted or depressed, not ${s}`);
    return { kind: s };
  }
  return { kind: s as 'lofted' | 'depressed', apogeeAltitude: apogee === undefined ? undefined : apogee * 1000 };
}

function describeShape(s: TrajectoryShape): string {
  if (s.kind === 'min-energy') return 'minimum-energy';
  if (s.kind === 'least-burn') return 'least burn of the last stage';
  return s.apogeeAltitude !== undefined ? `${s.kind}, apogee ${km(s.apogeeAltitude)}` : `${s.kind}, full burn`;
}

const COMPASS: Record<string, number> = { 'from-north': Math.PI, 'from-south': 0, 'from-east': 1.5 * Math.PI, 'from-west': 0.5 * Math.PI };

/** FOBS approach: a way round, or the side it should come from (then both ways are tried and the closer heading kept). */
function parseApproach(text: string | undefined): { ways: Array<'short' | 'long'>; heading: number | null } {
  const t = text ?? 'short';
  if (t === 'short' || t === 'long') return { ways: [t], heading: null };
  if (t in COMPASS) return { ways: ['short', 'long'], heading: COMPASS[t] };
  throw new UsageError(`--approach must be short, long, from-north, from-south, from-east or from-west, got '${t}'`);
}

/** An angle as a compass bearing in [0, 2 pi) (the long way round adds pi to the short way's azimuth). */
function compass(a: number): number {
  const t = a % (2 * Math.PI);
  return t < 0 ? t + 2 * Math.PI : t;
}

function headingMismatch(h: number, wanted: number | null): number {
  if (wanted === null) return 0;
  return Math.abs(Math.atan2(Math.sin(h - wanted), Math.cos(h - wanted)));
}

function placeJson(p: Place): Record<string, unknown> {
  return { label: p.label, kind: p.kind, lat_deg: round(p.latitude / DEG, 5), lon_deg: round(p.longitude / DEG, 5) };
}

function round(v: number, d: number): number | null {
  if (!Number.isFinite(v)) return null;
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

function glideStats(h: StateHistory, tRelease: number, earth: EarthModel): { minAltitude: number; maxAfterPullUp: number } {
  const s = new Float64Array(6);
  const ecef = new Float64Array(3);
  const geo = new Float64Array(3);
  let pulledUp = false;
  let prevAlt = Infinity;
  let minAltitude = Infinity;
  let maxAfterPullUp = -Infinity;
  for (let i = 0; i < h.length; i++) {
    const t = h.time(i);
    if (t < tRelease) continue;
    h.state(i, s);
    toEcef(earthAngle(earth, t), s[0], s[1], s[2], ecef);
    ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
    const alt = geo[2];
    if (!pulledUp && alt > prevAlt && alt < 100e3) pulledUp = true;
    if (pulledUp && alt > 5e3) {
      minAltitude = Math.min(minAltitude, alt);
      maxAfterPullUp = Math.max(maxAfterPullUp, alt);
    }
    prevAlt = alt;
  }
  return { minAltitude, maxAfterPullUp };
}

/** The state history as CSV: time, geodetic position, ECI state, Earth-relative speed. */
/** The plot beside the state history: states.csv → states.svg. */
function plotPathFor(csvPath: string): string {
  return `${csvPath.replace(/\.csv$/i, '')}.svg`;
}

export function historyCsv(h: StateHistory, earth: EarthModel): string {
  const lines = ['t_s,lat_deg,lon_deg,alt_km,x_eci_m,y_eci_m,z_eci_m,vx_eci_m_s,vy_eci_m_s,vz_eci_m_s,speed_rel_m_s'];
  const s = new Float64Array(6);
  const ecef = new Float64Array(3);
  const geo = new Float64Array(3);
  const w = earthRate(earth);
  for (let i = 0; i < h.length; i++) {
    const t = h.time(i);
    h.state(i, s);
    toEcef(earthAngle(earth, t), s[0], s[1], s[2], ecef);
    ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
    const vr = Math.hypot(s[3] + w * s[1], s[4] - w * s[0], s[5]);
    lines.push(
      [
        t.toFixed(3),
        (geo[0] / DEG).toFixed(6),
        (geo[1] / DEG).toFixed(6),
        (geo[2] / 1000).toFixed(4),
        s[0].toFixed(2),
        s[1].toFixed(2),
        s[2].toFixed(2),
        s[3].toFixed(4),
        s[4].toFixed(4),
        s[5].toFixed(4),
        vr.toFixed(3),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

type Flags = Record<string, string | boolean | undefined>;

/** A longest reach: its along-track length, or orbital-class. */
function reachKm(r: { range: number; orbital: boolean }): string {
  return r.orbital ? 'orbital-class: global reach' : `${km(r.range)} along track`;
}

/** --fit-apogee-km / --fit-range-km: reconstruct a test flight. */
async function fitCommand(o: Flags, catalog: ReturnType<typeof loadCatalog>, earth: EarthModel, io: TrajectoryIo): Promise<number> {
  const apogee = numberFlag('fit-apogee-km', o['fit-apogee-km'] as string | undefined, 10, 20000);
  const range = numberFlag('fit-range-km', o['fit-range-km'] as string | undefined, 10, 20000);
  if (apogee === undefined || range === undefined) throw new UsageError('--fit-apogee-km and --fit-range-km go together');
  const A = apogee * 1000,
    R = range * 1000;
  const arc = arcFromRangeAndApogee(R, A, R_EARTH_MEAN);
  const best = minimumEnergyReach(arc.speed, R_EARTH_MEAN);
  const report: Record<string, unknown> = {
    observed: { apogee_km: apogee, range_km: range },
    ballistic_from_surface: {
      model: 'spherical non-rotating Earth, vacuum (closed form)',
      speed_km_s: round(arc.speed / 1000, 4),
      flight_path_angle_deg: round(arc.flightPathAngle / DEG, 3),
      flight_time_s: round(arc.timeOfFlight, 1),
      orbital_class: best.orbital,
      min_energy_range_km: best.orbital ? null : round(best.arc.range / 1000, 0),
      min_energy_flight_time_s: best.orbital ? null : round(best.arc.timeOfFlight, 0),
    },
  };
  const circular = Math.sqrt(MU_EARTH / R_EARTH_MEAN);
  const rows: Array<[string, string]> = [
    ['observed', `apogee ${km(A)}, range ${km(R)}`],
    [
      'ballistic from the surface',
      `speed ${kms(arc.speed)} at ${deg(arc.flightPathAngle, 1)}, flight time ${minutes(arc.timeOfFlight)}  (closed form, non-rotating)`,
    ],
    [
      'same speed, minimum energy',
      best.orbital
        ? `orbital-class: global reach (${kms(arc.speed)} is at least circular speed, ${kms(circular)})  (closed form, non-rotating)`
        : `${km(best.arc.range)} in ${minutes(best.arc.timeOfFlight)}  (closed form, non-rotating)`,
    ],
  ];
  const from = o.from !== undefined ? placeFlag('from', o.from as string, catalog) : undefined;
  if (o.to !== undefined && o['azimuth-deg'] !== undefined) throw new UsageError('give --to or --azimuth-deg, not both');
  const to = o.to !== undefined ? placeFlag('to', o.to as string, catalog) : undefined;
  if ((o.missile !== undefined || to !== undefined || o['azimuth-deg'] !== undefined) && !from) {
    throw new UsageError('--from is needed to fly on the rotating Earth (with --missile, --to or --azimuth-deg)');
  }
  if (from) {
    const testAzimuth = (numberFlag('fit-azimuth-deg', o['fit-azimuth-deg'] as string | undefined, 0, 360) ?? 90) * DEG;
    const aimAzimuth = to
      ? initialAzimuth(from.latitude, from.longitude, to.latitude, to.longitude)
      : (numberFlag('azimuth-deg', o['azimuth-deg'] as string | undefined, 0, 360) ?? testAzimuth / DEG) * DEG;
    const fit = fitSurfaceFlight(from, testAzimuth, A, R, { speed: arc.speed, gamma: arc.flightPathAngle }, earth);
    const reach = maxRangeFromSurface(from, aimAzimuth, fit.speed, earth);
    const distance = to ? greatCircleDistance(from.latitude, from.longitude, to.latitude, to.longitude) : undefined;
    report.rotating_earth = {
      model: 'WGS84, J2, rotating Earth, vacuum, speed relative to the ground',
      from: placeJson(from),
      test_azimuth_deg: round(testAzimuth / DEG, 2),
      converged: fit.converged,
      speed_km_s: round(fit.speed / 1000, 4),
      flight_path_angle_deg: round(fit.gamma / DEG, 3),
      flight_time_s: round(fit.flight.end.t, 1),
      aim_azimuth_deg: round(aimAzimuth / DEG, 2),
      orbital_class: reach.orbital,
      min_energy_range_km: round(reach.range / 1000, 0),
      target: to ? placeJson(to) : null,
      target_distance_km: distance !== undefined ? round(distance / 1000, 0) : null,
      target_in_reach: distance !== undefined ? reach.range >= distance : null,
    };
    rows.push([
      'on the rotating Earth',
      `speed ${kms(fit.speed)} at ${deg(fit.gamma, 1)} towards ${deg(testAzimuth, 0)}, flight time ${minutes(fit.flight.end.t)}`,
    ]);
    rows.push([
      `longest reach towards ${deg(aimAzimuth, 0)}`,
      `${reachKm(reach)}${to && distance !== undefined ? `: ${to.label} (${km(distance)}) is ${reach.range >= distance ? 'within' : 'beyond'} reach` : ''}`,
    ]);
    if (o.missile !== undefined) {
      const entry = findThreat(catalog, o.missile as string);
      const spec = resolveThreat(entry);
      if (spec.kind !== 'ballistic')
        throw new UsageError(`--missile ${entry.id} is a ${spec.kind} threat; test reconstruction takes a ballistic missile`);
      const mf = fitMissileToTest(spec, from, testAzimuth, A, R, earth);
      if (!mf.converged)
        throw new UsageError(
          `${entry.name} cannot reproduce an apogee of ${km(A)} with a range of ${km(R)} at any payload: the test does not fit this missile`,
        );
      const fitted: BallisticMissileSpec = { ...spec, rocket: { ...spec.rocket, payloadMass: mf.payloadMass } };
      const reachM = missileMaxRange(fitted, from, aimAzimuth, earth);
      const s = mf.flight.summary;
      report.missile = {
        id: entry.id,
        name: entry.name,
        catalog_payload_kg: spec.rocket.payloadMass,
        fitted_payload_kg: round(mf.payloadMass, 0),
        kick_deg: round(mf.kickAngle / DEG, 4),
        burnout: {
          time_s: round(s.burnoutTime, 1),
          altitude_km: round(s.burnoutAltitude / 1000, 1),
          speed_km_s: round(s.burnoutSpeed / 1000, 3),
          speed_relative_km_s: round(s.burnoutSpeedRelative / 1000, 3),
        },
        flight_time_s: round(s.flightTime, 1),
        orbital_class: reachM.orbital,
        min_energy_range_km: round(reachM.range / 1000, 0),
        target_in_reach: distance !== undefined ? reachM.range >= distance : null,
      };
      rows.push([
        `${entry.name} fit`,
        `payload ${fmt(mf.payloadMass)} kg (catalogue ${fmt(spec.rocket.payloadMass)} kg), kick ${deg(mf.kickAngle, 2)}`,
      ]);
      rows.push([
        '  its test flight',
        `burnout t = ${fmt(s.burnoutTime)} s at ${km(s.burnoutAltitude)}, ${kms(s.burnoutSpeed)}; flight time ${minutes(s.flightTime)}`,
      ]);
      rows.push([
        '  longest reach',
        `${reachKm(reachM)} towards ${deg(aimAzimuth, 0)}${to && distance !== undefined ? `: ${to.label} is ${reachM.range >= distance ? 'within' : 'beyond'} reach` : ''}`,
      ]);
    }
  }
  if (o.json) io.stdout(JSON.stringify(report, null, 2));
  else {
    io.stdout('Test-flight reconstruction');
    io.stdout(table(rows));
  }
  return 0;
}
