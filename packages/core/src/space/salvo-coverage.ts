import type { SpaceInterceptorSpec } from '../weapons/space/space-interceptor.ts';
import { type Engagement, type ReachOptions, ReachScratch, satellitesInReach } from './boost-phase-reach.ts';
import type { Ephemeris } from '../orbits/ephemeris.ts';
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

/** One launch site's share of a coverage study: its own salvo at every launch time. */
export interface SiteCoverage {
  site: string;
  /** Fraction of launch times at which this site's salvo is fully covered. */
  coveredFraction: number;
  /** The fewest interceptors assignable to this site's salvo, and the launch time it happens at. */
  minAssigned: number;
  worstLaunchTime: number;
  /** Satellites in reach of one missile from this site: mean and fewest over the launch times. */
  meanInReach: number;
  minInReach: number;
}

export interface CoverageStudy {
  launchTimes: Float64Array;
  required: number;
  /** Interceptors assignable at each launch time to the worst-served site's salvo. */
  assigned: Int32Array;
  /** Satellites in reach of one missile from site s at launch time i: inReach[s * times + i]. */
  inReach: Int32Array;
  sites: readonly string[];
  /** Fraction of launch times at which the salvo is fully covered from every site. */
  coveredFraction: number;
  /** Each site's own figures (the answer is the worst site's). */
  perSite: SiteCoverage[];
  /** The launch time and site with the fewest interceptors assignable, and why. */
  worst: {
    launchTime: number;
    site: string;
    assigned: number;
    perMissile: { site: string; launchOffset: number; inReach: number; assigned: number }[];
  };
  /** Constellation size over the mean number of satellites in reach of a single launch (APS 2003's absentee ratio). */
  absenteeRatio: number;
  meanInReach: number;
  minInReach: number;
  /** The single launch with the fewest satellites in reach: the constellation's thinnest moment. */
  tightest: { launchTime: number; site: string; inReach: number };
}

/**
 * How well a constellation covers salvos from a launch region over a set of launch times. Every site
 * must be covered: at each launch time the whole salvo (missile j at launchTime + j * spacing) is
 * launched from each site in turn, and the launch time counts as covered only when every site's salvo
 * is; the answer is the worst site's. Interceptors are assigned to a salvo by exact matching (no
 * satellite fires twice). The single-missile counts per site give the interceptors in reach over time
 * and the absentee ratio.
 */
export function salvoCoverage(
  eph: Ephemeris,
  sites: readonly LaunchPoint[],
  spec: SpaceInterceptorSpec,
  salvo: Salvo,
  launchTimes: Float64Array,
  options: ReachOptions,
): CoverageStudy {
  if (sites.length === 0) throw new Error('a launch region needs at least one site');
  const nt = launchTimes.length;
  const ns = sites.length;
  const required = salvo.count * salvo.perMissile;
  const assigned = new Int32Array(nt).fill(required);
  const inReach = new Int32Array(ns * nt);
  const scratch = new ReachScratch();
  const siteCovered = new Int32Array(ns);
  const siteMinAssigned = new Int32Array(ns).fill(required + 1);
  const siteWorstTime = new Float64Array(ns);
  const siteSum = new Float64Array(ns);
  const siteMin = new Int32Array(ns).fill(2 ** 30);
  let covered = 0;
  let worst: CoverageStudy['worst'] | null = null;
  let sum = 0;
  let min = Infinity;
  let tightest = { launchTime: launchTimes[0] ?? 0, site: sites[0].name, inReach: Infinity };
  for (let i = 0; i < nt; i++) {
    const t0 = launchTimes[i];
    let all = true;
    for (let s = 0; s < ns; s++) {
      const site = sites[s];
      const sets: Engagement[][] = [];
      for (let j = 0; j < salvo.count; j++) sets.push(satellitesInReach(eph, site.track, t0 + j * salvo.spacing, spec, options, scratch));
      const n = sets[0].length;
      inReach[s * nt + i] = n;
      sum += n;
      siteSum[s] += n;
      if (n < siteMin[s]) siteMin[s] = n;
      if (n < min) min = n;
      if (n < tightest.inReach) tightest = { launchTime: t0, site: site.name, inReach: n };
      const a = assignSalvo(
        sets.map((set) => set.map((e) => e.satellite)),
        salvo.perMissile,
      );
      if (a.assigned >= required) siteCovered[s]++;
      else all = false;
      if (a.assigned < siteMinAssigned[s]) {
        siteMinAssigned[s] = a.assigned;
        siteWorstTime[s] = t0;
      }
      if (a.assigned < assigned[i]) assigned[i] = a.assigned;
      if (worst === null || a.assigned < worst.assigned) {
        worst = {
          launchTime: t0,
          site: site.name,
          assigned: a.assigned,
          perMissile: sets.map((set, j) => ({
            site: site.name,
            launchOffset: j * salvo.spacing,
            inReach: set.length,
            assigned: a.perMissileAssigned[j],
          })),
        };
      }
    }
    if (all) covered++;
  }
  const meanInReach = sum / (ns * nt);
  const perSite: SiteCoverage[] = sites.map((site, s) => ({
    site: site.name,
    coveredFraction: siteCovered[s] / nt,
    minAssigned: Math.min(siteMinAssigned[s], required),
    worstLaunchTime: siteWorstTime[s],
    meanInReach: siteSum[s] / nt,
    minInReach: siteMin[s],
  }));
  return {
    launchTimes,
    required,
    assigned,
    inReach,
    sites: sites.map((s) => s.name),
    coveredFraction: covered / nt,
    perSite,
    worst: worst ?? { launchTime: launchTimes[0] ?? 0, site: sites[0].name, assigned: required, perMissile: [] },
    absenteeRatio: meanInReach > 0 ? eph.count / meanInReach : Infinity,
    meanInReach,
    minInReach: min,
    tightest,
  };
}

/** Launch times every `step` seconds over `span` seconds from `start`. */
export function launchTimeGrid(span: number, step: number, start = 0): Float64Array {
  const n = Math.max(1, Math.floor(span / step));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return out;
}
