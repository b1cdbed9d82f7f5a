export * from './protocol.ts';
export * from './fair-queue.ts';
export * from './trial-pool.ts';
export * from './world-ref.ts';
export * from './worker-entry.ts';
export * from './trial-outcome.ts';
export * from './campaign.ts';
export * from './ballistic.ts';
