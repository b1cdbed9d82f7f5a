import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { EngagementDecision, NationCode, World } from '@golden-dome/core';
import type { Database as SqliteDatabase } from 'node-sqlite3-wasm';
import type { AuditEntry } from './audit-log.ts';
import type { TrialCommand } from './live-command.ts';
import { DataDirError, lockDataDir } from './data-dir.ts';

// node-sqlite3-wasm is CommonJS (SQLite compiled to WebAssembly, with a VFS on Node's fs)
const { Database } = createRequire(import.meta.url)('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');

/** The database file inside the data directory. */
export const DATABASE_FILE = 'dome.sqlite';
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trials (id TEXT PRIMARY KEY, scenario TEXT NOT NULL, seed INTEGER NOT NULL, started_by TEXT NOT NULL, nation TEXT NOT NULL, live INTEGER NOT NULL, world TEXT NOT NULL, command TEXT);
CREATE TABLE IF NOT EXISTS trials_kept (nation TEXT NOT NULL, trial TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (nation, trial));
CREATE TABLE IF NOT EXISTS decisions (trial TEXT NOT NULL, weapon TEXT NOT NULL, object TEXT NOT NULL, nation TEXT NOT NULL, verdict TEXT NOT NULL, t REAL NOT NULL, audit_seq INTEGER NOT NULL, PRIMARY KEY (trial, weapon, object));
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, outcome TEXT NOT NULL, entry TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS campaigns (id TEXT PRIMARY KEY, record TEXT NOT NULL, outcome TEXT);
CREATE TABLE IF NOT EXISTS campaign_chunks (campaign TEXT NOT NULL, first INTEGER NOT NULL, chunk TEXT NOT NULL, PRIMARY KEY (campaign, first));
`;

/** A stored trial's record: what it is a pure function of (world, seed; decisions apart), not its log. */
export interface TrialRecord {
  id: string;
  scenario: string;
  seed: number;
  startedBy: string;
  nation: NationCode;
  /** A live trial (shared by scenario and seed). */
  live: boolean;
  /** worldFingerprint of the world it was run on: a trial whose scenario has changed since is not restored. */
  world: string;
  /** A live trial's command (the nations deciding live and the timeout rule), with which its decisions replay. */
  command?: TrialCommand;
}

/** A commander's decision on an engagement of a stored trial (core's EngagementDecision, with its trial and audit entry). */
export interface StoredDecision extends EngagementDecision {
  trial: string;
  /** The audit entry that recorded it. */
  auditSeq: number;
}

const worldPrints = new WeakMap<World, string>();
/** A hash of a world's data (computed once per World object). */
export function worldFingerprint(world: World): string {
  let h = worldPrints.get(world);
  if (h === undefined) worldPrints.set(world, (h = createHash('sha256').update(JSON.stringify(world)).digest('hex').slice(0, 32)));
  return h;
}

/** JSON that keeps NaN and ±Infinity (metrics and aggregates hold them): encoded as tagged strings. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v));
}
export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && v.startsWith('\u0000') ? Number(v.slice(1)) : v)) as T;
}

type Row = Record<string, unknown>;

/** Opens and closes the database of `dir`: a DataDirError naming the path when it cannot be used. */
export function checkDataDir(dir: string): void {
  ServerDatabase.open(dir).close();
}

/**
 * The server's durable state in one SQLite database (`DIR/dome.sqlite`, docs/server.md "Durable state"):
 * stored trials (their records, not their logs), which nation keeps which, commanders' decisions, the
 * audit log's kept entries, campaigns with their progress in chunks of seeds and their results.
 *
 * SQLite runs as WebAssembly (node-sqlite3-wasm) on a file through Node's fs: no native build, nothing
 * downloaded at install. Write-ahead log with `synchronous=NORMAL` and exclusive locking (one server
 * per data directory, data-dir.ts): every commit is in the file (the OS's page cache) before the call
 * returns, so a killed server loses nothing it committed; a power cut may lose the last commits, never
 * the database's consistency. Calls are synchronous, each statement its own transaction unless in
 * {@link transaction}.
 */
export class ServerDatabase {
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly db: SqliteDatabase,
    private readonly unlock: () => void,
  ) {}

  /** Opens (creating) the database of data directory `dir`; a DataDirError naming the path when it cannot. */
  static open(dir: string): ServerDatabase {
    const unlock = lockDataDir(dir);
    const file = join(dir, DATABASE_FILE);
    let db: SqliteDatabase | undefined;
    try {
      db = new Database(file);
      // exclusive locking before WAL: the WAL index lives in memory (this VFS has no shared memory)
      db.exec('PRAGMA locking_mode=EXCLUSIVE');
      db.get('PRAGMA journal_mode=WAL');
      db.exec('PRAGMA synchronous=NORMAL');
      db.exec(SCHEMA);
      const version = db.get("SELECT value FROM meta WHERE key = 'schema'")?.value;
      if (version === undefined) db.run("INSERT INTO meta (key, value) VALUES ('schema', ?)", String(SCHEMA_VERSION));
      else if (Number(version) !== SCHEMA_VERSION)
        throw new DataDirError(
          `${file} has schema version ${String(version)}; this server reads version ${SCHEMA_VERSION}: use another --data directory`,
        );
      const check = db.get('PRAGMA quick_check')?.quick_check;
      if (check !== 'ok')
        throw new DataDirError(`${file} is damaged (SQLite quick_check: ${String(check)}): move it away, or use another --data directory`);
    } catch (e) {
      try {
        db?.close();
      } catch {
        // closing a database that failed to open: nothing more to say than the first error
      }
      unlock();
      if (e instanceof DataDirError) throw e;
      throw new DataDirError(
        `cannot use ${file} as the server's database (${(e as Error).message}): move it away, or use another --data directory`,
      );
    }
    return new ServerDatabase(dir, db, unlock);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.unlock();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Runs `fn` in one transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.db.exec('BEGIN');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  private run(sql: string, values?: Array<string | number | null>): void {
    // a write after close (a runner returning while the server stops) is dropped: its state stays as last committed
    if (this.closed) return;
    this.db.run(sql, values);
  }

  private all(sql: string, values?: Array<string | number>): Row[] {
    return this.db.all(sql, values) as Row[];
  }

  meta(key: string): string | undefined {
    const v = this.db.get('SELECT value FROM meta WHERE key = ?', key)?.value;
    return v === undefined || v === null ? undefined : String(v);
  }

  setMeta(key: string, value: string): void {
    this.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  // ---- trials ----
  trials(): TrialRecord[] {
    return this.all('SELECT id, scenario, seed, started_by, nation, live, world, command FROM trials').map((r) => ({
      id: String(r.id),
      scenario: String(r.scenario),
      seed: Number(r.seed),
      startedBy: String(r.started_by),
      nation: String(r.nation),
      live: r.live === 1,
      world: String(r.world),
      ...(typeof r.command === 'string' ? { command: JSON.parse(r.command) as TrialCommand } : {}),
    }));
  }

  /** Which nation keeps which trial, oldest first per nation. */
  trialsKept(): Array<{ nation: NationCode; trial: string; seq: number }> {
    return this.all('SELECT nation, trial, seq FROM trials_kept ORDER BY seq').map((r) => ({
      nation: String(r.nation),
      trial: String(r.trial),
      seq: Number(r.seq),
    }));
  }

  addTrial(t: TrialRecord): void {
    this.run(
      'INSERT OR REPLACE INTO trials (id, scenario, seed, started_by, nation, live, world, command) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [t.id, t.scenario, t.seed, t.startedBy, t.nation, t.live ? 1 : 0, t.world, t.command ? JSON.stringify(t.command) : null],
    );
  }

  keepTrial(nation: NationCode, trial: string, seq: number): void {
    this.run('INSERT INTO trials_kept (nation, trial, seq) VALUES (?, ?, ?) ON CONFLICT (nation, trial) DO UPDATE SET seq = excluded.seq', [
      nation,
      trial,
      seq,
    ]);
  }

  unkeepTrial(nation: NationCode, trial: string): void {
    this.run('DELETE FROM trials_kept WHERE nation = ? AND trial = ?', [nation, trial]);
  }

  /** Forgets a trial and its decisions. */
  dropTrial(id: string): void {
    this.transaction(() => {
      this.run('DELETE FROM trials_kept WHERE trial = ?', [id]);
      this.run('DELETE FROM decisions WHERE trial = ?', [id]);
      this.run('DELETE FROM trials WHERE id = ?', [id]);
    });
  }

  // ---- decisions ----
  addDecision(d: StoredDecision): void {
    this.run('INSERT INTO decisions (trial, weapon, object, nation, verdict, t, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      d.trial,
      d.weapon,
      d.object,
      d.nation,
      d.verdict,
      d.t,
      d.auditSeq,
    ]);
  }

  /** Decisions of one trial (all trials without `trial`), in the order they were made. */
  decisions(trial?: string): StoredDecision[] {
    const rows =
      trial === undefined
        ? this.all('SELECT * FROM decisions ORDER BY audit_seq')
        : this.all('SELECT * FROM decisions WHERE trial = ? ORDER BY audit_seq', [trial]);
    return rows.map((r) => ({
      trial: String(r.trial),
      weapon: String(r.weapon),
      object: String(r.object),
      nation: String(r.nation),
      verdict: r.verdict === 'deny' ? 'deny' : 'approve',
      t: Number(r.t),
      auditSeq: Number(r.audit_seq),
    }));
  }

  // ---- audit ----
  auditEntries(outcome: AuditEntry['outcome']): AuditEntry[] {
    return this.all('SELECT entry FROM audit WHERE outcome = ? ORDER BY seq', [outcome]).map((r) =>
      decodeJson<AuditEntry>(String(r.entry)),
    );
  }

  /** Writes an entry (new, or updated in place), forgetting `forget` (an entry pushed out of its ring). */
  putAuditEntry(entry: AuditEntry, forget?: { seq: number; dropped: number }): void {
    this.transaction(() => {
      this.run('INSERT OR REPLACE INTO audit (seq, outcome, entry) VALUES (?, ?, ?)', [entry.seq, entry.outcome, encodeJson(entry)]);
      if (forget) {
        this.run('DELETE FROM audit WHERE seq = ?', [forget.seq]);
        this.setMeta(`audit.dropped.${entry.outcome}`, String(forget.dropped));
      }
    });
  }

  // ---- campaigns ----
  campaigns(): Array<{ id: string; record: string; outcome: string | null }> {
    return this.all('SELECT id, record, outcome FROM campaigns ORDER BY rowid').map((r) => ({
      id: String(r.id),
      record: String(r.record),
      outcome: r.outcome === null ? null : String(r.outcome),
    }));
  }

  putCampaign(id: string, record: string): void {
    this.run('INSERT INTO campaigns (id, record) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record', [id, record]);
  }

  /** A finished campaign's outcome; its chunks are no longer needed. */
  putCampaignOutcome(id: string, record: string, outcome: string): void {
    this.transaction(() => {
      this.run('UPDATE campaigns SET record = ?, outcome = ? WHERE id = ?', [record, outcome, id]);
      this.run('DELETE FROM campaign_chunks WHERE campaign = ?', [id]);
    });
  }

  dropCampaign(id: string): void {
    this.transaction(() => {
      this.run('DELETE FROM campaign_chunks WHERE campaign = ?', [id]);
      this.run('DELETE FROM campaigns WHERE id = ?', [id]);
    });
  }

  addCampaignChunk(id: string, first: number, chunk: string): void {
    this.run('INSERT OR REPLACE INTO campaign_chunks (campaign, first, chunk) VALUES (?, ?, ?)', [id, first, chunk]);
  }

  campaignChunks(id: string): string[] {
    return this.all('SELECT chunk FROM campaign_chunks WHERE campaign = ? ORDER BY first', [id]).map((r) => String(r.chunk));
  }
}
