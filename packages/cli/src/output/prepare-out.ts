import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../usage-error.ts';

/**
 * Checks --out before any work: refuses a file, or a folder holding anything unless --force (then
 * `files`, named in the message, are replaced); creates a missing folder. Returns the absolute path.
 */
export function prepareOut(dir: string, force: boolean, files: string): string {
  const full = resolve(dir);
  if (existsSync(full)) {
    if (!statSync(full).isDirectory()) throw new UsageError(`--out ${dir}: is a file, not a folder`);
    if (!force && readdirSync(full).length > 0) throw new UsageError(`--out ${dir}: folder is not empty (use --force to replace ${files} in it)`);
  } else {
    try {
      mkdirSync(full, { recursive: true });
    } catch (e) {
      throw new UsageError(`--out ${dir}: cannot create the folder (${(e as Error).message})`);
    }
  }
  return full;
}
