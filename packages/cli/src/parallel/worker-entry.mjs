// Entry of a ballistic-batch worker thread under the TypeScript sources: a worker does not inherit the
// main thread's TypeScript loader, so it registers tsx's, then loads the module (which serves requests
// when it sees its workerData marker). The compiled CLI uses dist/ballistic-worker.js (worker-entries.ts).
import { register } from 'tsx/esm/api';

register();
await import('./ballistic-workers.ts');
