// Entry of a partner-study worker thread: a worker does not inherit the main thread's TypeScript
// loader, so it registers tsx's (the project runs TypeScript without a build step), then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
