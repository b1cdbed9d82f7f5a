export * from './users.ts';
export * from './users-file.ts';
export * from './tokens.ts';
export * from './scenario-library.ts';
export * from './campaigns.ts';
export * from './campaign-queue.ts';
export * from './wall-clock.ts';
export * from './app.ts';
export { DataDirError, defaultDataDir } from './data-dir.ts';
