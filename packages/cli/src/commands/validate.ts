import { basename } from 'node:path';
import { buildScenarioWorld, loadScenario, loadStudy, STUDY_DIR } from '@golden-dome/scenario';
import { scenarioFileArg } from '../campaign/scenario-source.ts';
import { parseFlags } from '../flags.ts';
import type { Io } from '../main.ts';
import { UsageError } from '../usage-error.ts';
import { resolveInputFile } from '../user-path.ts';
import { worldBuildProgress } from '../output/progress.ts';

export const VALIDATE_HELP = `dome validate — check scenario or study files without running them

  dome validate SCENARIO... [--quick]
  dome validate --study STUDY...

  Reads each file (a path, or a library name) with the loader every command uses: the schema, the
  catalog names (with suggestions), the policy, the name check, and (unless --quick) flies every
  missile of the raid once, as world building does, so a target out of a missile's range is found
  here. Every problem is listed with its file, line, column and field. Exit 0 when all are valid,
  2 otherwise.

  --quick     skip flying the raid (schema and names only)
  --study     the files are partner studies (packages/scenario/studies), checked with their raids`;

export async function validateCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, { quick: { type: 'boolean' }, study: { type: 'boolean' } }, VALIDATE_HELP);
  if (positionals.length === 0) throw new UsageError('name at least one file (dome validate --help)');
  const problems: string[] = [];
  for (const arg of positionals) {
    try {
      if (values.study) {
        const file = resolveInputFile(arg, { kind: 'study', dir: STUDY_DIR });
        const s = loadStudy(file);
        io.stdout(`ok: ${file}: study '${s.study.name}', ${s.study.options.length} options, ${s.raids.length} raids`);
      } else {
        const file = scenarioFileArg(arg);
        const s = loadScenario(file);
        const raid = s.scenario.raid.reduce((n, r) => n + r.count, 0);
        if (!values.quick) {
          io.stderr(`${basename(file)}: flying the raid's ${raid} missile${raid === 1 ? '' : 's'} once (--quick skips this)…`);
          buildScenarioWorld(s, worldBuildProgress(io.stderr, `${basename(file)}: `));
        }
        io.stdout(
          `ok: ${file}: scenario '${s.scenario.name}', policy ${s.scenario.policy}, ${raid} missile${raid === 1 ? '' : 's'} in ${s.scenario.raid.length} raid entr${s.scenario.raid.length === 1 ? 'y' : 'ies'}${values.quick ? ' (not flown: --quick)' : ', all flown'}`,
        );
      }
    } catch (e) {
      const name = (e as Error).name;
      if (
        !(e instanceof UsageError) &&
        name !== 'InputError' &&
        name !== 'InputLimitError' &&
        name !== 'UnknownNameError' &&
        name !== 'PlaceError'
      )
        throw e;
      problems.push((e as Error).message);
    }
  }
  if (problems.length === 0) return 0;
  for (const p of problems) io.stderr(`dome: ${p}`);
  return 2;
}
