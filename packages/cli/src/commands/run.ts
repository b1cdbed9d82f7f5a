import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { buildScenarioWorld, buildWorld, WorldError } from '@golden-dome/scenario';
import { campaignReportInput } from '../campaign/campaign-report.ts';
import { campaignCostInputs, unitCostSources } from '../campaign/cost-inputs.ts';
import { resultsJson, summaryText, trialsCsv } from '../campaign/results.ts';
import { type CampaignProgress, type CampaignResult, runCampaign } from '../campaign/runner.ts';
import { type LoadWorldRequest, loadWorldRequestFromYaml, scenarioFileArg } from '../campaign/scenario-source.ts';
import { renderReport } from '../report/html-report.ts';
import { REPORT_FILE } from '../report/write-report.ts';
import { PROVENANCE_FILE, provenance, provenanceFile, withProvenance } from '../provenance.ts';
import { asFlag } from './as-flag.ts';
import { connectQueue, QUEUE_FLAGS, queueHelp, redisFlags } from './redis-flags.ts';
import { intFlag, numberFlag, UsageError } from '../usage-error.ts';
import { prepareOut, writeOut, type Written } from '../output/prepare-out.ts';
import { worldBuildProgress } from '../output/progress.ts';

/** The files `dome run --out` writes (all that --force may replace). */
const RUN_FILES = ['results.json', 'trials.csv', 'report.html', 'provenance.json'];
import { parseFlags } from '../flags.ts';

export const RUN_HELP = `dome run — a seeded Monte Carlo campaign of a scenario

  dome run SCENARIO [--trials N] [--workers K] [--seed S] [--out DIR] [--force]
                   [--ci-halfwidth H] [--check-every C] [--truth-tracks] [--as NATION] [--json]
                   [--queue URL [--redis-ca FILE]]

  SCENARIO is a file, or a library name (dome catalog --kind scenarios), e.g. dome run nk-2029-salvo.
  Runs trials with seeds S, S+1, …, S+N-1 (one trial = one seeded run of the engine) over K worker
  threads, and prints the metrics with their 95 % intervals. The results do not depend on K.

  --trials N         trials to run (default: the scenario's monte_carlo.trials, else 1,000)
  --workers K        worker threads (default: the machine's ${availableParallelism()} processors)
  --seed S           first seed (default: the scenario's monte_carlo.seed, else its top-level seed)
  --out DIR          write report.html, results.json, trials.csv and provenance.json there (created if
                     missing; a folder that already holds files is refused unless --force, which replaces
                     those four files and touches nothing else; checked writable before the campaign)
  --ci-halfwidth H   stop early once the 95 % interval of expected leakers (warheads leaking per
                     trial) is ±H or narrower (default: the scenario's monte_carlo.confidence_halfwidth;
                     without one, every trial runs)
                     (checked every C trials, so the trials kept do not depend on K)
  --check-every C    checkpoint interval for --ci-halfwidth (default 100)
  --truth-tracks     fight on the truth (the comparison mode: tracks follow the truth, no discrimination,
                     kills known at once) instead of estimated tracks; labelled in every output
  --as NATION        every output as that nation sees it (a nation of the scenario's policy, e.g. CA): its own
                     and shared sensors (late by the share's delay), its own weapons, public launches and
                     impacts; the report draws only what it may see and leaves out the scenario file
                     (docs/server.md, "Who may see what")
  --json             print results.json to stdout instead of the table
${queueHelp('K chunks in flight')}

  Progress and time left go to stderr. Ctrl-C (or SIGTERM) stops handing out trials and writes the
  results of the trials done (seeds S … S+n-1), marked INTERRUPTED; the exit code is then 130.`;

export interface RunIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface RunDeps {
  /** Scenario file → world request (default: the scenario package's YAML loader). */
  loadWorldRequest?: LoadWorldRequest;
  /** Interrupts the campaign (default: SIGINT). */
  signal?: AbortSignal;
  /** Progress reporting (default: a line on stderr every few seconds, or a bar on a terminal). */
  onProgress?: (p: CampaignProgress) => void;
}

const hms = (s: number): string => {
  if (!Number.isFinite(s)) return '?';
  const t = Math.round(s);
  return t >= 3600
    ? `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`
    : t >= 60
      ? `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`
      : `${t}s`;
};

