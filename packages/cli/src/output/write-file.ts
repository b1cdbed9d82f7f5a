import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../usage-error.ts';

/** Checks an output path before any work: its folder must exist and it must not be a folder. */
export function checkOutputPath(path: string, flag: string): string {
  const full = resolve(path);
  const dir = dirname(full);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--${flag} ${path}: folder ${dir} does not exist`);
  if (existsSync(full) && statSync(full).isDirectory()) throw new UsageError(`--${flag} ${path}: is a folder, not a file`);
  return full;
}

/** Writes a file atomically (temporary file, then rename): a failure never leaves half a file. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true }); // no orphaned temporary file
    throw e;
  }
}
