#!/usr/bin/env node
// Compiles the `dome` command to JavaScript (packages/cli/dist), so that a launch does not compile
// TypeScript: one esbuild bundle per entry (the CLI and each worker thread), split into chunks so
// that a command's modules load only when that command runs. npm packages stay external (loaded
// from node_modules); the workspace packages (@golden-dome/*, TypeScript sources) are bundled.
// Run by `npm ci` (the root `prepare` script), by `npm run build`, and by bin/dome.mjs when dist is
// missing or older than a source. Tests (vitest) and bench (tsx) keep running the TypeScript sources.
//
// `import.meta.url` in a bundled module would name the chunk in dist/, not the source file; modules
// use it to find data beside them (the catalog, scenario library, web/dist, the worker entries), so
// each use is rewritten to the source file's own URL, computed from the chunk's location at run time
// (the repository can move; dist/ stays at packages/cli/dist). See docs/cli.md.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = dirname(fileURLToPath(import.meta.url));
const REPO = join(CLI, '..', '..');
export const DIST = join(CLI, 'dist');
/** Written last: its presence means the build finished; bin/dome.mjs compares its time with the sources'. */
export const STAMP = join(DIST, '.built');

/** The entries: the CLI, then the trial pool's worker thread. */
const ENTRIES = {
  dome: join(CLI, 'src', 'bin.ts'),
  // the trial pool's worker thread (packages/pool: worker-entry.ts workerEntryFile() names it `pool-worker.js`)
  'pool-worker': join(REPO, 'packages', 'pool', 'src', 'worker.ts'),
};

/** Keeps npm packages external; bundles relative imports and the workspace's @golden-dome/* packages. */
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@golden-dome/') ? undefined : { path: args.path, external: true }));
  },
};

/** Rewrites `import.meta.url` in each repository source to that source file's URL (see the header). */
const sourceUrls = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url') || args.path.includes(`${sep}node_modules${sep}`)) return { contents: text, loader: 'ts' };
      const rel = relative(DIST, args.path).split(sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

export async function buildCli({ quiet = false } = {}) {
  const started = Date.now();
  // built beside dist/ (same depth, so the rewritten source URLs hold) and swapped in at the end, so
  // that a dome already running from dist/ or a second build at the same time never sees half of one
  const out = `${DIST}.tmp-${process.pid}`;
  await rm(out, { recursive: true, force: true });
  const commit = await gitCommit();
  const version = JSON.parse(await readFile(join(CLI, 'package.json'), 'utf8')).version;
  await build({
    entryPoints: ENTRIES,
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.js' },
    chunkNames: '[name]-[hash]',
    sourcemap: true,
    logLevel: quiet ? 'error' : 'warning',
    plugins: [externals, sourceUrls],
    define: {
      DOME_COMPILED: 'true',
      DOME_BUILD_VERSION: JSON.stringify(version),
      DOME_BUILD_COMMIT: JSON.stringify(commit),
    },
  });
  await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
  await writeFile(join(out, '.built'), `${new Date().toISOString()} ${commit}\n`);
  await rm(DIST, { recursive: true, force: true });
  try {
    await rename(out, DIST);
  } catch (e) {
    // another build finished first: keep its dist/
    await rm(out, { recursive: true, force: true });
    if (!existsSync(STAMP)) throw e;
  }
  if (!quiet) console.error(`dome: compiled to ${relative(REPO, DIST)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The commit being built ('' outside a git checkout), with '+dirty' when the work tree has changes. */
async function gitCommit() {
  const { execFileSync } = await import('node:child_process');
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return '';
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