function defaultProgress(io: RunIo): (p: CampaignProgress) => void {
  const tty = process.stderr.isTTY === true;
  let last = -Infinity;
  return (p) => {
    const line = `${p.done}/${p.total} trials, ${p.trialsPerS.toFixed(1)}/s, ${hms(p.elapsedS)} elapsed, ~${hms(p.etaS)} left`;
    if (tty) {
      const width = 30;
      const filled = Math.round((width * p.done) / p.total);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}  ${p.done === p.total ? '\n' : ''}`);
    } else if (p.elapsedS - last >= 5 || p.done === p.total) {
      last = p.elapsedS;
      io.stderr(line);
    }
  };
}

export async function runCommand(argv: string[], io: RunIo, deps: RunDeps = {}): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      trials: { type: 'string' },
      workers: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'ci-halfwidth': { type: 'string' },
      'check-every': { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      'truth-tracks': { type: 'boolean' },
      as: { type: 'string' },
      ...QUEUE_FLAGS,
    },
    RUN_HELP,
  );
  const f = parsed.values;
  if (f.help) {
    io.stdout(RUN_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      `${parsed.positionals.length === 0 ? 'a scenario file is required' : `one scenario file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`}\n\n${RUN_HELP}`,
    );
  }
  // a test's own loader takes the argument as given; the YAML loader gets the file it names
  const redis = redisFlags('--queue', f.queue, f['redis-ca']);
  const file = deps.loadWorldRequest ? parsed.positionals[0] : scenarioFileArg(parsed.positionals[0]);
  const trialsFlag = intFlag('trials', f.trials, 1, 10_000_000);
  const workersFlag = intFlag('workers', f.workers, 1, 1024);
  const seedFlag = intFlag('seed', f.seed, 0, 2 ** 32 - 1);
  const halfFlag = numberFlag('ci-halfwidth', f['ci-halfwidth'], 0, 1e9);
  if (halfFlag === 0) throw new UsageError('--ci-halfwidth must be more than 0');
  const checkEvery = intFlag('check-every', f['check-every'], 1, 10_000_000);
  if (checkEvery !== undefined && halfFlag === undefined) throw new UsageError('--check-every applies with --ci-halfwidth');
  if (f.force && f.out === undefined) throw new UsageError('--force applies with --out');
  // --out is checked before the (possibly long) campaign
  const out = f.out === undefined ? null : prepareOut(f.out, f.force === true, RUN_FILES, io.stderr);

  const loaded = await (deps.loadWorldRequest ?? loadWorldRequestFromYaml)(file);
  if (f['truth-tracks']) loaded.request.tracks = 'truth';
  let world;
  try {
    // progress on stderr unless the caller reports progress itself (as for the campaign below)
    const progress = deps.onProgress ? {} : worldBuildProgress(io.stderr);
    world = loaded.source ? buildScenarioWorld(loaded.source, progress) : buildWorld(loaded.request, progress);
  } catch (e) {
    if (e instanceof WorldError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const nation = asFlag(f.as, world.policy, file);
  const mc = loaded.monteCarlo;
  const trials = trialsFlag ?? mc.trials ?? 1000;
  const seed = seedFlag ?? mc.seed ?? 1;
  const workers = workersFlag ?? mc.workers ?? availableParallelism();
  const ciHalfWidth = halfFlag ?? mc.ciHalfWidth;

  // Ctrl-C: stop handing out trials, write what is done (a second Ctrl-C ends the process as usual)
  let signal = deps.signal;
  let onSigint: (() => void) | null = null;
  if (!signal) {
    const controller = new AbortController();
    signal = controller.signal;
    onSigint = () => {
      io.stderr('dome run: interrupted; writing the trials done (Ctrl-C again to quit at once)');
      controller.abort();
      if (onSigint) process.off('SIGINT', onSigint);
    };
    process.on('SIGINT', onSigint);
  }
  const costs = campaignCostInputs(loaded.request, loaded.weaponTypes);
  let result: CampaignResult;
  // --queue: the trials run on other machines' `dome worker`s (docs/worker-pool.md)
  const queue = redis ? await connectQueue('--queue', redis, workers) : undefined;
  try {
    result = await runCampaign(world, {
      trials,
      seed,
      workers,
      ciHalfWidth,
      checkEvery,
      weaponTypes: loaded.weaponTypes,
      costs,
      signal,
      ...(nation !== undefined ? { nation } : {}),
      ...(queue ? { pool: queue } : {}),
      // the report's engagement timeline reads this trial's log (run on the pool)
      representativeLog: out !== null,
      onProgress: deps.onProgress ?? defaultProgress(io),
    });
  } finally {
    if (onSigint) process.off('SIGINT', onSigint);
    await queue?.close();
  }

  const made = provenance({ first: result.seed, count: result.trials });
  const json = resultsJson(result, {
    scenario: file,
    tracks: world.settings.tracks ?? 'estimated',
    ...(nation !== undefined ? { as: nation } : {}),
    provenance: made,
  });
  let written: Written | null = null;
  if (out) {
    const sc = (loaded.scenario ?? {}) as { name?: string; summary?: string; description?: string; sources?: string[]; epoch?: string };
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    const input = campaignReportInput(result, world, {
      file,
      name: sc.name ?? basename(file),
      summary: sc.summary ?? sc.description ?? '',
      sources: sc.sources ?? [],
      epoch: sc.epoch ?? loaded.request.epoch,
      text,
      weaponTypes: loaded.weaponTypes,
      unitCostSources: unitCostSources(costs),
      generatedAt: new Date().toISOString(),
    });
    if (result.status === 'interrupted') {
      input.headline.unshift(
        `INTERRUPTED: ${result.trials} of the ${result.requested} trials requested ran (seeds ${result.trials > 0 ? `${result.seed}–${result.seed + result.trials - 1}` : 'none'}); every figure is from those.`,
      );
    }
    written = writeOut(
      out,
      [
        { name: 'results.json', content: `${JSON.stringify(json, null, 2)}\n` },
        { name: 'trials.csv', content: trialsCsv(result) },
        { name: REPORT_FILE, content: await renderReport(withProvenance(input, made)) },
        provenanceFile(made, ['results.json', 'trials.csv', REPORT_FILE]),
      ],
      io.stderr,
    );
  }
  if (f.json) io.stdout(JSON.stringify(json, null, 2));
  else {
    const as =
      nation === undefined ? '' : ` as ${nation} sees it (its own and shared sensors, its own weapons; launches and impacts are public)`;
    io.stdout(
      summaryText(
        result,
        `${basename(file)}${as}${world.settings.tracks === 'truth' ? ' [TRUTH TRACKS: tracks follow the truth, no discrimination, kills known at once]' : ' [estimated tracks]'}`,
      ),
    );
    if (written)
      io.stdout(
        `\nwritten: ${join(written.dir, REPORT_FILE)} (open it in a browser), ${join(written.dir, 'results.json')}, ${join(written.dir, 'trials.csv')}, ${join(written.dir, PROVENANCE_FILE)}`,
      );
  }
  return result.status === 'interrupted' ? 130 : 0;
}
