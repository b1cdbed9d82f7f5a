import { readFileSync, statSync } from 'node:fs';
import {
  BatchEphemeris,
  DEG,
  type Ephemeris,
  flyoutDistance,
  ignitionDelay,
  launchTimeGrid,
  parseTle,
  salvoCoverage,
  TleParseError,
  tleMeanElements,
  WalkerEphemeris,
} from '@golden-dome/core';
import { fmt, table } from '../output/format.ts';
import { checkOutputPath, writeFileAtomic } from '../output/write-file.ts';
import { numberFlag, UsageError } from '../usage-error.ts';
import { BOOST_PHASE_FLAGS, deadlineFor, hm, parseBoostPhaseSetup, tracksFor } from './boost-phase-options.ts';
import { parseFlags } from '../flags.ts';

export const REACH_HELP = `dome reach — how many interceptors of a given constellation can reach a launch, over time

  dome reach --missile ID --toward CITY|LAT,LON (--from SITE[;SITE...] | --region LAT,LON;...)
             (--walker ALT_KM:INC_DEG:T/P/F | --tle FILE)
             [--interceptor notional-sbi] [--salvo N] [--spacing-s S] [--per-missile K | --kill-probability P --pk p] [--after-burnout-s T]
             [--delta-v-km-s V] [--accel-g A] [--detection-s D] [--decision-s D]
             [--span-h 24] [--launch-step-s 60] [--epoch ISO-8601] [--out reach.csv] [--json]

  --walker 400:45:2400/40/1 is a Walker-delta shell (altitude km, inclination deg, total/planes/phasing).
  --tle reads a two-line-element file (SGP4 mean elements, carried with J2 secular rates from each
  set's epoch); the epoch defaults to the newest element set in the file.`;

/** A TLE file can be a whole public catalogue (~30,000 objects, ~5 MB); more is refused. */
export const MAX_TLE_BYTES = 20 * 1024 * 1024;

const WALKER = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*:\s*(\d+)\s*\/\s*(\d+)\s*\/\s*(\d+)\s*$/;

function walkerFrom(text: string): WalkerEphemeris {
  const m = WALKER.exec(text);
  if (!m) throw new UsageError(`--walker must look like ALT_KM:INC_DEG:T/P/F (e.g. 400:45:2400/40/1), got '${text}'`);
  const [alt, inc, t, p, f] = m.slice(1).map(Number);
  if (alt < 150 || alt > 40000) throw new UsageError(`--walker altitude must be between 150 and 40000 km, got ${alt}`);
  if (inc > 180) throw new UsageError(`--walker inclination must be between 0 and 180 deg, got ${inc}`);
  if (p < 1 || t < p || t % p !== 0)
    throw new UsageError(`--walker T/P/F needs a total that is a whole multiple of the planes, got ${t}/${p}`);
  if (t > 100_000) throw new UsageError(`--walker total must be at most 100,000 satellites, got ${t}`);
  if (f >= p) throw new UsageError(`--walker phasing F must be below the number of planes (0..${p - 1}), got ${f}`);
  return new WalkerEphemeris({ altitude: alt * 1000, inclination: inc * DEG, planes: p, perPlane: t / p, phasing: f });
}

