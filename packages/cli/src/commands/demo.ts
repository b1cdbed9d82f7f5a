import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../main.ts';
import { runCommand } from './run.ts';
import { parseFlags } from '../flags.ts';
import { trajectoryCommand } from './trajectory.ts';

/** The reference study 'npm start' runs (packages/scenario/scenarios). */
export const REFERENCE_SCENARIO = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'scenario',
  'scenarios',
  'nk-2029-salvo.yaml',
);

export const DEMO_HELP = `dome demo — the worked example (what 'npm start' runs)

  dome demo [--trials N] [--out DIR] [--serve | --no-serve]

  Runs the reference study (dome run nk-2029-salvo --trials 200 --out out/reference --force), then
  flies one of its missiles (dome trajectory), then on a terminal serves the live picture on
  http://127.0.0.1:8080/ until Ctrl-C.

  --trials N    trials of the campaign (default 200)
  --out DIR     where the report goes (default out/reference; its report.html, results.json and
                trials.csv are replaced)
  --serve       serve the live picture even when the output is not a terminal
  --no-serve    never serve it (what CI does)`;

/**
 * The main job 'npm start' runs, on the embedded defaults (no network, no services): a Monte Carlo
 * campaign of the reference study (a 2029 North Korean ICBM salvo with decoys against the layered
 * architecture) with its HTML report, then the trajectory of one of its missiles for a feel of the
 * physics, then (on a terminal) the live picture on 127.0.0.1 in demo mode until Ctrl-C.
 * `dome demo --out DIR --trials N` changes where and how many; `--serve` serves the picture even when
 * the output is not a terminal, `--no-serve` never does (CI runs `npm start` with its output redirected,
 * so it ends after the report).
 */
export async function demoCommand(argv: string[], io: Io, interactive: boolean = process.stdout.isTTY === true): Promise<number> {
  const { values: f } = parseFlags(
    argv,
    { trials: { type: 'string' }, out: { type: 'string' }, serve: { type: 'boolean' }, 'no-serve': { type: 'boolean' } },
    DEMO_HELP,
    false,
  );
  if (f.help) {
    io.stdout(DEMO_HELP);
    return 0;
  }
  const serve = f['no-serve'] ? false : f.serve === true || interactive;
  const out = f.out ?? join('out', 'reference');
  const trials = f.trials ?? '200';
  io.stdout('Golden Dome — the reference study (see README): a 2029 North Korean ICBM salvo with decoys against a layered defense.\n');
  io.stdout(`$ dome run packages/scenario/scenarios/nk-2029-salvo.yaml --trials ${trials} --out ${out} --force`);
  let code = await runCommand([REFERENCE_SCENARIO, '--trials', trials, '--out', out, '--force'], io);
  if (code !== 0) return code;
  io.stdout('\n$ dome trajectory --missile hwasong-17 --from pyongyang-sunan --to Seattle');
  code = await trajectoryCommand(['--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Seattle'], io);
  if (code !== 0) return code;
  io.stdout(`\nOpen ${join(out, 'report.html')} in a browser for the report. More: dome --help, and the README's worked examples.`);
  if (!serve) {
    io.stdout('The live picture: dome serve (npm run serve), then open http://127.0.0.1:8080/ in a browser.');
    return 0;
  }
  io.stdout('\n$ dome serve   (the live picture of the same scenario on a 3D globe)');
  // loaded on demand: the server's dependencies are not needed when the demo ends at the report
  const { serveCommand } = await import('./serve.ts');
  return serveCommand([], io);
}
