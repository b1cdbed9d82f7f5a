/**
 * Paths the user typed, resolved from where the user stands: under `npm run`/`npm exec`/`npx` the
 * process may start in the repository root while npm records the user's folder in INIT_CWD.
 * Scenario and study arguments are also library names (`dome run nk-2029-salvo`). One home for both
 * rules: every command that takes a scenario, a study or --out calls these (docs/cli.md).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { didYouMean } from './flags.ts';
import { UsageError } from './usage-error.ts';

/** The folders a relative path is tried from, the user's first: INIT_CWD (when npm set it) then the current folder. */
export function userFolders(): string[] {
  const out: string[] = [];
  const init = process.env.INIT_CWD;
  if (init && isAbsolute(init) && existsSync(init) && statSync(init).isDirectory()) out.push(init);
  if (!out.includes(process.cwd())) out.push(process.cwd());
  return out;
}

/** A path for writing (--out): absolute as given, else from the user's folder. */
export function userPath(p: string): string {
  return resolve(userFolders()[0], p);
}

export interface LibraryKind {
  /** 'scenario' or 'study', for messages. */
  kind: string;
  /** The library folder (the scenario package's SCENARIO_DIR or STUDY_DIR). */
  dir: string;
}

/**
 * An existing file for a scenario or study argument: the path from the user's folder (or the current
 * one), else the library file of that name (`nk-2029-salvo` or `nk-2029-salvo.yaml`). Else a
 * UsageError naming every path tried and the library's names (with the nearest one).
 */
export function resolveInputFile(arg: string, library: LibraryKind): string {
  const tried: string[] = [];
  const candidates = isAbsolute(arg) ? [arg] : userFolders().map((f) => resolve(f, arg));
  const isName = !isAbsolute(arg) && !arg.includes('/') && !arg.includes('\\');
  if (isName) candidates.push(join(library.dir, arg.endsWith('.yaml') ? arg : `${arg}.yaml`));
  for (const c of candidates) {
    if (tried.includes(c)) continue;
    tried.push(c);
    if (existsSync(c)) {
      if (statSync(c).isDirectory()) throw new UsageError(`${library.kind} ${arg}: ${c} is a folder, not a file`);
      // as typed when it names the file from the current folder (messages and results.json keep the user's spelling)
      return c === resolve(arg) ? arg : c;
    }
  }
  const names = readdirSync(library.dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
  const guess = didYouMean(basename(arg, '.yaml'), names);
  throw new UsageError(
    `${library.kind} '${arg}' not found; tried ${tried.join(', ')}` +
      `${guess ? `; did you mean '${guess}'?` : ''}\n  library ${library.kind}s (dome catalog): ${names.join(', ')}`,
  );
}
