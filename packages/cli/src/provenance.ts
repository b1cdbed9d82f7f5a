/**
 * What made an output: the tool's version and commit, Node's version, a hash of the catalog, the
 * command line and the seeds. `dome --version` prints the first two; results.json, compare.json,
 * sweep.json, study results and the CSVs' sidecar carry all of it (docs/cli.md, "Provenance").
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const DOME_BUILD_COMMIT: string | undefined;

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..', '..');

/** The CLI package's version (packages/cli/package.json). */
export function toolVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

let commit: string | undefined;
/**
 * The commit of the sources: read from git when the repository is a checkout ('+dirty' when tracked
 * files differ from it), else the commit recorded when the CLI was compiled, else 'unknown'.
 */
export function toolCommit(): string {
  if (commit !== undefined) return commit;
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    const head = git(['rev-parse', '--short=12', 'HEAD']);
    commit = git(['status', '--porcelain', '--untracked-files=no', '--', 'packages']) ? `${head}+dirty` : head;
  } catch {
    commit = typeof DOME_BUILD_COMMIT === 'string' && DOME_BUILD_COMMIT !== '' ? DOME_BUILD_COMMIT : 'unknown';
  }
  return commit;
}

let catalogHash: string | undefined;
/** SHA-256 (first 16 hex digits) over the catalog's files (packages/scenario/catalog), names and contents, in name order. */
export function catalogDigest(): string {
  if (catalogHash !== undefined) return catalogHash;
  const dir = join(REPO, 'packages', 'scenario', 'catalog');
  const h = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => join(f.parentPath ?? f.path, f.name))
    .sort();
  for (const f of files) {
    h.update(f.slice(dir.length + 1));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  catalogHash = h.digest('hex').slice(0, 16);
  return catalogHash;
}

/** The provenance block an output carries. */
export interface Provenance {
  tool: string;
  version: string;
  commit: string;
  node: string;
  catalog_sha256: string;
  /** The command as typed (argv after `dome`), or null when called from code (tests, the server). */
  command_line: string | null;
  /** The seeds the output's trials used: first and count. */
  seeds?: { first: number; count: number };
}

let commandLine: string[] | null = null;
/** Recorded by bin.ts: the arguments `dome` was started with. */
export function recordCommandLine(argv: string[]): void {
  commandLine = argv;
}

const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);

export function provenance(seeds?: { first: number; count: number }): Provenance {
  return {
    tool: 'dome',
    version: toolVersion(),
    commit: toolCommit(),
    node: process.version,
    catalog_sha256: catalogDigest(),
    command_line: commandLine === null ? null : ['dome', ...commandLine].map(quote).join(' '),
    ...(seeds ? { seeds } : {}),
  };
}

/** The sidecar every --out folder gets: what made the files beside it (CSV files have no room for it). */
export const PROVENANCE_FILE = 'provenance.json';

export function provenanceFile(made: Provenance, files: readonly string[]): { name: string; content: string } {
  return { name: PROVENANCE_FILE, content: `${JSON.stringify({ ...made, files: [...files].sort() }, null, 2)}\n` };
}

/** A report input with what made it added to its assumptions table (the report's "made by" rows). */
export function withProvenance<T extends { assumptions: Array<{ item: string; value: string; source: string }> }>(
  input: T,
  made: Provenance,
): T {
  const rows = [
    { item: 'Made by', value: `dome ${made.version} (commit ${made.commit}), Node ${made.node}`, source: 'this run' },
    { item: 'Catalog', value: `sha256 ${made.catalog_sha256} (packages/scenario/catalog)`, source: 'this run' },
    { item: 'Command', value: made.command_line ?? '(called from code, not the command line)', source: 'this run' },
    ...(made.seeds
      ? [
          {
            item: 'Seeds',
            value:
              made.seeds.count > 0
                ? `${made.seeds.first}–${made.seeds.first + made.seeds.count - 1} (${made.seeds.count} trials)`
                : 'none (no trial ran)',
            source: 'this run',
          },
        ]
      : []),
  ];
  return { ...input, assumptions: [...input.assumptions, ...rows] };
}
