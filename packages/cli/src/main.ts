import { COMMANDS } from './commands.ts';
import { didYouMean } from './flags.ts';
import { toolCommit, toolVersion } from './provenance.ts';
import { EXIT, UsageError } from './usage-error.ts';

/** The top-level help: every command with its one-line summary (from the command list; loads no command). */
export function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `dome — Golden Dome: an open, physics-based missile-defense simulator

Usage: dome COMMAND [ARGS] [FLAGS]      dome COMMAND --help      dome --version

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

A SCENARIO argument is a library name (dome catalog lists them, e.g. nk-2029-salvo) or a file path
(relative to the folder you are in). Progress goes to stderr, results to stdout and --out.
Exit codes: 0 ok, 1 internal error, 2 usage or input error, 130 interrupted (Ctrl-C or SIGTERM; the
trials done are written). Set DOME_DEBUG=1 for stack traces. docs/cli.md has the conventions.`;
}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const consoleIo: Io = { stdout: (s) => console.log(s), stderr: (s) => console.error(s) };

/** True when `argv` asks for help (-h/--help before a '--'). */
const asksHelp = (argv: string[]): boolean => {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
};

/** Runs the CLI; returns the exit code. Mistakes in input exit 2 with a message and no stack trace. */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.stderr(topHelp());
      return EXIT.usage;
    }
    if (command === '--help' || command === '-h') {
      io.stdout(topHelp());
      return EXIT.ok;
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      io.stdout(`dome ${toolVersion()} (commit ${toolCommit()}, Node ${process.version})`);
      return EXIT.ok;
    }
    const name = command === 'help' ? rest[0] : command;
    if (name === undefined) {
      io.stdout(topHelp());
      return EXIT.ok;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) {
      const guess = didYouMean(
        name,
        COMMANDS.map((c) => c.name),
      );
      throw new UsageError(`unknown command '${name}'${guess ? `; did you mean '${guess}'?` : ''} (dome --help lists the commands)`);
    }
    const cmd = await entry.load();
    if (command === 'help' || asksHelp(rest)) {
      io.stdout(cmd.help);
      return EXIT.ok;
    }
    return await cmd.run(rest, io);
  } catch (e) {
    if (isInputError(e)) {
      io.stderr(`dome: ${(e as Error).message}`);
      return EXIT.usage;
    }
    io.stderr(
      `dome: internal error: ${(e as Error).message}${process.env.DOME_DEBUG ? `\n${(e as Error).stack}` : ' (set DOME_DEBUG=1 for the stack)'}`,
    );
    return EXIT.internal;
  }
}

/** Mistakes in what the user gave (flags, files, names, places): exit 2, no stack trace. */
function isInputError(e: unknown): boolean {
  if (e instanceof UsageError) return true;
  // the scenario package's errors, matched by name so that this file does not load that package
  const name = (e as Error | undefined)?.name;
  return name === 'InputError' || name === 'InputLimitError' || name === 'UnknownNameError' || name === 'PlaceError';
}
