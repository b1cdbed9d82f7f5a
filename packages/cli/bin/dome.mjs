#!/usr/bin/env node
// The `dome` command. Runs the compiled JavaScript in packages/cli/dist (built by `npm ci`'s prepare
// step or `npm run build`); when dist is missing or a TypeScript source is newer than it, compiles
// first (esbuild, about a second). DOME_TS=1 runs the TypeScript sources through tsx instead.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');

if (process.env.DOME_TS === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/bin.ts');
} else {
  const stamp = join(cli, 'dist', '.built');
  if (!existsSync(stamp) || newestSource() > statSync(stamp).mtimeMs) {
    const { buildCli } = await import('../build.mjs');
    await buildCli({ quiet: !process.stderr.isTTY });
  }
  await import('../dist/dome.js');
}

/** The newest modification time among the sources the build reads (the packages' src folders, build.mjs). */
function newestSource() {
  let newest = statSync(join(cli, 'build.mjs')).mtimeMs;
  for (const pkg of ['cli', 'core', 'scenario', 'pool', 'server']) {
    const src = join(cli, '..', pkg, 'src');
    for (const f of readdirSync(src, { recursive: true, withFileTypes: true })) {
      if (f.isFile() && f.name.endsWith('.ts') && !f.name.endsWith('.test.ts'))
        newest = Math.max(newest, statSync(join(f.parentPath ?? f.path, f.name)).mtimeMs);
    }
  }
  return newest;
}
