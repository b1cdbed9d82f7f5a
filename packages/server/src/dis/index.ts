export * from './pdus.ts';
export * from './enumerations.ts';
export * from './stream.ts';
export * from './udp.ts';
export * from './external-tracks.ts';
