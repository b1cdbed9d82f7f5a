/**
 * The process around `main`: what bin/dome.mjs runs (compiled to dist/dome.js). It records the
 * command line (provenance), makes a closed stdout (`dome catalog | head -1`) end quietly instead of
 * throwing EPIPE, and treats SIGTERM as Ctrl-C.
 */
import { main } from './main.ts';
import { recordCommandLine } from './provenance.ts';
import { EXIT } from './usage-error.ts';

const argv = process.argv.slice(2);
recordCommandLine(argv);

// A reader that went away (`| head`) is not an error: stop writing, finish the work, exit as usual.
let stdoutClosed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') {
    stdoutClosed = true;
    return;
  }
  throw e;
});
process.stderr.on('error', () => {
  // nowhere left to report it
});

// SIGTERM is Ctrl-C: a command that handles SIGINT (run, sweep, compare, partner-study: write the
// trials done) gets it; otherwise the process ends with the conventional 128 + 15.
process.on('SIGTERM', () => {
  if (process.listenerCount('SIGTERM') > 1) return; // the command handles SIGTERM itself (serve)
  if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
  else process.exit(143);
});

const io = {
  stdout: (s: string) => {
    if (!stdoutClosed) console.log(s);
  },
  stderr: (s: string) => console.error(s),
};

try {
  process.exitCode = await main(argv, io);
} catch (e) {
  console.error(`dome: internal error: ${(e as Error).message}`);
  process.exitCode = EXIT.internal;
}
