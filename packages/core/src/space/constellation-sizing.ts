import type { SpaceInterceptorSpec } from '../weapons/space-interceptor.ts';
import type { ReachOptions } from './boost-phase-reach.ts';
import { type WalkerShell, WalkerEphemeris } from './ephemeris.ts';
import { type CoverageStudy, type LaunchPoint, type Salvo, salvoCoverage } from './salvo-coverage.ts';

export interface SizingProblem {
  sites: readonly LaunchPoint[];
  interceptor: SpaceInterceptorSpec;
  salvo: Salvo;
  /** Shell altitudes and inclinations to search (each combination is a candidate shell) [m, rad]. */
  altitudes: readonly number[];
  inclinations: readonly number[];
  /** Numbers of orbital planes to try (default 6..60). */
  planeCounts?: readonly number[];
  /** Walker phasing factor (default 1). */
  phasing?: number;
  launchTimes: Float64Array;
  /** Required share of launch times at which the salvo is fully covered, in (0, 1] (1: at all times). */
  coverage?: number;
  /** Give up above this many satellites. */
  maxSatellites?: number;
  reach: ReachOptions;
}

export interface SizingResult {
  shell: WalkerShell;
  total: number;
  study: CoverageStudy;
  /** Coverage evaluations made by the search. */
  evaluations: number;
  /** Each candidate shell's smallest passing size (null: none up to maxSatellites). */
  candidates: Array<{ altitude: number; inclination: number; planes: number; total: number | null }>;
}

const DEFAULT_PLANES = [6, 8, 10, 12, 15, 18, 20, 24, 30, 36, 40, 48, 60];

/**
 * The smallest Walker-delta constellation (total satellites) that covers the salvo at the required
 * share of launch times, searched over the given altitudes, inclinations and plane counts.
 *
 * For each shell and plane count the satellites per plane are scanned upwards from a start derived
 * from the mean coverage of a probe constellation (the mean number in reach grows in proportion to
 * the number of satellites, and the worst case can never beat the mean). Scanning upwards, a harder
 * requirement (bigger salvo, shorter window, more latency) starts no lower and passes no earlier, so
 * it never yields fewer satellites: the answer is monotone in the requirement by construction.
 */
export function sizeConstellation(p: SizingProblem): SizingResult | null {
  const coverage = p.coverage ?? 1;
  if (!(coverage > 0 && coverage <= 1)) throw new Error(`coverage must be in (0, 1], got ${coverage}`);
  const maxSatellites = p.maxSatellites ?? 20000;
  const planeCounts = p.planeCounts ?? DEFAULT_PLANES;
  const phasing = p.phasing ?? 1;
  const required = p.salvo.count * p.salvo.perMissile;
  let evaluations = 0;
  let best: SizingResult | null = null;
  const candidates: SizingResult['candidates'] = [];
  const study = (shell: WalkerShell): CoverageStudy => {
    evaluations++;
    return salvoCoverage(new WalkerEphemeris(shell), p.sites, p.interceptor, p.salvo, p.launchTimes, p.reach);
  };
  for (const altitude of p.altitudes) {
    for (const inclination of p.inclinations) {
      // Probe: the share of a dense shell that is in reach of one launch, on average.
      const probe = study({ altitude, inclination, planes: 40, perPlane: 50, phasing });
      const share = probe.meanInReach / 2000;
      if (!(share > 0)) {
        candidates.push({ altitude, inclination, planes: 0, total: null });
        continue;
      }
      // the salvo needs `required` distinct satellites: its mean union in reach can be at most the
      // salvo size times a single launch's, so total >= required / (count * share), and at least
      // perMissile / share for each missile; start at 70 % of that to stay below the answer.
      const lowerTotal = Math.max(required / (p.salvo.count * share), p.salvo.perMissile / share);
      for (const planes of planeCounts) {
        let perPlane = Math.max(1, Math.floor((0.7 * lowerTotal) / planes));
        let found: { total: number; study: CoverageStudy; shell: WalkerShell } | null = null;
        for (; planes * perPlane <= maxSatellites; perPlane++) {
          if (best !== null && planes * perPlane >= best.total) break;
          const shell: WalkerShell = { altitude, inclination, planes, perPlane, phasing: Math.min(phasing, planes - 1) };
          const s = study(shell);
          if (s.coveredFraction >= coverage - 1e-12) {
            found = { total: planes * perPlane, study: s, shell };
            break;
          }
        }
        candidates.push({ altitude, inclination, planes, total: found?.total ?? null });
        if (found && (best === null || found.total < best.total)) best = { shell: found.shell, total: found.total, study: found.study, evaluations: 0, candidates };
      }
    }
  }
  if (best === null) return null;
  return { ...best, evaluations, candidates };
}
