/**
 * Progress of a long step on stderr, with the time left: a line that rewrites itself on a terminal,
 * else a line every few seconds (and the last one). Campaigns have their own (commands/run.ts,
 * sweep.ts); this one serves steps counted in units, such as the missiles a world build flies.
 */
import type { BuildWorldOptions } from '@golden-dome/scenario';

const hms = (s: number): string => {
  if (!Number.isFinite(s)) return '?';
  const t = Math.round(s);
  return t >= 60 ? `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s` : `${t}s`;
};

/** A reporter of `done` of `total` for `label` (e.g. 'building the world: missiles flown'). */
export function stepProgress(
  label: string,
  stderr: (s: string) => void,
  tty = process.stderr.isTTY === true,
): (done: number, total: number) => void {
  const start = performance.now();
  let last = -Infinity;
  return (done, total) => {
    const elapsed = (performance.now() - start) / 1000;
    const left = done > 0 ? (elapsed / done) * (total - done) : NaN;
    const line = `${label} ${done}/${total}, ${hms(elapsed)} elapsed, ~${hms(left)} left`;
    if (tty) process.stderr.write(`\r${line}  ${done === total ? '\n' : ''}`);
    else if (elapsed - last >= 5 || done === total) {
      last = elapsed;
      stderr(line);
    }
  };
}

/** buildWorld options that report the missiles flown (the long part of a world build). */
export function worldBuildProgress(stderr: (s: string) => void, prefix = ''): BuildWorldOptions {
  return { onMissile: stepProgress(`${prefix}building the world: missiles flown`, stderr) };
}
