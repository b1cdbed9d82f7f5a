#!/usr/bin/env node
// Runs a TypeScript entry point on Node 20 without a build step: tsx registers an ESM loader that
// strips types on import. Usage: run-ts.mjs path/to/entry.ts [args...]
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register();
const entry = process.argv[2];
if (!entry) {
  console.error('usage: run-ts.mjs ENTRY.ts [args...]');
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(resolve(entry)).href);
