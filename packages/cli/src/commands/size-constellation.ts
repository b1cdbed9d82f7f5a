import {
  type BallisticMissileSpec,
  DEG,
  type EarthModel,
  flyoutDistance,
  ignitionDelay,
  type LaunchPoint,
  launchTimeGrid,
  type Salvo,
  DEFAULT_PLANE_COUNTS,
  type SizingResult,
  sizeConstellation,
  type SpaceInterceptorSpec,
  withBurnTimeScaled,
} from '@golden-dome/core';
import { findCostSystem, loadCostCatalog, type Place } from '@golden-dome/scenario';
import { fmt, km, table } from '../output/format.ts';
import { stepProgress } from '../output/progress.ts';
import { numberFlag, UsageError } from '../usage-error.ts';
import { BOOST_PHASE_FLAGS, type BoostPhaseSetup, hm, parseBoostPhaseSetup, tracksFor as tracksForSetup } from './boost-phase-options.ts';
import { costReport } from './cost.ts';
import { parseFlags } from '../flags.ts';

export const SIZE_HELP = `dome size-constellation — the smallest space-based interceptor constellation for a salvo

  dome size-constellation --missile ID --toward CITY|LAT,LON
                          (--from SITE[;SITE...] | --region LAT,LON;LAT,LON;LAT,LON [--region-spacing-km 100])
                          [--interceptor notional-sbi] [--salvo N] [--spacing-s S] [--per-missile K | --kill-probability P --pk p]
                          [--altitude-km 400[,500]] [--inclination-deg 45[,55]] [--planes 8,12,...]
                          [--coverage-pct 100] [--after-burnout-s T]
                          [--delta-v-km-s V] [--accel-g A] [--detection-s D] [--decision-s D]
                          [--launch-step-s 300] [--verify-step-s 60] [--span-h 24] [--epoch ISO-8601]
                          [--no-sensitivity] [--no-cost] [--json] [--progress]

  A salvo of N missiles, S seconds apart, towards --toward, each needing K interceptors of its own.
  Every site must be covered: the salvo is launched from each site in turn, and the answer is the
  worst site's (per-site figures are printed). The answer keeps the salvo covered at the required
  share of launch times over the span (every launch-step in the search, confirmed every verify-step). Intercepts
  must come before burnout less the interceptor's margin, or up to --after-burnout-s past burnout.

  Progress of the search (shells searched, with the time left) goes to stderr on a terminal, or with
  --progress (a line every 5 s and the last); never to stdout.`;

export interface SizeIo {
  stdout: (s: string) => void;
  /** Where progress goes (with --progress, or on a terminal); absent: no progress. */
  stderr?: (s: string) => void;
}

function list(flag: string, text: string | undefined, fallback: number[], min: number, max: number): number[] {
  if (text === undefined) return fallback;
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0 || parts.length > 20) throw new UsageError(`--${flag} takes 1 to 20 comma-separated numbers, got '${text}'`);
  return parts.map((p) => numberFlag(flag, p, min, max) as number);
}

interface Problem {
  setup: BoostPhaseSetup;
  missile: BallisticMissileSpec;
  places: Place[];
  toward: Place;
  interceptor: SpaceInterceptorSpec;
  salvo: Salvo;
  altitudes: number[];
  inclinations: number[];
  planes: number[] | undefined;
  coverage: number;
  afterBurnout: number | undefined;
  launchTimes: Float64Array;
  verifyTimes: Float64Array;
  earth: EarthModel;
}

function tracksFor(p: Problem, missile = p.missile): LaunchPoint[] {
  return tracksForSetup({ ...p.setup, missile }, missile);
}

type Overrides = Partial<{
  interceptor: SpaceInterceptorSpec;
  salvo: Salvo;
  planes: number[];
  altitudes: number[];
  inclinations: number[];
}>;

/** The candidates (shell x plane count) one search goes through: its unit of progress. */
function candidatesOf(p: Problem, overrides: Overrides = {}): number {
  return (
    (overrides.altitudes ?? p.altitudes).length *
    (overrides.inclinations ?? p.inclinations).length *
    (overrides.planes ?? p.planes ?? DEFAULT_PLANE_COUNTS).length
  );
}

