import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The server's data directory (`dome serve --data DIR`): where its database lives. One server at a
 * time per directory: `DIR/server.pid` holds the process id of the server using it. A server killed
 * (`kill -9`) leaves its pid file and the SQLite VFS's lock (`dome.sqlite.lock`, a directory) behind;
 * the next server finds that process gone and takes both over.
 */
export class DataDirError extends Error {}

/** Where `dome serve` keeps its state without `--data`: `$XDG_STATE_HOME/golden-dome` (default `~/.local/state/golden-dome`). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME !== '' ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(state, 'golden-dome');
}

const PID_FILE = 'server.pid';
/** The lock node-sqlite3-wasm's VFS takes next to the database file. */
const SQLITE_LOCK = 'dome.sqlite.lock';
/** Directories this process holds (a second server in the same process is refused too). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const reason = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'EROFS') return 'read-only file system';
  if (err.code === 'EEXIST') return 'a file of that name is in the way';
  if (err.code === 'ENOTDIR') return 'a file is in the way on its path';
  return err.code ?? err.message;
};

/**
 * Creates `dir` if needed and takes it for this process; returns the release. A DataDirError naming
 * the path when it is not a writable directory or another live server holds it.
 */
export function lockDataDir(dir: string): () => void {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true });
  } catch (e) {
    throw new DataDirError(`cannot create the data directory ${path}: ${reason(e)}`);
  }
  if (!statSync(path).isDirectory()) throw new DataDirError(`the data directory ${path} is not a directory`);
  if (held.has(path)) throw new DataDirError(`the data directory ${path} is in use by another server in this process`);
  const pidFile = join(path, PID_FILE);
  let previous: number | undefined;
  try {
    previous = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  } catch {
    previous = undefined;
  }
  if (previous !== undefined && Number.isInteger(previous) && previous !== process.pid && alive(previous)) {
    throw new DataDirError(
      `the data directory ${path} is in use by the server of process ${previous} (${pidFile}): stop it, or use another --data directory`,
    );
  }
  try {
    const fd = openSync(pidFile, 'w');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
  } catch (e) {
    throw new DataDirError(`the data directory ${path} is not writable (${pidFile}: ${reason(e)})`);
  }
  // a lock left by a server that no longer runs (killed): ours now
  rmSync(join(path, SQLITE_LOCK), { recursive: true, force: true });
  held.add(path);
  return () => {
    held.delete(path);
    rmSync(join(path, SQLITE_LOCK), { recursive: true, force: true });
    try {
      if (Number.parseInt(readFileSync(pidFile, 'utf8'), 10) === process.pid) unlinkSync(pidFile);
    } catch {
      // already gone
    }
  };
}
