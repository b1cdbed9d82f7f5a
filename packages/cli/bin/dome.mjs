#!/usr/bin/env node
// The `dome` command. TypeScript sources are loaded through tsx (no build step on Node 20).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