function tleFrom(path: string): {
  eph: BatchEphemeris;
  newestEpochMs: number;
  count: number;
  label: string;
  epochs: number[];
  elements: Parameters<typeof tleMeanElements>[0][];
} {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new UsageError(`--tle ${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (size > MAX_TLE_BYTES)
    throw new UsageError(`--tle ${path}: file is ${fmt(size / 1048576, 1)} MiB, more than the ${MAX_TLE_BYTES / 1048576} MiB limit`);
  let sats;
  try {
    sats = parseTle(readFileSync(path, 'utf8'), { source: path }).satellites;
  } catch (e) {
    if (e instanceof TleParseError) throw new UsageError(e.message);
    throw e;
  }
  if (sats.length === 0) throw new UsageError(`--tle ${path}: no element sets in the file`);
  const newest = Math.max(...sats.map((s) => s.epochMs));
  return {
    eph: new BatchEphemeris(sats.map((s) => tleMeanElements(s, newest))),
    newestEpochMs: newest,
    count: sats.length,
    label: path,
    epochs: sats.map((s) => s.epochMs),
    elements: sats,
  };
}

export async function reachCommand(argv: string[], io: { stdout: (s: string) => void }): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      ...BOOST_PHASE_FLAGS,
      walker: { type: 'string' },
      tle: { type: 'string' },
      'launch-step-s': { type: 'string' },
      out: { type: 'string' },
    },
    REACH_HELP,
    false,
  );
  const o = parsed.values;
  if (o.help) {
    io.stdout(REACH_HELP);
    return 0;
  }
  if ((o.walker === undefined) === (o.tle === undefined))
    throw new UsageError('give the constellation as --walker ALT_KM:INC_DEG:T/P/F or as --tle FILE (one of them)');
  const outPath = o.out !== undefined ? checkOutputPath(o.out, 'out') : undefined;
  // the constellation first: a TLE file sets the default epoch
  let eph: Ephemeris;
  let constellation: Record<string, unknown>;
  let defaultEpoch = '2026-01-01T00:00:00Z';
  if (o.walker !== undefined) {
    const w = walkerFrom(o.walker);
    eph = w;
    constellation = {
      kind: 'walker',
      altitude_km: w.shell.altitude / 1000,
      inclination_deg: w.shell.inclination / DEG,
      total: w.count,
      planes: w.shell.planes,
      phasing: w.shell.phasing,
    };
  } else {
    const t = tleFrom(o.tle as string);
    eph = t.eph;
    defaultEpoch = new Date(t.newestEpochMs).toISOString();
    const oldest = Math.min(...t.epochs);
    constellation = {
      kind: 'tle',
      file: t.label,
      satellites: t.count,
      oldest_epoch: new Date(oldest).toISOString(),
      newest_epoch: defaultEpoch,
    };
  }
  const setup = parseBoostPhaseSetup(o, REACH_HELP, defaultEpoch);
  if (o.tle !== undefined && o.epoch !== undefined) {
    // carry the mean elements to the chosen epoch instead of the file's newest
    const t = tleFrom(o.tle);
    eph = new BatchEphemeris(t.elements.map((s) => tleMeanElements(s, setup.epochMs)));
  }
  const step = numberFlag('launch-step-s', o['launch-step-s'], 1, 86400) ?? 60;
  const times = launchTimeGrid(setup.spanHours * 3600, step);
  if (times.length * setup.salvo.count * setup.places.length > 200_000)
    throw new UsageError(
      `too many launches to check (${fmt(times.length * setup.salvo.count * setup.places.length)}: launch times x salvo x sites, at most 200,000): raise --launch-step-s, shorten --span-h or name fewer sites`,
    );
  const sites = tracksFor(setup);
  const { burnout, deadline } = deadlineFor(setup, sites);
  const study = salvoCoverage(eph, sites, setup.interceptor, setup.salvo, times, {
    theta0: setup.earth.theta0,
    deadline: setup.afterBurnout === undefined ? undefined : deadline,
  });
  const tf = ignitionDelay(setup.interceptor);
  const counts = Array.from(study.inReach).sort((a, b) => a - b);
  const pct = (q: number): number => counts[Math.min(counts.length - 1, Math.floor(q * counts.length))];
  const report = {
    missile: { id: setup.entry.id, name: setup.entry.name },
    sites: setup.places.map((p) => p.label),
    toward: setup.toward.label,
    epoch: new Date(setup.epochMs).toISOString(),
    constellation,
    satellites: eph.count,
    interceptor: {
      id: setup.interceptorEntry.id,
      delta_v_m_s: setup.interceptor.deltaV,
      acceleration_m_s2: setup.interceptor.acceleration,
      ignition_s: tf,
    },
    window: {
      ignition_s: tf,
      deadline_s: deadline,
      burnout_s: burnout,
      reach_km: flyoutDistance(setup.interceptor, Math.max(0, deadline - tf)) / 1000,
    },
    launch_times: times.length,
    launch_step_s: step,
    in_reach: {
      mean: study.meanInReach,
      min: study.minInReach,
      p5: pct(0.05),
      median: pct(0.5),
      p95: pct(0.95),
      max: counts[counts.length - 1],
    },
    absentee_ratio: study.absenteeRatio,
    salvo: {
      count: setup.salvo.count,
      spacing_s: setup.salvo.spacing,
      per_missile: setup.salvo.perMissile,
      required: study.required,
      covered_pct: study.coveredFraction * 100,
    },
    worst: { launch_time_s: study.worst.launchTime, site: study.worst.site, assigned: study.worst.assigned },
    per_site: study.perSite.map((x) => ({
      site: x.site,
      covered_pct: x.coveredFraction * 100,
      min_assigned: x.minAssigned,
      mean_in_reach: x.meanInReach,
      min_in_reach: x.minInReach,
    })),
  };
  if (outPath) {
    const lines = [`launch_s,${study.sites.map((s, i) => `in_reach_site_${i + 1}`).join(',')},salvo_assigned,salvo_required`];
    for (let i = 0; i < times.length; i++) {
      lines.push(
        [times[i], ...study.sites.map((_s, k) => study.inReach[k * times.length + i]), study.assigned[i], study.required].join(','),
      );
    }
    writeFileAtomic(outPath, `${lines.join('\n')}\n`);
  }
  if (o.json) {
    io.stdout(JSON.stringify({ ...report, out: outPath ?? null }, null, 2));
    return 0;
  }
  const what = o.walker !== undefined ? `Walker ${o.walker}` : `${eph.count} satellites from ${o.tle}`;
  io.stdout(
    `Interceptors in reach of ${setup.entry.name} launches from ${setup.places.length === 1 ? setup.places[0].label : `${setup.places.length} launch points`} towards ${setup.toward.label}: ${what}`,
  );
  io.stdout(
    table([
      [
        'launches',
        `${fmt(times.length)} over ${fmt(setup.spanHours, 1)} h from ${report.epoch} (every ${fmt(step)} s), ${sites.length} site(s)`,
      ],
      [
        'time window',
        `ignition ${fmt(tf)} s after launch, intercept by ${fmt(deadline)} s (burnout ${fmt(burnout)} s): ${fmt(report.window.reach_km)} km of fly-out`,
      ],
      [
        'in reach',
        `mean ${fmt(study.meanInReach, 2)}; min ${study.minInReach}, 5th percentile ${report.in_reach.p5}, median ${report.in_reach.median}, 95th ${report.in_reach.p95}, max ${report.in_reach.max}`,
      ],
      ['absentee ratio', `${fmt(study.absenteeRatio)} (satellites in orbit per satellite in reach)`],
      [
        'salvo',
        `${setup.salvo.count} missile(s), ${setup.salvo.perMissile} interceptor(s) each: launched from each site in turn: covered from every site at ${fmt(study.coveredFraction * 100, 1)} % of launch times; worst at +${hm(study.worst.launchTime)} from ${study.worst.site}: ${study.worst.assigned} of ${study.required}`,
      ],
      ...(study.perSite.length > 1
        ? study.perSite.map((x): [string, string] => [
            `  ${x.site}`,
            `covered at ${fmt(x.coveredFraction * 100, 1)} %; in reach: mean ${fmt(x.meanInReach, 2)}, min ${x.minInReach}; fewest assignable ${x.minAssigned} of ${study.required}`,
          ])
        : []),
    ]),
  );
  if (outPath) io.stdout(`  per-launch counts: ${outPath} (${fmt(times.length)} rows)`);
  return 0;
}
