import { InputError, PlaceError, UnknownNameError } from '@golden-dome/scenario';
import { catalogCommand } from './commands/catalog.ts';
import { compareCommand } from './commands/compare.ts';
import { costCommand } from './commands/cost.ts';
import { partnerStudyCommand } from './commands/partner-study.ts';
import { demoCommand } from './commands/demo.ts';
import { reachCommand } from './commands/reach.ts';
import { runCommand } from './commands/run.ts';
import { sizeConstellationCommand } from './commands/size-constellation.ts';
import { sweepCommand } from './commands/sweep.ts';
import { TRAJECTORY_HELP, trajectoryCommand } from './commands/trajectory.ts';
import { UsageError } from './usage-error.ts';

const HELP = `dome — Golden Dome: an open, physics-based missile-defense simulator

Commands:
  dome run          seeded Monte Carlo campaign of a scenario, metrics with 95 % intervals ('--help')
  dome sweep        one campaign per value of a scenario field (--vary PATH=v1,v2,…), leakage curves ('--help')
  dome compare      two scenarios side by side with the same seeds, differences and intervals ('--help')
  dome partner-study  a partner nation's participation options against the reference raids, with cost shares ('--help')
  dome trajectory   fly a threat from launch to impact, or reconstruct a test flight
  dome catalog      list the threat catalog and launch sites (with sources)
  dome reach        interceptors of a given constellation in reach of launches over time ('--help')
  dome size-constellation  the smallest space-based interceptor constellation for a salvo ('--help')
  dome cost         life-cycle cost of an interceptor constellation or inventory ('dome cost --help')
  dome demo         the worked example (what 'npm start' runs)
  dome serve        the live server: REST API, WebSocket picture and web page ('--help')
  dome worker       run trials for campaigns queued on Redis by 'dome run --queue' ('--help')

${TRAJECTORY_HELP}`;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const consoleIo: Io = { stdout: (s) => console.log(s), stderr: (s) => console.error(s) };

/** Runs the CLI; returns the exit code. Mistakes in input exit 2 with a message and no stack trace. */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'sweep':
        return await sweepCommand(rest, io);
      case 'compare':
        return await compareCommand(rest, io);
      case 'partner-study':
        return await partnerStudyCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case 'reach':
        return await reachCommand(rest, io);
      case 'size-constellation':
        return await sizeConstellationCommand(rest, io);
      case 'trajectory':
        return await trajectoryCommand(rest, io);
      case 'catalog':
        return await catalogCommand(rest, io);
      case 'cost':
        return await costCommand(rest, io);
      case 'serve':
        // loaded on demand: the server's dependencies (fastify, ws) are not needed by other commands
        return await (await import('./commands/serve.ts')).serveCommand(rest, io);
      case 'worker':
        return await (await import('./commands/worker.ts')).workerCommand(rest, io);
      case 'demo':
        return await demoCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}' (try: run, sweep, compare, partner-study, trajectory, reach, size-constellation, cost, catalog, demo, help)`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError || e instanceof UnknownNameError || e instanceof PlaceError) {
      io.stderr(`dome: ${e.message}`);
      return 2;
    }
    io.stderr(`dome: internal error: ${(e as Error).message}${process.env.DOME_DEBUG ? `\n${(e as Error).stack}` : ' (set DOME_DEBUG=1 for the stack)'}`);
    return 1;
  }
}
