export * from './users.ts';
export * from './scenario-library.ts';
export * from './app.ts';
