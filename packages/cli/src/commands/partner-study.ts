import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { approvalSweepProblem, loadStudy, STUDY_DIR } from '@golden-dome/scenario';
import { fmt } from '../output/format.ts';
import { renderPartnerReport } from '../partner/partner-report.ts';
import { studyCosts } from '../partner/study-cost.ts';
import { curveFindings } from '../partner/curve-findings.ts';
import { curveCsv, curveJson, optionsCsv, resultsJson, studyText, trialsCsv } from '../partner/study-output.ts';
import { approvalCurves, studyResults } from '../partner/study-results.ts';
import { runStudy } from '../partner/study-runner.ts';
import { InterruptedError } from '../partner/trial-pool.ts';
import { REPORT_FILE } from '../report/write-report.ts';
import { UsageError } from '../usage-error.ts';
import { intFlag } from '../usage-error.ts';
import { type CampaignIo, withInterrupt } from './sweep.ts';
import { connectQueue, QUEUE_FLAGS, queueHelp, redisFlags } from './redis-flags.ts';
import { parseFlags } from '../flags.ts';
import { resolveInputFile } from '../user-path.ts';
import { prepareOut, writeOut } from '../output/prepare-out.ts';
import { PROVENANCE_FILE, provenance, provenanceFile } from '../provenance.ts';

export const PARTNER_STUDY_HELP = `dome partner-study — what a partner nation gains, gives and keeps by joining

  dome partner-study STUDY.yaml [--trials N] [--workers K] [--seed S] [--raids a,b] [--approval-delays 0,60,120] [--out DIR] [--force] [--json]
                                [--queue URL [--redis-ca FILE]]

  Runs every participation option of the study (packages/scenario/studies) against every reference
  raid as seeded campaigns on the same seeds, and, where an option asks for the partner's approval, the
  same option with approval given at once and withheld. Prints, per option, each nation's defended
  population (value of the targeted cities kept safe, summed over the raids) with its 95 % interval, the
  change against the first option (paired per trial), interceptors fired, leakage, the engagement
  decisions that needed the partner's approval and what its delay costs, and the partner's share of the
  architecture's 20-year cost under each rule (GDP, population, defended population, contributed assets).

  --trials N   trials per option and raid (default: the study's monte_carlo.trials)
  --workers K  worker threads (default: the machine's ${availableParallelism()} processors); results do not depend on it
  --seed S     first seed (default: the study's monte_carlo.seed)
  --raids a,b  run only these of the study's raids (scenario names as the study lists them)
  --approval-delays 0,30,60
               sweep the partner's approval delay [s] (at most 12 points, 0-3600 s; default: the study's
               approval_sweep_s): every option that asks for the partner's approval also runs at each
               delay, and the report plots defended population against it (approval-curve.csv)
  --out DIR    write results.json, options.csv, trials.csv, approval-curve.csv, report.html and run.json there; a folder that
               already holds files is refused unless --force
  --json       print results.json to stdout instead of the table
${queueHelp('K chunks in flight')}`;

/** The approval sweep's file (one row per option, raid and delay). */
export const CURVE_FILE = 'approval-curve.csv';

/** `--approval-delays 0,30,60`: seconds, each a number in range, at most STUDY_LIMITS.sweepPoints of them, no repeats. */
export function approvalDelaysFlag(text: string): number[] {
  const parts = text.split(',').map((x) => x.trim());
  const bad = parts.find((x) => x === '' || !Number.isFinite(Number(x)));
  if (bad !== undefined) throw new UsageError(`--approval-delays: '${bad}' is not a number of seconds (give a list like 0,30,60,120)`);
  const delays = parts.map(Number);
  const problem = approvalSweepProblem(delays);
  if (problem) throw new UsageError(`--approval-delays: ${problem}`);
  return delays;
}

