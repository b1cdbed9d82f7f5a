/**
 * The server of the load test (load.test.ts) in its own process, so that the flooding clients and the
 * measuring client do not share its event loop: the test users and worlds, the in-process campaign
 * runner, a stated bound on unread bytes (256 KiB). Prints `{"url": …}` once listening, then every
 * 500 ms `{"loop": {p50, p99, max}}` (event-loop delay in ms since the last line). Ends on stdin's end.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildServer } from '../src/app.ts';
import { worldLibrary } from '../src/scenario-library.ts';
import { testUsers, testWorlds } from './fixture.ts';

const app = await buildServer({ users: await testUsers(), scenarios: worldLibrary(testWorlds()), maxBufferedBytes: 256 * 1024 });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
process.stdout.write(`${JSON.stringify({ url })}\n`);
const timer = setInterval(() => {
  process.stdout.write(`${JSON.stringify({ loop: { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 } })}\n`);
  h.reset();
}, 500);
process.stdin.resume();
process.stdin.on('end', () => {
  clearInterval(timer);
  void app.close().then(() => process.exit(0));
});
