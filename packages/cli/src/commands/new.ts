import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, sep } from 'node:path';
import { parseScenario, SCENARIO_DIR } from '@golden-dome/scenario';
import { scenarioFileArg } from '../campaign/scenario-source.ts';
import { didYouMean, parseFlags } from '../flags.ts';
import type { Io } from '../main.ts';
import { writeFileAtomic } from '../output/write-file.ts';
import { UsageError } from '../usage-error.ts';
import { userPath } from '../user-path.ts';

export const NEW_HELP = `dome new — start a file of your own

  dome new scenario NAME [--from SCENARIO] [--force]

  Writes NAME.yaml in the current folder: a copy of a library scenario (default nk-2029-salvo, the
  reference study; --from names another, or a file), with its comments, its name set to NAME and a
  header that says how to edit, check and run it. The file is checked with the loader before it is
  written. NAME is lower-case words joined by hyphens (a scenario's name is its file name).

  --from SCENARIO   the scenario to start from (library name or path; dome catalog --kind scenarios)
  --force           replace NAME.yaml if it exists (nothing else is written)`;

const KINDS = ['scenario'];

/** The starting text: `from`'s text with NAME, a header, and the schema line pointing at the library's schema. */
export function starterScenario(fromFile: string, name: string, target: string): string {
  const text = readFileSync(fromFile, 'utf8');
  const schema = relative(dirname(target), `${SCENARIO_DIR}${sep}scenario.schema.json`).split(sep).join('/');
  const fromName = basename(fromFile, '.yaml');
  const header = [
    `# yaml-language-server: $schema=${schema}`,
    '#',
    `# ${name}: started from the scenario '${fromName}' by 'dome new scenario ${name} --from ${fromName}'.`,
    '# Edit the raid (threats and sites: dome catalog), the architecture and the policy below; every field',
    '# and its units are in the JSON Schema named on the first line (an editor with YAML support completes',
    '# them). Check it with:  dome validate ' + basename(target) + '     Run it with:  dome run ' + basename(target),
    '# The name must stay equal to the file name without .yaml.',
    '#',
    `# What follows is ${fromName}'s own text and comments:`,
  ].join('\n');
  const body = text.replace(/^# yaml-language-server:.*\n/, '').replace(/^name:.*$/m, `name: ${name}`);
  if (!/^name: /m.test(body)) throw new Error(`${fromFile} has no top-level name: line`);
  return `${header}\n${body}`;
}

export async function newCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, { from: { type: 'string' }, force: { type: 'boolean' } }, NEW_HELP);
  const [kind, name, ...extra] = positionals;
  if (kind === undefined) throw new UsageError(`say what to start: dome new scenario NAME (dome new --help)`);
  if (!KINDS.includes(kind)) {
    const guess = didYouMean(kind, KINDS);
    throw new UsageError(`dome new ${kind}: can start a ${KINDS.join(', ')}${guess ? `; did you mean '${guess}'?` : ''}`);
  }
  if (name === undefined) throw new UsageError('dome new scenario NAME: the name of the new scenario is missing');
  if (extra.length > 0) throw new UsageError(`dome new scenario takes one name, got also: ${extra.join(' ')}`);
  const bare = name.replace(/\.yaml$/, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(bare))
    throw new UsageError(`dome new scenario ${name}: a name is lower-case words joined by hyphens, e.g. my-salvo`);
  const target = userPath(`${bare}.yaml`);
  if (existsSync(target) && !values.force) throw new UsageError(`${target} exists (--force replaces it)`);
  const from = scenarioFileArg(values.from ?? 'nk-2029-salvo');
  const text = starterScenario(from, bare, target);
  parseScenario(text, target, { expectName: bare }); // the file validates before it is written
  writeFileAtomic(target, text);
  io.stdout(`wrote ${target} (from ${basename(from)}). Next: edit it, then  dome validate ${bare}.yaml  and  dome run ${bare}.yaml`);
  return 0;
}
