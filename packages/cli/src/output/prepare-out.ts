/**
 * The --out folder of run, sweep, compare and partner-study: checked before any work, written all at
 * once at the end, never at the cost of the trials. docs/cli.md ("Output safety") says the rules:
 * - before the campaign: a file is refused; a folder holding anything is refused unless --force,
 *   which replaces exactly the command's own files (named in the message) and touches nothing else;
 *   a missing folder is created; the folder must be writable (a probe file is written and removed);
 * - at the end: every file is written into a staging folder inside --out, then renamed into place
 *   while Ctrl-C and SIGTERM are held back, so a second Ctrl-C cannot leave a mix of old and new files;
 * - if writing fails (disk full, folder removed, permissions changed), the files go to a fresh folder
 *   under the system's temporary folder, which is printed; the command still prints its summary.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../usage-error.ts';
import { userPath } from '../user-path.ts';

export interface OutFolder {
  /** The folder as the user typed it (for messages). */
  given: string;
  /** Its absolute path (from the user's folder: user-path.ts). */
  dir: string;
  /** The files this command writes there: all it may replace. */
  files: readonly string[];
  /** Those of them that were already there (replaced under --force). */
  replaced: readonly string[];
}

const list = (names: readonly string[]): string =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/**
 * Checks --out before any work (see the header). `files` are the names the command writes. Under
 * --force, `warn` is told which existing files will be replaced.
 */
export function prepareOut(given: string, force: boolean, files: readonly string[], warn?: (s: string) => void): OutFolder {
  const dir = userPath(given);
  let replaced: string[] = [];
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--out ${given}: is a file, not a folder`);
    const present = readdirSync(dir);
    if (!force && present.length > 0) {
      throw new UsageError(
        `--out ${given}: folder is not empty (--force replaces ${list(files)} in it and touches nothing else; or choose an empty or new folder)`,
      );
    }
    replaced = files.filter((f) => present.includes(f));
  } else {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new UsageError(`--out ${given}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  const probe = join(dir, `.dome-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
  } catch (e) {
    throw new UsageError(`--out ${given}: cannot write in the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    rmSync(probe, { force: true });
  }
  if (replaced.length > 0) warn?.(`dome: --force: ${list(replaced)} in ${given} will be replaced (nothing else there is touched)`);
  return { given, dir, files, replaced };
}

export interface OutFile {
  name: string;
  content: string | Uint8Array;
}

export interface Written {
  /** Where the files are: the --out folder, or the fallback folder when writing there failed. */
  dir: string;
  fallback: boolean;
  paths: string[];
}

/**
 * Writes the command's files into the out folder all at once (see the header); on failure, into a
 * printed fallback folder. Only names declared to prepareOut may be written.
 */
export function writeOut(out: OutFolder, files: readonly OutFile[], stderr: (s: string) => void): Written {
  const stray = files.filter((f) => !out.files.includes(f.name));
  if (stray.length > 0) throw new Error(`writeOut: ${stray.map((f) => f.name).join(', ')} not declared to prepareOut`);
  const staging = join(out.dir, `.dome-staging-${process.pid}`);
  try {
    mkdirSync(staging); // not recursive: an --out folder that went away is not made again here
    for (const f of files) writeFileSync(join(staging, f.name), f.content);
    heldSignals(() => {
      for (const f of files) renameSync(join(staging, f.name), join(out.dir, f.name));
    });
    return { dir: out.dir, fallback: false, paths: files.map((f) => join(out.dir, f.name)) };
  } catch (e) {
    const fallback = mkdtempSync(join(tmpdir(), 'dome-results-'));
    for (const f of files) writeFileSync(join(fallback, f.name), f.content);
    stderr(
      `dome: could not write to --out ${out.given} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the results are in ${fallback}`,
    );
    return { dir: fallback, fallback: true, paths: files.map((f) => join(fallback, f.name)) };
  } finally {
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // the folder went away or refuses: nothing of ours is left that can be removed
    }
  }
}

/**
 * Runs `fn` (a few renames) with Ctrl-C and SIGTERM held back: a signal that arrives meanwhile is
 * noted (exit code 130) instead of ending the process between two renames.
 */
function heldSignals(fn: () => void): void {
  const hold = () => {
    process.exitCode = 130;
  };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    fn();
  } finally {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
  }
}
