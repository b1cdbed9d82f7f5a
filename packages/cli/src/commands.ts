/**
 * Every `dome` command: its name, a one-line summary for `dome --help`, and how to load it. A command
 * module is imported only when that command runs (or its --help is asked for), so `dome --help`
 * loads none of them. Adding a command is one entry here: `load` returns its help text and its
 * `run(argv, io)` (exit code; throw UsageError for a mistake in the call).
 */
import type { Io } from './main.ts';

export interface Command {
  /** The full help, printed by `dome NAME --help` and `dome help NAME`. */
  help: string;
  run(argv: string[], io: Io): Promise<number>;
}

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    summary: 'seeded Monte Carlo campaign of a scenario, metrics with 95 % intervals',
    load: async () => {
      const m = await import('./commands/run.ts');
      return { help: m.RUN_HELP, run: (a, io) => m.runCommand(a, io) };
    },
  },
  {
    name: 'sweep',
    summary: 'one campaign per value of a scenario field (--vary PATH=v1,v2,…), leakage curves',
    load: async () => {
      const m = await import('./commands/sweep.ts');
      return { help: m.SWEEP_HELP, run: (a, io) => m.sweepCommand(a, io) };
    },
  },
  {
    name: 'compare',
    summary: 'two scenarios side by side with the same seeds, differences and intervals',
    load: async () => {
      const m = await import('./commands/compare.ts');
      return { help: m.COMPARE_HELP, run: (a, io) => m.compareCommand(a, io) };
    },
  },
  {
    name: 'partner-study',
    summary: "a partner nation's participation options against the reference raids, with cost shares",
    load: async () => {
      const m = await import('./commands/partner-study.ts');
      return { help: m.PARTNER_STUDY_HELP, run: (a, io) => m.partnerStudyCommand(a, io) };
    },
  },
  {
    name: 'trajectory',
    summary: 'fly a threat from launch to impact, or reconstruct a test flight',
    load: async () => {
      const m = await import('./commands/trajectory.ts');
      return { help: m.TRAJECTORY_HELP, run: (a, io) => m.trajectoryCommand(a, io) };
    },
  },
  {
    name: 'reach',
    summary: 'interceptors of a given constellation in reach of launches over time',
    load: async () => {
      const m = await import('./commands/reach.ts');
      return { help: m.REACH_HELP, run: (a, io) => m.reachCommand(a, io) };
    },
  },
  {
    name: 'size-constellation',
    summary: 'the smallest space-based interceptor constellation for a salvo',
    load: async () => {
      const m = await import('./commands/size-constellation.ts');
      return { help: m.SIZE_HELP, run: (a, io) => m.sizeConstellationCommand(a, io) };
    },
  },
  {
    name: 'cost',
    summary: 'life-cycle cost of an interceptor constellation or inventory',
    load: async () => {
      const m = await import('./commands/cost.ts');
      return { help: m.COST_HELP, run: (a, io) => m.costCommand(a, io) };
    },
  },
  {
    name: 'catalog',
    summary: 'threats, sensors, interceptors, sites, policies, scenarios and studies, with sources',
    load: async () => {
      const m = await import('./commands/catalog.ts');
      return { help: m.CATALOG_HELP, run: (a, io) => m.catalogCommand(a, io) };
    },
  },
  {
    name: 'validate',
    summary: 'check scenario or study files (paths or library names) without running them',
    load: async () => {
      const m = await import('./commands/validate.ts');
      return { help: m.VALIDATE_HELP, run: (a, io) => m.validateCommand(a, io) };
    },
  },
  {
    name: 'new',
    summary: 'start a scenario of your own from a library one (dome new scenario NAME)',
    load: async () => {
      const m = await import('./commands/new.ts');
      return { help: m.NEW_HELP, run: (a, io) => m.newCommand(a, io) };
    },
  },
  {
    name: 'intercept',
    summary: 'when and where a scrambled fighter meets an air target (collision course)',
    load: async () => {
      const m = await import('./commands/intercept.ts');
      return { help: m.INTERCEPT_HELP, run: (a, io) => m.interceptCommand(a, io) };
    },
  },
  {
    name: 'export',
    summary: "one trial as CZML, KML or GeoJSON, in one nation's view",
    load: async () => {
      const m = await import('./commands/export.ts');
      return { help: m.EXPORT_HELP, run: (a, io) => m.exportCommand(a, io) };
    },
  },
  {
    name: 'replay',
    summary: 'one trial as a nation sees it, sent as DIS PDUs over UDP (--dis HOST:PORT --as NATION)',
    load: async () => {
      const m = await import('./commands/replay.ts');
      return { help: m.REPLAY_HELP, run: (a, io) => m.replayCommand(a, io) };
    },
  },
  {
    name: 'worker',
    summary: "take queued campaign chunks from Redis (dome worker --redis URL; 'dome run --queue')",
    load: async () => {
      const m = await import('./commands/worker.ts');
      return { help: m.WORKER_HELP, run: (a, io) => m.workerCommand(a, io) };
    },
  },
  {
    name: 'serve',
    summary: 'the live server: REST API, WebSocket picture and web page',
    load: async () => {
      const m = await import('./commands/serve.ts');
      return { help: m.SERVE_HELP, run: (a, io) => m.serveCommand(a, io) };
    },
  },
  {
    name: 'demo',
    summary: "the worked example (what 'npm start' runs)",
    load: async () => {
      const m = await import('./commands/demo.ts');
      return { help: m.DEMO_HELP, run: (a, io) => m.demoCommand(a, io) };
    },
  },
];
