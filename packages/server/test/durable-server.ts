/**
 * A server on a data directory in its own process (durable.test.ts kills it with SIGKILL): the test
 * users and worlds, the default campaign runner (the trial pool). Usage: `durable-server.ts DATA_DIR WORLDS [--wait]`: WORLDS is the test's worlds
 * written with v8.serialize (building them takes seconds; cloning does not change a trial's log). With
 * `--wait` it prepares,
 * prints `{"ready": true}` and opens the data directory only when a line arrives on stdin (so that a
 * test can have the next server ready before it kills the first). Prints `{"url": …}` once listening;
 * ends on stdin's end.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { deserialize } from 'node:v8';
import type { World } from '@golden-dome/core';
import { TrialPool } from '@golden-dome/pool';
import { buildServer } from '../src/app.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { testUsers } from './fixture.ts';

const [dataDir, worldsFile, wait] = process.argv.slice(2);
const users = await testUsers();
const worlds = deserialize(readFileSync(worldsFile)) as Record<string, World>;
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
if (wait === '--wait') {
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await lines.next();
}
// one pool thread: the test runs this server, the next one and the reference run side by side
const app = await buildServer({ users, scenarios: worldLibrary(worlds), dataDir, pool: new TrialPool({ threads: 1 }) });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ url })}\n`);
// until stdin ends
while (!(await lines.next()).done);
await app.close();
process.exit(0);