function parse(argv: string[]) {
  return parseFlags(
    argv,
    {
      trials: { type: 'string' },
      workers: { type: 'string' },
      seed: { type: 'string' },
      raids: { type: 'string' },
      'approval-delays': { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      ...QUEUE_FLAGS,
    },
    PARTNER_STUDY_HELP,
  );
}

export interface PartnerStudyDeps {
  signal?: AbortSignal;
  /** The report's "generated" time (tests pin it). */
  now?: () => Date;
}

export async function partnerStudyCommand(argv: string[], io: CampaignIo, deps: PartnerStudyDeps = {}): Promise<number> {
  const { values: f, positionals } = parse(argv);
  if (f.help) {
    io.stdout(PARTNER_STUDY_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      `one study file, got ${positionals.length}${positionals.length ? `: ${positionals.join(' ')}` : ''}\n\n${PARTNER_STUDY_HELP}`,
    );
  const trialsFlag = intFlag('trials', f.trials, 2, 100_000);
  const workersFlag = intFlag('workers', f.workers, 1, 256);
  const seedFlag = intFlag('seed', f.seed, 0, 2 ** 32 - 1);
  const delaysFlag = f['approval-delays'] === undefined ? undefined : approvalDelaysFlag(f['approval-delays']);
  if (f.force && f.out === undefined) throw new UsageError('--force applies with --out');
  const redis = redisFlags('--queue', f.queue, f['redis-ca']);
  const out =
    f.out === undefined
      ? null
      : prepareOut(
          f.out,
          f.force === true,
          ['results.json', 'options.csv', 'trials.csv', CURVE_FILE, 'run.json', REPORT_FILE, PROVENANCE_FILE],
          io.stderr,
        );

  const loaded = loadStudy(resolveInputFile(positionals[0], { kind: 'study', dir: STUDY_DIR }));
  if (f.raids !== undefined) {
    const wanted = f.raids
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const known = loaded.raids.map((r) => r.name);
    const unknown = wanted.filter((w) => !known.includes(w));
    if (wanted.length === 0 || unknown.length > 0)
      throw new UsageError(
        `--raids: ${unknown.length ? `'${unknown.join("', '")}' is not a raid of ${loaded.study.name}` : 'name at least one raid'} (its raids: ${known.join(', ')})`,
      );
    loaded.raids = loaded.raids.filter((r) => wanted.includes(r.name));
  }
  const trials = trialsFlag ?? loaded.study.monte_carlo.trials;
  const seed = seedFlag ?? loaded.study.monte_carlo.seed;
  const workers = workersFlag ?? availableParallelism();
  const approvalDelays = [...(delaysFlag ?? loaded.study.approval_sweep_s ?? [])].sort((a, b) => a - b);

  let lastProgress = 0;
  // the study overall: raids done plus the running raid's share of its trials; time left from the pace so far
  const started = performance.now();
  let raidIndex = 0;
  let raidCount = loaded.raids.length;
  const overall = (fraction: number): string => {
    const elapsed = (performance.now() - started) / 1000;
    const left = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : NaN;
    return `study ${fmt(100 * fraction, 0)} % done, ${fmt(elapsed, 0)} s elapsed${Number.isFinite(left) ? `, ~${fmt(left, 0)} s left` : ''}`;
  };
  // --queue: the trials on the `dome worker`s of a Redis (a Redis that does not answer is said before any build)
  const queue = redis ? await connectQueue('--queue', redis, workers) : undefined;
  let run;
  try {
    run = await withInterrupt(io, 'partner-study', deps.signal, (signal) =>
      runStudy(loaded, {
        trials,
        seed,
        workers,
        ...(queue ? { queue } : {}),
        signal,
        approvalDelays,
        strictRemovals: f.raids === undefined,
        onNote: (m) => io.stderr(`note: ${m}`),
        onRaidStart: (raid, i, n) => io.stderr(`raid ${i + 1}/${n}: ${raid}: building the world and the options…`),
        onTrialsStart: (raid, i, n) => {
          raidIndex = i;
          raidCount = n;
          io.stderr(`raid ${i + 1}/${n}: ${raid}: running the trials… (${overall(i / n)})`);
        },
        onBuilt: (raid, s) => io.stderr(`raid ${raid}: built in ${fmt(s, 1)} s`),
        onProgress: (raid, p) => {
          const now = performance.now();
          if (now - lastProgress > 5000 || p.done === p.total) {
            lastProgress = now;
            io.stderr(`raid ${raid}: ${p.done}/${p.total} trials (${overall((raidIndex + p.done / Math.max(1, p.total)) / raidCount)})`);
          }
        },
      }),
    );
  } catch (e) {
    if (e instanceof InterruptedError) {
      io.stderr('dome partner-study: interrupted; nothing written (a study is reported whole)');
      return 130;
    }
    throw e;
  } finally {
    // its jobs not yet taken by a worker are off the queue before it closes
    await queue?.close();
  }
  const results = studyResults(loaded, run);
  const curves = approvalCurves(loaded, run);
  const defendedByOption = new Map(
    loaded.study.options.map((o, i) => [
      o.id,
      Object.fromEntries(Object.entries(results[i].nations).map(([n, r]) => [n, r.defended.mean])),
    ]),
  );
  const costs = studyCosts(loaded.study, defendedByOption);
  const made = provenance({ first: seed, count: run.trials });
  const json = {
    ...resultsJson(loaded, run, results, costs),
    approval_sweep_s: run.sweep.delays,
    approval_curve: curveJson(curves),
    removals: Object.fromEntries(run.removed),
    provenance: made,
  };
  io.stderr(
    `${loaded.study.name}: ${run.raids.length} raids, ${fmt(run.trials)} trials per option variant, ${run.workers} worker${run.workers === 1 ? '' : 's'}, ${fmt(run.seconds, 1)} s`,
  );
  if (f.json) io.stdout(JSON.stringify(json, null, 2));
  else
    io.stdout(
      [studyText(loaded, run, results, costs), ...curveFindings(loaded, run, results, curves).map((x) => `- ${x.text}`)].join('\n'),
    );
  if (out) {
    const html = await renderPartnerReport(loaded, run, results, costs, curves, (deps.now?.() ?? new Date()).toISOString());
    const names = ['results.json', 'options.csv', 'trials.csv', CURVE_FILE, 'run.json', REPORT_FILE];
    const written = writeOut(
      out,
      [
        { name: 'results.json', content: `${JSON.stringify(json, null, 2)}\n` },
        { name: 'options.csv', content: optionsCsv(loaded, results, costs) },
        { name: 'trials.csv', content: trialsCsv(loaded, run) },
        { name: CURVE_FILE, content: curveCsv(loaded, curves) },
        {
          name: 'run.json',
          content: `${JSON.stringify({ workers: run.workers, seconds: Number(run.seconds.toFixed(2)), build_seconds: Object.fromEntries(run.raids.map((r) => [r.name, Number(r.buildSeconds.toFixed(2))])) }, null, 2)}\n`,
        },
        { name: REPORT_FILE, content: html },
        provenanceFile(made, names),
      ],
      io.stderr,
    );
    io.stderr(
      `wrote ${join(written.dir, REPORT_FILE)} and results.json, options.csv, trials.csv, ${CURVE_FILE}, run.json, ${PROVENANCE_FILE}`,
    );
  }
  return 0;
}
