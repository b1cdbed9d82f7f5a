import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runTrial, type World } from '@golden-dome/core';
import { buildWorld, type WorldRequest, WorldError } from '@golden-dome/scenario';
import { EXPORT_FORMATS, exportTrial, isExportFormat } from '@golden-dome/server';
import { runCampaign } from '../campaign/runner.ts';
import { type LoadWorldRequest, loadWorldRequestFromYaml } from '../campaign/scenario-source.ts';
import { checkOutputPath, writeFileAtomic } from '../output/write-file.ts';
import { intFlag, numberFlag, UsageError } from '../usage-error.ts';
import { asFlag } from './as-flag.ts';

export const EXPORT_HELP = `dome export — one trial as CZML, KML or GeoJSON, in one nation's view

  dome export SCENARIO.yaml --format czml|kml|geojson [--seed S] [--out FILE] [--as NATION]
                            [--truth-tracks] [--step-s DT] [--trials N] [--workers K]

  Runs the trial of seed S (one seeded run of the engine) and writes what the view sees of it:
    czml     threat tracks coloured by phase (boost, midcourse, re-entry), interceptor fly-outs,
             sensors with their coverage, batteries, defended cities, constellations' satellites and
             every event as a time-tagged packet (Cesium: CzmlDataSource, or drop it on a Cesium viewer)
    kml      tracks by phase and fly-outs with their time spans, coverage polygons, placemarks for
             sensors, batteries, cities and events (OGC KML 2.2: Google Earth, QGIS, …)
    geojson  impact points, defended cities with P(struck), sensor coverage polygons (RFC 7946)

  --format F       czml, kml or geojson (required)
  --seed S         the trial's seed (default: the scenario's seed, else 1)
  --out FILE       write there (atomically; its folder must exist); default: standard output
  --as NATION      that nation's view (a nation of the scenario's policy): its own and shared sensors,
                   late by the share's delay, its own weapons; launches, burnouts and impacts are public.
                   Without it: the whole log (every nation's assets and the truth of every object)
  --truth-tracks   fight on the truth (the comparison mode); every export says so
  --step-s DT      threat tracks sampled every DT seconds (default 10; 1 to 60)
  --trials N       cities' P(struck) over N trials (seeds S … S+N-1, in the same view) instead of the one
                   trial's outcome; the tracks and events stay those of seed S
  --workers K      worker threads for --trials (default: the machine's processors)

  The export reads the world and the view's event log; it flies nothing again (docs/interop-exports.md).`;

export interface ExportIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface ExportDeps {
  /** Scenario file → world request (default: the scenario package's YAML loader). */
  loadWorldRequest?: LoadWorldRequest;
  /** World request → world (default: the scenario package's buildWorld; tests pass one that keeps what it built). */
  buildWorld?: (request: WorldRequest) => World;
}

export async function exportCommand(argv: string[], io: ExportIo, deps: ExportDeps = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        as: { type: 'string' },
        'truth-tracks': { type: 'boolean' },
        'step-s': { type: 'string' },
        trials: { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}\n\n${EXPORT_HELP}`);
  }
  const f = parsed.values;
  if (f.help) {
    io.stdout(EXPORT_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      `${parsed.positionals.length === 0 ? 'a scenario file is required' : `one scenario file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`}\n\n${EXPORT_HELP}`,
    );
  }
  const file = parsed.positionals[0];
  if (f.format === undefined) throw new UsageError(`--format is required: one of ${EXPORT_FORMATS.join(', ')}`);
  if (!isExportFormat(f.format))
    throw new UsageError(`--format: '${f.format.slice(0, 32)}' is not a format (one of ${EXPORT_FORMATS.join(', ')})`);
  const format = f.format;
  const seedFlag = intFlag('seed', f.seed, 0, 2 ** 32 - 1);
  const stepS = numberFlag('step-s', f['step-s'], 1, 60) ?? 10;
  const trials = intFlag('trials', f.trials, 1, 100_000);
  const workers = intFlag('workers', f.workers, 1, 1024);
  if (workers !== undefined && trials === undefined) throw new UsageError('--workers applies with --trials');
  // --out is checked before the (possibly long) world build: its folder must exist and be writable
  let out: string | null = null;
  if (f.out !== undefined) {
    out = checkOutputPath(f.out, 'out');
    try {
      accessSync(dirname(out), constants.W_OK);
    } catch (e) {
      throw new UsageError(
        `--out ${f.out}: cannot write in ${dirname(out)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
  }

  const loaded = await (deps.loadWorldRequest ?? loadWorldRequestFromYaml)(file);
  if (f['truth-tracks']) loaded.request.tracks = 'truth';
  let world;
  try {
    world = (deps.buildWorld ?? buildWorld)(loaded.request);
  } catch (e) {
    if (e instanceof WorldError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const nation = asFlag(f.as, world.policy, file);
  const seed = seedFlag ?? loaded.monteCarlo.seed ?? 1;
  let campaign: { trials: number; hits: Map<string, number> } | undefined;
  if (trials !== undefined) {
    const result = await runCampaign(world, {
      trials,
      seed,
      workers: workers ?? undefined,
      weaponTypes: loaded.weaponTypes,
      ...(nation !== undefined ? { nation } : {}),
    });
    // the campaign metrics' P(struck) per threatened asset (core's one count of it)
    const hits = new Map((result.metrics.defended.byAsset ?? []).map((a) => [a.key, a.struck.successes] as const));
    campaign = { trials: result.trials, hits };
  }
  const text = exportTrial(format, world, runTrial(world, seed), {
    scenario: file,
    seed,
    nation,
    weaponTypes: loaded.weaponTypes,
    stepS,
    ...(campaign ? { campaign } : {}),
  });
  if (out === null) {
    io.stdout(text);
    return 0;
  }
  try {
    writeFileAtomic(out, text);
  } catch (e) {
    throw new UsageError(`--out ${f.out}: cannot write the file (${(e as Error).message}); nothing was written`);
  }
  io.stderr(
    `written: ${out} (${format}, seed ${seed}, ${nation === undefined ? 'whole log' : `as ${nation}`}${world.settings.tracks === 'truth' ? ', TRUTH TRACKS' : ''}${campaign ? `, cities' P(struck) over ${campaign.trials} trials` : ''})`,
  );
  return 0;
}
