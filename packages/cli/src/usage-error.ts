/** The exit codes of `dome` (docs/cli.md): ok, internal error (a bug: please report it), a mistake in the call or its input files, interrupted by Ctrl-C or SIGTERM (what was done is written). */
export const EXIT = { ok: 0, internal: 1, usage: 2, interrupted: 130 } as const;

/** A mistake in how the command was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses a numeric flag value, naming the flag and the allowed range when it is wrong. */
export function numberFlag(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${flag} must be a number, got '${text}'`);
  if (v < min || v > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${v}`);
  return v;
}

/** Parses a whole-number flag value (numberFlag, then a whole number). */
export function intFlag(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  const v = numberFlag(flag, text, min, max);
  if (v !== undefined && !Number.isInteger(v)) throw new UsageError(`--${flag} must be a whole number, got ${v}`);
  return v;
}
