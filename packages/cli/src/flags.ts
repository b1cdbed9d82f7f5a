/**
 * The one flag parser every `dome` command uses: node:util parseArgs in strict mode, with mistakes
 * turned into UsageErrors (exit 2) that name the flag, suggest the nearest known one ("did you
 * mean"), and point at the command's --help. See docs/cli.md ("Conventions").
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest, distance } from 'fastest-levenshtein';
import { UsageError } from './usage-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The nearest of `candidates` to `word`, when it is near enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates as string[]);
  const d = distance(word, best);
  const prefix = best.startsWith(word) || word.startsWith(best);
  return d <= Math.max(2, Math.floor(best.length / 3)) || (prefix && word.length >= 3) ? best : undefined;
}

/** `dome NAME` from a help text's first line ('dome run — …'), for the "see --help" hint. */
function commandOf(help: string): string {
  return /^dome [\w-]+/.exec(help)?.[0] ?? 'dome';
}

/** The flag names a command accepts, spelled as typed ('--trials', '-h'). */
function spelled(options: Options): string[] {
  const out: string[] = [];
  for (const [name, o] of Object.entries(options)) {
    out.push(`--${name}`);
    if (o.short) out.push(`-${o.short}`);
  }
  return out;
}

/** Turns parseArgs's error into a message for people (no "To specify a positional…" advice). */
export function flagError(e: unknown, options: Options, help: string): UsageError {
  const err = e as Error & { code?: string };
  const hint = `(${commandOf(help)} --help shows every flag)`;
  const message = err.message.replace(/\. To specify.*$/s, '');
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = /'(-[^'=]+)/.exec(message)?.[1] ?? '';
    const guess = didYouMean(typed, spelled(options));
    return new UsageError(`${message}${guess ? `; did you mean ${guess}?` : ''} ${hint}`);
  }
  return new UsageError(`${message} ${hint}`);
}

/**
 * Parses a command's flags (strict: unknown flags are errors). `help` is the command's help text;
 * a `help` boolean option (with short `h`) is added when the command did not declare one.
 */
export function parseFlags<O extends Options>(argv: string[], options: O, help: string, allowPositionals = true) {
  const all = { help: { type: 'boolean', short: 'h' }, ...options } as O & { help: { type: 'boolean'; short: 'h' } };
  try {
    // typed as allowing positionals; a command that takes none passes false and gets an error for any
    return parseArgs({ args: argv, strict: true, allowPositionals: allowPositionals as true, options: all });
  } catch (e) {
    throw flagError(e, all, help);
  }
}
