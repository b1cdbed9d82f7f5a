/**
 * Resolves when a long-running command (`dome serve`, `dome worker`) should stop: when `signal` aborts
 * (tests pass one), otherwise at the first SIGINT or SIGTERM (both handlers removed then).
 */
export function untilStopped(signal?: AbortSignal): Promise<void> {
  return new Promise<void>((done) => {
    if (signal) {
      if (signal.aborted) return done();
      signal.addEventListener('abort', () => done(), { once: true });
      return;
    }
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
