/**
 * `node packages/cli/bin/run-ts.mjs bench/trial-logs.ts OUT_DIR [scenario:seeds ...]`: writes the event
 * log of every trial (both track modes) of the named scenarios to OUT_DIR/<scenario>.<mode>.<seed>.json,
 * one JSON event a line, so that a change meant to leave trials alone can be checked byte for byte
 * (`diff -r before after`). Default: the reference scenario seeds 1-30, russia-polar-raid and china-mixed
 * seeds 1-5. A scenario's world is built once per mode; the SHA-256 of its seed-independent tables
 * (launch windows and every sensor kind's tables: the infrared picture, the radar looks, in their full
 * float64 bits) goes to OUT_DIR/<scenario>.<mode>.world.sha256.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTrial } from '../packages/core/src/index.ts';
import { buildWorld, loadScenario } from '../packages/scenario/src/index.ts';

const DIR = 'packages/scenario/scenarios';
const DEFAULT = ['nk-2029-salvo:30', 'russia-polar-raid:5', 'china-mixed:5'];

const [out, ...specs] = process.argv.slice(2);
if (!out) {
  console.error('usage: trial-logs.ts OUT_DIR [scenario:seeds ...]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
for (const spec of specs.length > 0 ? specs : DEFAULT) {
  const [name, n] = spec.split(':');
  const seeds = Number(n ?? 5);
  const request = loadScenario(join(DIR, `${name}.yaml`)).request;
  for (const tracks of ['truth', 'estimated'] as const) {
    const t0 = performance.now();
    const world = buildWorld({ ...request, tracks });
    const built = (performance.now() - t0) / 1000;
    writeFileSync(join(out, `${name}.${tracks}.world.sha256`), `${worldDigest(world)}\n`);
    for (let seed = 1; seed <= seeds; seed++) {
      const events = runTrial(world, seed);
      writeFileSync(join(out, `${name}.${tracks}.${seed}.json`), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    }
    console.error(
      `${name} ${tracks}: built in ${built.toFixed(1)} s, ${seeds} trials in ${((performance.now() - t0) / 1000 - built).toFixed(1)} s`,
    );
  }
}

/** SHA-256 of the world's precomputed tables; typed arrays hashed by their bytes, other numbers as exact JSON. */
function worldDigest(world: ReturnType<typeof buildWorld>): string {
  const h = createHash('sha256');
  const walk = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) {
      h.update(`<${v.constructor.name}:${v.byteLength}>`);
      h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    } else if (Array.isArray(v)) {
      h.update('[');
      for (const x of v) walk(x);
      h.update(']');
    } else if (v !== null && typeof v === 'object') {
      h.update('{');
      for (const k of Object.keys(v).sort()) {
        h.update(JSON.stringify(k));
        walk((v as Record<string, unknown>)[k]);
      }
      h.update('}');
    } else if (typeof v === 'number') {
      h.update(Object.is(v, -0) ? '-0' : String(v)); // String round-trips every double
    } else h.update(JSON.stringify(v) ?? 'undefined');
  };
  // the space-ir and radar kinds' tables under the names they had as World fields (infrared, radarLooks), so that
  // the digest of a world is the same as before they moved to World.sensorTables; any other kind's by its name
  const { 'space-ir': infrared, radar, ...others } = world.sensorTables ?? {};
  walk({ windows: world.windows, infrared, radarLooks: (radar as { looks: unknown } | undefined)?.looks ?? null, ...others });
  return h.digest('hex');
}