function solve(p: Problem, sites: LaunchPoint[], overrides: Overrides = {}, onCandidate?: (done: number) => void): SizingResult | null {
  const interceptor = overrides.interceptor ?? p.interceptor;
  const burnout = Math.min(...sites.map((s) => s.track.burnoutTime));
  return sizeConstellation({
    sites,
    interceptor,
    salvo: overrides.salvo ?? p.salvo,
    altitudes: overrides.altitudes ?? p.altitudes,
    inclinations: overrides.inclinations ?? p.inclinations,
    planeCounts: overrides.planes ?? p.planes,
    launchTimes: p.launchTimes,
    verifyLaunchTimes: p.verifyTimes,
    coverage: p.coverage,
    reach: { theta0: p.earth.theta0, deadline: p.afterBurnout === undefined ? undefined : burnout + p.afterBurnout },
    ...(onCandidate ? { onCandidate } : {}),
  });
}

/** The sensitivity runs after the answer: one change at a time (see below). */
const SENSITIVITY_RUNS = 7;

export async function sizeConstellationCommand(argv: string[], io: SizeIo): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      ...BOOST_PHASE_FLAGS,
      'altitude-km': { type: 'string' },
      'inclination-deg': { type: 'string' },
      planes: { type: 'string' },
      'coverage-pct': { type: 'string' },
      'launch-step-s': { type: 'string' },
      'verify-step-s': { type: 'string' },
      'no-sensitivity': { type: 'boolean' },
      'no-cost': { type: 'boolean' },
      progress: { type: 'boolean' },
    },
    SIZE_HELP,
    false,
  );
  const o = parsed.values;
  if (o.help) {
    io.stdout(SIZE_HELP);
    return 0;
  }
  const setup = parseBoostPhaseSetup(o, SIZE_HELP);
  const { entry, missile, places, toward, interceptor, salvo, earth } = setup;
  const ientry = setup.interceptorEntry;
  const spanH = setup.spanHours;
  const step = numberFlag('launch-step-s', o['launch-step-s'], 1, 86400) ?? 300;
  const verify = numberFlag('verify-step-s', o['verify-step-s'], 1, 86400) ?? 60;
  const planes = o.planes === undefined ? undefined : list('planes', o.planes, [], 1, 500);
  if (planes?.some((p) => !Number.isInteger(p))) throw new UsageError(`--planes must be whole numbers, got '${o.planes}'`);
  const p: Problem = {
    setup,
    missile,
    places,
    toward,
    interceptor,
    salvo,
    altitudes: list('altitude-km', o['altitude-km'], [400], 150, 2000).map((a) => a * 1000),
    inclinations: list('inclination-deg', o['inclination-deg'], [45, 55], 0, 180).map((i) => i * DEG),
    planes,
    coverage: (numberFlag('coverage-pct', o['coverage-pct'], 1, 100) ?? 100) / 100,
    afterBurnout: setup.afterBurnout,
    launchTimes: launchTimeGrid(spanH * 3600, step),
    verifyTimes: launchTimeGrid(spanH * 3600, verify),
    earth,
  };
  const launches = (times: Float64Array): number => times.length * salvo.count * places.length;
  if (launches(p.launchTimes) > 200_000 || launches(p.verifyTimes) > 200_000) {
    throw new UsageError(
      `too many launches to check (${fmt(Math.max(launches(p.launchTimes), launches(p.verifyTimes)))}: launch times x salvo x sites, at most 200,000): raise --launch-step-s / --verify-step-s, shorten --span-h or name fewer sites`,
    );
  }

  // progress in candidates searched: the main search, then each sensitivity run over the answer's shell
  const shellOnlyCandidates = (p.planes ?? DEFAULT_PLANE_COUNTS).length;
  const mainCandidates = candidatesOf(p);
  let totalCandidates = mainCandidates + (o['no-sensitivity'] ? 0 : SENSITIVITY_RUNS * shellOnlyCandidates);
  const tty = process.stderr.isTTY === true;
  const tick = io.stderr && (tty || o.progress) ? stepProgress('sizing search: candidate shells searched', io.stderr, tty) : undefined;
  let searched = 0;
  const progress = tick ? (done: number): void => tick(searched + done, totalCandidates) : undefined;
  tick?.(0, totalCandidates);

  const sites = tracksFor(p);
  const result = solve(p, sites, {}, progress);
  searched = mainCandidates;
  const burnout = Math.min(...sites.map((s) => s.track.burnoutTime));
  const tf = ignitionDelay(interceptor);
  const deadline = p.afterBurnout === undefined ? burnout - interceptor.arrivalMargin : burnout + p.afterBurnout;
  const window = {
    ignition_s: tf,
    deadline_s: deadline,
    burnout_s: burnout,
    flyout_s: Math.max(0, deadline - tf),
    reach_km: flyoutDistance(interceptor, deadline - tf) / 1000,
  };
  const header = {
    missile: { id: entry.id, name: entry.name },
    sites: places.map((x) => x.label),
    toward: toward.label,
    interceptor: {
      id: ientry.id,
      delta_v_m_s: interceptor.deltaV,
      acceleration_m_s2: interceptor.acceleration,
      detection_s: interceptor.detectionLatency,
      decision_s: interceptor.decisionLatency,
      arrival_margin_s: interceptor.arrivalMargin,
    },
    salvo: { count: salvo.count, spacing_s: salvo.spacing, per_missile: salvo.perMissile },
    coverage_pct: p.coverage * 100,
    window,
  };
  if (result === null) {
    const why =
      window.flyout_s <= 0
        ? `the interceptor ignites ${fmt(tf)} s after launch, after the ${fmt(deadline)} s deadline: no constellation can engage this missile`
        : `no constellation of up to 20,000 satellites in the shells searched covers the salvo (fly-out window ${fmt(window.flyout_s)} s, reach ${fmt(window.reach_km)} km)`;
    totalCandidates = mainCandidates;
    tick?.(searched, totalCandidates);
    if (o.json) io.stdout(JSON.stringify({ ...header, answer: null, reason: why }, null, 2));
    else io.stdout(`No answer: ${why}.`);
    return 0;
  }
  const s = result.study;
  const worst = s.worst;
  const t = s.tightest;
  const binding =
    worst.assigned < s.required
      ? `at +${hm(worst.launchTime)} after the epoch only ${worst.assigned} of ${s.required} interceptors can be assigned to a salvo from ${worst.site}: ${worst.perMissile.map((m, j) => `missile ${j + 1} (${m.site}, +${fmt(m.launchOffset)} s) has ${m.inReach} in reach`).join(', ')}`
      : `the thinnest moment is a launch at +${hm(t.launchTime)} after the epoch from ${t.site}, with ${t.inReach} satellite${t.inReach === 1 ? '' : 's'} in reach for ${salvo.perMissile} needed per missile` +
        (salvo.count > 1 ? `; the salvo needs ${s.required} distinct interceptors within the ${fmt(window.flyout_s)} s window` : '');
  const answer = {
    total: result.total,
    planes: result.shell.planes,
    per_plane: result.shell.perPlane,
    phasing: result.shell.phasing,
    altitude_km: result.shell.altitude / 1000,
    inclination_deg: Math.round((result.shell.inclination / DEG) * 1e6) / 1e6,
    covered_pct: s.coveredFraction * 100,
    launch_times_checked: s.launchTimes.length,
    mean_in_reach: s.meanInReach,
    min_in_reach: s.minInReach,
    absentee_ratio: s.absenteeRatio,
    binding,
    evaluations: result.evaluations,
    per_site: s.perSite.map((x) => ({
      site: x.site,
      covered_pct: x.coveredFraction * 100,
      min_assigned: x.minAssigned,
      required: s.required,
      mean_in_reach: x.meanInReach,
      min_in_reach: x.minInReach,
    })),
    candidates: result.candidates.map((c) => ({
      altitude_km: c.altitude / 1000,
      inclination_deg: Math.round((c.inclination / DEG) * 1e6) / 1e6,
      planes: c.planes,
      total: c.total,
      outcome: c.outcome,
    })),
  };

  // Sensitivity: one change at a time, on the answer's shell and the plane counts around it.
  const sensitivity: Array<{ change: string; total: number | null }> = [];
  if (!o['no-sensitivity']) {
    const shellOnly = {
      altitudes: [result.shell.altitude],
      inclinations: [result.shell.inclination],
      planes: p.planes ?? [...DEFAULT_PLANE_COUNTS],
    };
    const run = (change: string, f: () => SizingResult | null): void => {
      sensitivity.push({ change, total: f()?.total ?? null });
      searched += shellOnlyCandidates;
    };
    for (const factor of [0.8, 1.2]) {
      const faster = { ...missile, rocket: withBurnTimeScaled(missile.rocket, factor) };
      run(`burn time x${factor}`, () => solve(p, tracksFor(p, faster), shellOnly, progress));
    }
    for (const factor of [0.75, 1.25])
      run(`delta-v x${factor}`, () =>
        solve(p, sites, { ...shellOnly, interceptor: { ...interceptor, deltaV: interceptor.deltaV * factor } }, progress),
      );
    for (const dt of [-15, 15])
      run(`decision latency ${dt > 0 ? '+' : ''}${dt} s`, () =>
        solve(
          p,
          sites,
          { ...shellOnly, interceptor: { ...interceptor, decisionLatency: Math.max(0, interceptor.decisionLatency + dt) } },
          progress,
        ),
      );
    run(`salvo x2 (${salvo.count * 2})`, () => solve(p, sites, { ...shellOnly, salvo: { ...salvo, count: salvo.count * 2 } }, progress));
  }

  let costText = '';
  let costJson: unknown = null;
  if (!o['no-cost']) {
    const cost = costReport(findCostSystem(loadCostCatalog(), ientry.cost_system), { count: result.total, sources: false });
    costText = cost.text;
    costJson = cost.json;
  }

  if (o.json) {
    io.stdout(
      JSON.stringify(
        { ...header, answer, sensitivity: sensitivity.map((x) => ({ change: x.change, total: x.total })), cost: costJson },
        null,
        2,
      ),
    );
    return 0;
  }
  io.stdout(
    `Space-based interceptors against ${salvo.count > 1 ? `a salvo of ${salvo.count} x ${entry.name}, ${fmt(salvo.spacing)} s apart,` : `one ${entry.name}`} from ${places.length === 1 ? places[0].label : `${places.length} launch points`} towards ${toward.label}, ${salvo.perMissile} interceptor${salvo.perMissile > 1 ? 's' : ''} each`,
  );
  io.stdout(
    table([
      [
        'answer',
        `${fmt(result.total)} satellites: ${result.shell.planes} planes x ${result.shell.perPlane}, ${km(result.shell.altitude)}, ${fmt(result.shell.inclination / DEG, 1)}° (Walker ${fmt(result.shell.inclination / DEG, 1)}°: ${result.total}/${result.shell.planes}/${result.shell.phasing})`,
      ],
      [
        'coverage',
        `salvo covered ${s.perSite.length > 1 ? `from every one of the ${s.perSite.length} sites ` : ''}at ${fmt(s.coveredFraction * 100, 1)} % of ${fmt(s.launchTimes.length)} launch times over ${fmt(spanH, 1)} h (required ${fmt(p.coverage * 100, 1)} %)`,
      ],
      ['in reach', `mean ${fmt(s.meanInReach, 2)}, minimum ${s.minInReach} satellites per launch; absentee ratio ${fmt(s.absenteeRatio)}`],
      [
        'time window',
        `interceptor ignites ${fmt(tf)} s after launch; must hit by ${fmt(deadline)} s (burnout ${fmt(burnout)} s): ${fmt(window.flyout_s)} s of fly-out, ${fmt(window.reach_km)} km of reach`,
      ],
      ['binding', binding],
      [
        'search',
        `${result.evaluations} coverage evaluations over ${result.candidates.length} shells (altitude, inclination, planes); smallest per shell: ${result.candidates
          .filter((c) => c.total !== null)
          .map((c) => `${fmt(c.altitude / 1000)} km/${fmt(c.inclination / DEG, 0)}°/${c.planes} planes ${fmt(c.total as number)}`)
          .join(
            ', ',
          )}; ${result.candidates.filter((c) => c.outcome === 'cannot beat the best').length} stopped early (could not beat the best), ${result.candidates.filter((c) => c.outcome === 'none up to the cap').length} had no answer up to the cap`,
      ],
    ]),
  );
  if (s.perSite.length > 1) {
    io.stdout(`\nPer site (the salvo launched from each in turn; the answer is the worst site's):`);
    io.stdout(
      table(
        s.perSite.map((x) => [
          x.site,
          `covered at ${fmt(x.coveredFraction * 100, 1)} %; in reach of one missile: mean ${fmt(x.meanInReach, 2)}, minimum ${x.minInReach}; fewest assignable to the salvo ${x.minAssigned} of ${s.required}`,
        ]),
      ),
    );
  }
  if (sensitivity.length > 0) {
    io.stdout('\nSensitivity (one change at a time; same altitude and inclination, every plane count):');
    io.stdout(
      table(
        sensitivity.map((x) => [
          x.change,
          x.total === null
            ? 'no constellation up to 20,000'
            : `${fmt(x.total)} satellites (${x.total >= result.total ? '+' : ''}${fmt(((x.total - result.total) / result.total) * 100)} %)`,
        ]),
      ),
    );
  }
  if (costText) io.stdout(`\nCost of ${fmt(result.total)} satellites (${ientry.cost_system}):\n${costText}`);
  return 0;
}
