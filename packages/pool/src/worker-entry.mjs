// Entry of a trial-pool worker thread (located by workerEntryFile() in worker-entry.ts, the one place
// that knows it): a worker does not inherit the main thread's TypeScript loader, so this registers
// tsx's, then hands piscina the handler of worker.ts.
import { register } from 'tsx/esm/api';

register();
const { default: handle } = await import('./worker.ts');
export default handle;
