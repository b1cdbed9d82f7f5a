import type { SpaceInterceptorSpec } from '../weapons/space/space-interceptor.ts';
import type { ReachOptions } from './boost-phase-reach.ts';
import { type WalkerShell, WalkerEphemeris } from '../orbits/ephemeris.ts';
import { type CoverageStudy, type LaunchPoint, type Salvo, salvoCoverage } from './salvo-coverage.ts';

export interface SizingProblem {
  sites: readonly LaunchPoint[];
  interceptor: SpaceInterceptorSpec;
  salvo: Salvo;
  /** Shell altitudes and inclinations to search (each combination is a candidate shell) [m, rad]. */
  altitudes: readonly number[];
  inclinations: readonly number[];
  /** Numbers of orbital planes to try. */
  planeCounts?: readonly number[];
  /** Walker phasing factor (default 1). */
  phasing?: number;
  /** Launch times the search checks; the answer is then confirmed on `verifyLaunchTimes` if given. */
  launchTimes: Float64Array;
  verifyLaunchTimes?: Float64Array;
  /** Required share of launch times at which the salvo is fully covered, in (0, 1] (1: at all times). */
  coverage?: number;
  /** Give up above this many satellites. */
  maxSatellites?: number;
  reach: ReachOptions;
  /** Told after each candidate (shell and plane count) is searched: done of altitudes x inclinations x plane counts (progress). */
  onCandidate?: (done: number, total: number) => void;
}

export interface SizingResult {
  shell: WalkerShell;
  total: number;
  /** The coverage of the answer on the verification launch times (or the search's, if none). */
  study: CoverageStudy;
  /** Coverage evaluations made by the search. */
  evaluations: number;
  /** Each candidate shell's smallest passing size (null: none up to maxSatellites). */
  candidates: Array<{
    altitude: number;
    inclination: number;
    planes: number;
    total: number | null;
    outcome: 'found' | 'none up to the cap' | 'cannot beat the best';
  }>;
}

export const DEFAULT_PLANE_COUNTS: readonly number[] = [8, 12, 16, 20, 24, 30, 36, 48];

/**
 * The smallest Walker-delta constellation (total satellites) that covers the salvo at the required
 * share of launch times from every site (salvo-coverage.ts: the salvo is launched from each site in
 * turn; the answer is the worst site's), searched over the given altitudes, inclinations and plane counts.
 *
 * For each shell and plane count the satellites per plane are found by an exponential search from
 * half a probe's estimate, then bisection between a size that fails and one that passes, then the two
 * sizes just below are checked too (Walker phasing can make coverage step unevenly as satellites are
 * added). Plane counts that can no longer beat the best answer so far stop early. The best candidate is confirmed on the finer
 * verification launch times and grown a plane-row at a time until it passes there too.
 */
export function sizeConstellation(p: SizingProblem): SizingResult | null {
  const coverage = p.coverage ?? 1;
  if (!(coverage > 0 && coverage <= 1)) throw new Error(`coverage must be in (0, 1], got ${coverage}`);
  const maxSatellites = p.maxSatellites ?? 20000;
  const planeCounts = p.planeCounts ?? DEFAULT_PLANE_COUNTS;
  const phasing = p.phasing ?? 1;
  let evaluations = 0;
  const study = (shell: WalkerShell, times: Float64Array): CoverageStudy => {
    evaluations++;
    return salvoCoverage(new WalkerEphemeris(shell), p.sites, p.interceptor, p.salvo, times, p.reach);
  };
  const passes = (s: CoverageStudy): boolean => s.coveredFraction >= coverage - 1e-12;
  let best: { shell: WalkerShell; total: number } | null = null;
  const candidates: SizingResult['candidates'] = [];
  for (const altitude of p.altitudes) {
    for (const inclination of p.inclinations) {
      // Where to begin the search: half the size at which a probe shell's mean count in reach of the
      // worst-served site (which grows in proportion to the number of satellites) meets one missile's need.
      const probe = study({ altitude, inclination, planes: 30, perPlane: 60, phasing: Math.min(phasing, 29) }, p.launchTimes);
      const share = Math.min(...probe.perSite.map((x) => x.meanInReach)) / 1800;
      const start = (planes: number): number => Math.max(1, Math.floor((0.5 * p.salvo.perMissile) / Math.max(share, 1e-9) / planes));
      // middle plane counts first: a good answer early lets the rest stop as soon as they cannot beat it
      const order = [...planeCounts].sort(
        (a, b) => Math.abs(a - planeCounts[planeCounts.length >> 1]) - Math.abs(b - planeCounts[planeCounts.length >> 1]),
      );
      for (const planes of order) {
        const shellOf = (perPlane: number): WalkerShell => ({
          altitude,
          inclination,
          planes,
          perPlane,
          phasing: Math.min(phasing, planes - 1),
        });
        const ok = (perPlane: number): boolean => passes(study(shellOf(perPlane), p.launchTimes));
        // sizes worth trying: below the best total so far, and within the cap
        const limit = (): number =>
          Math.min(Math.floor(maxSatellites / planes), best === null ? Infinity : Math.ceil(best.total / planes) - 1);
        // exponential search for a passing size, then bisection
        let lo = 0; // fails (or nothing)
        let hi = Math.min(start(planes), limit());
        let found = false;
        while (hi > lo) {
          if (ok(hi)) {
            found = true;
            break;
          }
          lo = hi;
          hi = Math.min(hi * 2, limit());
        }
        if (!found) {
          const capped = limit() >= Math.floor(maxSatellites / planes);
          candidates.push({ altitude, inclination, planes, total: null, outcome: capped ? 'none up to the cap' : 'cannot beat the best' });
          p.onCandidate?.(candidates.length, p.altitudes.length * p.inclinations.length * planeCounts.length);
          continue;
        }
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (ok(mid)) hi = mid;
          else lo = mid;
        }
        for (let k = hi - 1; k >= Math.max(1, hi - 2); k--) if (ok(k)) hi = k;
        candidates.push({ altitude, inclination, planes, total: planes * hi, outcome: 'found' });
        p.onCandidate?.(candidates.length, p.altitudes.length * p.inclinations.length * planeCounts.length);
        if (best === null || planes * hi < best.total) best = { shell: shellOf(hi), total: planes * hi };
      }
    }
  }
  if (best === null) return null;
  const times = p.verifyLaunchTimes ?? p.launchTimes;
  let shell = best.shell;
  let final = study(shell, times);
  while (!passes(final) && (shell.perPlane + 1) * shell.planes <= maxSatellites) {
    shell = { ...shell, perPlane: shell.perPlane + 1 };
    final = study(shell, times);
  }
  if (!passes(final)) return null;
  return { shell, total: shell.planes * shell.perPlane, study: final, evaluations, candidates };
}
