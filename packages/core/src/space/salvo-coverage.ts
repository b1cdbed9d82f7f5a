import type { SpaceInterceptorSpec } from '../weapons/space-interceptor.ts';
import { type Engagement, type ReachOptions, ReachScratch, satellitesInReach } from './boost-phase-reach.ts';
import type { Ephemeris } from './ephemeris.ts';
import { assignSalvo } from './salvo-assignment.ts';
import type { ThreatTrack } from './threat-track.ts';

/** A launch site of the region with the ascent its missiles fly from there. */
export interface LaunchPoint {
  name: string;
  track: ThreatTrack;
}

/** N missiles launched `spacing` seconds apart, each needing `perMissile` interceptors. */
export interface Salvo {
  count: number;
  spacing: number;
  perMissile: number;
}

export interface CoverageStudy {
  launchTimes: Float64Array;
  required: number;
  /** Interceptors assignable to the salvo at each launch time. */
  assigned: Int32Array;
  /** Satellites in reach of one missile from site s at launch time i: inReach[s * times + i]. */
  inReach: Int32Array;
  sites: readonly string[];
  /** Fraction of launch times at which the whole salvo is covered. */
  coveredFraction: number;
  /** The launch time with the fewest interceptors assignable, and why. */
  worst: { launchTime: number; assigned: number; perMissile: { site: string; launchOffset: number; inReach: number; assigned: number }[] };
  /** Constellation size over the mean number of satellites in reach of a single launch (APS 2003's absentee ratio). */
  absenteeRatio: number;
  meanInReach: number;
  minInReach: number;
  /** The single launch with the fewest satellites in reach: the constellation's thinnest moment. */
  tightest: { launchTime: number; site: string; inReach: number };
}

/**
 * How well a constellation covers salvos from a launch region over a set of launch times. Missile j of
 * the salvo leaves site j mod (number of sites) at launchTime + j * spacing; interceptors are assigned
 * to the salvo by exact matching (no satellite fires twice). The single-missile counts per site give
 * the interceptors in reach over time and the absentee ratio.
 */
export function salvoCoverage(eph: Ephemeris, sites: readonly LaunchPoint[], spec: SpaceInterceptorSpec, salvo: Salvo, launchTimes: Float64Array, options: ReachOptions): CoverageStudy {
  if (sites.length === 0) throw new Error('a launch region needs at least one site');
  const nt = launchTimes.length;
  const required = salvo.count * salvo.perMissile;
  const assigned = new Int32Array(nt);
  const inReach = new Int32Array(sites.length * nt);
  const scratch = new ReachScratch();
  let covered = 0;
  let worstIndex = 0;
  let worstDetail: CoverageStudy['worst']['perMissile'] = [];
  let sum = 0;
  let min = Infinity;
  let tightest = { launchTime: launchTimes[0] ?? 0, site: sites[0].name, inReach: Infinity };
  for (let i = 0; i < nt; i++) {
    const t0 = launchTimes[i];
    const sets: Engagement[][] = [];
    for (let j = 0; j < salvo.count; j++) {
      const site = sites[j % sites.length];
      sets.push(satellitesInReach(eph, site.track, t0 + j * salvo.spacing, spec, options, scratch));
    }
    for (let s = 0; s < sites.length; s++) {
      const n = s < salvo.count ? sets[s].length : satellitesInReach(eph, sites[s].track, t0, spec, options, scratch).length;
      inReach[s * nt + i] = n;
      sum += n;
      min = Math.min(min, n);
      if (n < tightest.inReach) tightest = { launchTime: t0, site: sites[s].name, inReach: n };
    }
    const a = assignSalvo(sets.map((set) => set.map((e) => e.satellite)), salvo.perMissile);
    assigned[i] = a.assigned;
    if (a.assigned >= required) covered++;
    if (i === 0 || a.assigned < assigned[worstIndex]) {
      worstIndex = i;
      worstDetail = sets.map((set, j) => ({ site: sites[j % sites.length].name, launchOffset: j * salvo.spacing, inReach: set.length, assigned: a.perMissileAssigned[j] }));
    }
  }
  const meanInReach = sum / (sites.length * nt);
  return {
    launchTimes, required, assigned, inReach, sites: sites.map((s) => s.name), coveredFraction: covered / nt,
    worst: { launchTime: launchTimes[worstIndex], assigned: assigned[worstIndex], perMissile: worstDetail },
    absenteeRatio: meanInReach > 0 ? eph.count / meanInReach : Infinity, meanInReach, minInReach: min, tightest,
  };
}

/** Launch times every `step` seconds over `span` seconds from `start`. */
export function launchTimeGrid(span: number, step: number, start = 0): Float64Array {
  const n = Math.max(1, Math.floor(span / step));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return out;
}
