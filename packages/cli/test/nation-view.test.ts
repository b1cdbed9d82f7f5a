import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EngineEvent, runTrial, type World } from '@golden-dome/core';
import { type PoolTask, type ResultOf, type RunOptions, TrialPool } from '@golden-dome/pool';
import { buildWorld, WITHHOLDING_COALITION, withholdingCoalitionRequest } from '@golden-dome/scenario';
import { buildServer, hashSecret, worldLibrary } from '@golden-dome/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { campaignReportInput, engagementOf } from '../src/campaign/campaign-report.ts';
import { resultsJson } from '../src/campaign/results.ts';
import { runCampaign } from '../src/campaign/runner.ts';
import { type LoadedScenario, weaponTypesOf } from '../src/campaign/scenario-source.ts';
import { runCommand } from '../src/commands/run.ts';
import { cliCampaignReport, workerPoolCampaignRunner } from '../src/commands/serve.ts';
import { UsageError } from '../src/usage-error.ts';
import { here } from './trials-here.ts';

// Issue 16: a campaign report reads the campaign's own log. The representative trial's log comes back
// from the campaign's pool, in the campaign's view, and the report only reads it: no trial runs on this
// thread. Trials run here are counted (core's runTrial, wrapped); the pool's worker threads load their own
// core, so only this thread's calls are counted.
vi.mock('@golden-dome/core', async (original) => (await import('./trials-here.ts')).countingCore(original));

/** The trial pool, recording every task it is given. */
class CountingPool extends TrialPool {
  readonly tasks: PoolTask[] = [];
  override run<T extends PoolTask>(task: T, options?: RunOptions): Promise<ResultOf<T>> {
    this.tasks.push(task);
    return super.run(task, options);
  }
  /** Trials run by the tasks given: each seed of a chunk, one per log. */
  trialsRun(): number {
    return this.tasks.reduce((n, t) => n + (t.kind === 'summaries' ? t.to - t.from : t.kind === 'log' ? 1 : 0), 0);
  }
}

// `dome run --as NATION` and the server's campaigns with the cli's report (what `dome serve` runs), on
// the withholding coalition (scenario's withholding-coalition.ts): Canada withholds A-OTHR, the UK gives
// Fylingdales to the US only (20 s late), the US gives Pituffik to the UK only; batteries are their
// owners'. Every output of a nation's view names nothing it may not know of, and names what it owns.
const NATIONS = ['US', 'CA', 'UK'] as const;
const TRIALS = 3;
const request = withholdingCoalitionRequest();
const weaponTypes = weaponTypesOf(request);
const loader = (): LoadedScenario => ({ request, monteCarlo: {}, weaponTypes });
/** Sensors each nation may use and the delay it gets them with (the policy, restated by hand). */
const USES: Record<string, Record<string, number>> = {
  US: { 'uewr-pituffik': 0, 'uewr-fylingdales': 20 },
  CA: { 'a-othr': 0 },
  UK: { 'uewr-fylingdales': 0, 'uewr-pituffik': 0 },
};
/** The report context of the coalition's campaigns (campaignReportInput). */
const coalitionReport = {
  file: 'coalition.yaml',
  name: 'coalition',
  summary: '',
  sources: [],
  epoch: request.epoch,
  weaponTypes,
  generatedAt: 'now',
};
/** Interceptor types only another nation fires (the US's NGI). */
const FOREIGN_TYPES: Record<string, string[]> = { US: ['thaad'], CA: ['ngi'], UK: ['ngi', 'thaad'] };

let world: World;
let logs: EngineEvent[][];
let dir: string;
let scenarioFile: string;
beforeAll(() => {
  world = buildWorld(request);
  logs = Array.from({ length: TRIALS }, (_, k) => runTrial(world, 1 + k));
  dir = mkdtempSync(join(tmpdir(), 'dome-as-'));
  // the scenario file names every nation's assets: a nation's report must not show it
  scenarioFile = join(dir, 'coalition.yaml');
  writeFileSync(
    scenarioFile,
    `name: coalition\n# radars: ${request.radars.join(', ')}; batteries: ${request.batteries.map((b) => b.id).join(', ')}\n`,
  );
}, 60_000);

/** `dome run …` as main() runs it: a UsageError is exit 2 with its message. */
async function dome(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runCommand(
      argv,
      { stdout: (s) => out.push(s), stderr: (s) => err.push(s) },
      { loadWorldRequest: loader, onProgress: () => {} },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out: out.join('\n'), err: `dome: ${e.message}` };
    throw e;
  }
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** A nation's first detection per trial, from the whole logs and the table above (not from the filter under test). */
const firstDetection = (nation: string): number =>
  mean(
    logs.map((log) =>
      Math.min(...log.flatMap((e) => (e.type === 'detect' && e.sensor in USES[nation] ? [e.t + USES[nation][e.sensor]] : []))),
    ),
  );

describe('dome run --as', () => {
  it("refuses a nation the scenario's policy does not have (exit 2, naming the nations there are)", async () => {
    for (const bad of ['XX', 'ca', '']) {
      const r = await dome([scenarioFile, '--as', bad, '--trials', '1', '--workers', '1']);
      expect(r.code, bad).toBe(2);
      expect(r.err).toMatch(
        /--as: '.*' is not a nation of .*coalition\.yaml's policy 'three-nation withholding \(test\)' \(nations: CA, UK, US\)/,
      );
    }
  });

  it("without --as (the whole log) the outputs do name every nation's assets: the searches below can fail", async () => {
    const out = join(dir, 'all');
    const r = await dome([scenarioFile, '--trials', String(TRIALS), '--workers', '1', '--out', out]);
    expect(r.code).toBe(0);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    for (const id of ['a-othr', 'ngi-fort-drum', 'ca-terminal-battery', 'uewr-fylingdales', 'uewr-pituffik']) expect(report).toContain(id);
    expect(readFileSync(join(out, 'trials.csv'), 'utf8')).toContain('shots_type.ngi');
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).metrics.timeline_s.first_detection.mean).toBeLessThan(
      firstDetection('US'),
    );
  }, 120_000);

  it.each(NATIONS)(
    'as %s: results.json, trials.csv, report.html and the table are its view; nothing hidden, its own named',
    async (nation) => {
      const { hidden, sees } = WITHHOLDING_COALITION[nation];
      const out = join(dir, nation);
      const r = await dome([scenarioFile, '--as', nation, '--trials', String(TRIALS), '--workers', '1', '--out', out]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`as ${nation} sees it`);
      const json = readFileSync(join(out, 'results.json'), 'utf8');
      const csv = readFileSync(join(out, 'trials.csv'), 'utf8');
      const report = readFileSync(join(out, 'report.html'), 'utf8');
      const j = JSON.parse(json);
      expect(j.as).toBe(nation);
      // the trial the timeline draws, and why, in results.json and under the timeline
      expect(j.representative_trial.rule).toMatch(/^the first seed, in seed order, whose number of warheads leaking is the most common/);
      expect(report).toContain(
        `Engagement in one trial (seed ${j.representative_trial.seed}, the first of the ${j.representative_trial.trials_with_that_count} of ${TRIALS} trials in which ${j.representative_trial.warhead_leakers} warhead`,
      );
      expect(j.metrics.timeline_s.first_detection.mean).toBeCloseTo(firstDetection(nation), 6);
      const fired = mean(logs.map((log) => log.filter((e) => e.type === 'fire' && e.owner === nation).length));
      expect(j.metrics.interceptors.total.mean).toBe(fired);
      for (const [name, text] of [
        ['stdout', r.out],
        ['results.json', json],
        ['trials.csv', csv],
        ['report.html', report],
      ] as const) {
        for (const id of hidden) expect(text, `${name} names ${id}`).not.toContain(id);
        for (const t of FOREIGN_TYPES[nation])
          expect(text, `${name} names ${t}`).not.toMatch(new RegExp(`shots_type\\.${t}\\b|"${t}"|>${t}<|${t} unit cost|${t} single-shot`));
      }
      for (const other of NATIONS.filter((n) => n !== nation)) expect(csv).not.toContain(`shots_owner.${other}`);
      // the owning nation does see its own (and what is shared with it)
      for (const id of sees) expect(report, `report names ${id}`).toContain(id);
      if (fired > 0) expect(csv).toContain(`shots_owner.${nation}`);
    },
    120_000,
  );
});

describe("a nation's report map", () => {
  it('draws each object only from when the nation first saw it (in any trial), objects it never saw not at all', async () => {
    const all = await runCampaign(world, { trials: TRIALS, seed: 1, workers: 1, weaponTypes });
    const ca = await runCampaign(world, { trials: TRIALS, seed: 1, workers: 1, weaponTypes, nation: 'CA' });
    // firstSeen: per object the least, over trials, of its first A-OTHR detection or Canadian track on A-OTHR alone (Canada's only sensor here)
    const want: Record<string, number> = {};
    const canadian = (e: EngineEvent) =>
      (e.type === 'detect' && e.sensor === 'a-othr') || (e.type === 'track' && e.sources.every((s) => s === 'a-othr'));
    for (const log of logs) {
      for (const e of log) if ((e.type === 'detect' || e.type === 'track') && canadian(e) && !(want[e.object] <= e.t)) want[e.object] = e.t;
    }
    expect(ca.firstSeen).toEqual(want);
    const whole = campaignReportInput(all, world, coalitionReport).map.trajectories;
    const mine = campaignReportInput(ca, world, coalitionReport).map.trajectories;
    expect(mine.length).toBeGreaterThan(0);
    for (const t of mine) {
      expect(want[t.id], t.id).toBeDefined();
      const w = whole.find((x) => x.id === t.id);
      if (!w) throw new Error(`${t.id} missing from the whole view`);
      // the re-entry only: fewer points, the same end (the impact is public)
      expect(t.points.length).toBeLessThan(w.points.length);
      expect(t.points.at(-1)).toEqual(w.points.at(-1));
    }
  }, 120_000);
});

describe('campaigns over REST with the cli report (dome serve)', () => {
  it("the report of each nation's campaign names nothing hidden from it, and names its own", async () => {
    const people = NATIONS.map((n) => ({ id: `${n.toLowerCase()}-op`, nation: n, role: 'operator' as const }));
    const users = await Promise.all(people.map(async (p) => ({ ...p, secret: await hashSecret('pw', { N: 1024, r: 8, p: 1 }) })));
    const app = await buildServer({
      users,
      scenarios: worldLibrary({ coalition: world }),
      campaignRunner: workerPoolCampaignRunner(),
      campaignReport: cliCampaignReport(),
      campaignLimits: { running: 3 },
    });
    const auth = (n: string) => ({ authorization: `Basic ${Buffer.from(`${n.toLowerCase()}-op:pw`).toString('base64')}` });
    try {
      const ids: Record<string, string> = {};
      for (const n of NATIONS)
        ids[n] = (
          await app.inject({ method: 'POST', url: '/api/campaigns', headers: auth(n), payload: { scenario: 'coalition', trials: TRIALS } })
        ).json<{ id: string }>().id;
      for (const n of NATIONS) {
        for (let i = 0; ; i++) {
          const s = (await app.inject({ method: 'GET', url: `/api/campaigns/${ids[n]}`, headers: auth(n) })).json<{ state: string }>();
          if (s.state === 'done') break;
          if (s.state !== 'running' || i > 3000) throw new Error(`${n}: ${JSON.stringify(s)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        const { hidden, sees } = WITHHOLDING_COALITION[n];
        const results = await app.inject({ method: 'GET', url: `/api/campaigns/${ids[n]}/results`, headers: auth(n) });
        expect(results.json().metrics.timeline.firstDetection.mean).toBeCloseTo(firstDetection(n), 6);
        for (const what of ['results', 'trials.csv', 'report']) {
          const res = await app.inject({ method: 'GET', url: `/api/campaigns/${ids[n]}/${what}`, headers: auth(n) });
          expect(res.statusCode, `${n} ${what}`).toBe(200);
          for (const id of hidden) expect(res.body, `${n} ${what} names ${id}`).not.toContain(id);
          if (what === 'report') for (const id of sees) expect(res.body, `${n} report names ${id}`).toContain(id);
        }
      }
    } finally {
      await app.close();
    }
  }, 180_000);
});

describe("a campaign report reads the campaign's own log (issue 16)", () => {
  let pool: CountingPool;
  beforeAll(() => {
    pool = new CountingPool({ threads: 1 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it("as CA: the log comes from the pool in CA's view; the report runs no trial, and its timeline has no withheld sensor's detection", async () => {
    here.trials = 0;
    const result = await runCampaign(world, { trials: TRIALS, seed: 1, pool, weaponTypes, nation: 'CA', representativeLog: true });
    const input = campaignReportInput(result, world, coalitionReport);
    const json = resultsJson(result);
    expect(here.trials, 'trials run on this thread').toBe(0);

    // every trial on the pool: the campaign's three, and its representative once more, in CA's view
    const rep = result.representative;
    if (!rep?.log) throw new Error('no representative log');
    const logs = pool.tasks.filter((t) => t.kind === 'log');
    expect(logs).toEqual([expect.objectContaining({ kind: 'log', seed: rep.seed, nation: 'CA' })]);
    expect(pool.trialsRun()).toBe(TRIALS + 1);
    expect(json.representative_trial).toEqual({
      seed: rep.seed,
      warhead_leakers: rep.warheadLeakers,
      trials_with_that_count: rep.trialsWithCount,
      rule: rep.rule,
    });
    expect(input.engagement?.seed).toBe(rep.seed);

    // the whole log of that seed, run here (counted apart): Canada's only sensor is A-OTHR
    const whole = runTrial(world, rep.seed);
    expect(here.trials, "the count sees this thread's trials").toBe(1);
    const firstLaunch = Math.min(...world.missiles.map((m) => m.launchTime));
    const key = (object: string, t: number) => `${object}@${t}`;
    const firstBy = (sensors: (s: string) => boolean): Set<string> => {
      const first = new Map<string, number>();
      for (const e of whole)
        if (e.type === 'detect' && sensors(e.sensor) && !first.has(`${e.object}|${e.sensor}`)) first.set(`${e.object}|${e.sensor}`, e.t);
      return new Set([...first].map(([k, t]) => key(k.split('|')[0], t - firstLaunch)));
    };
    const withheld = new Set(WITHHOLDING_COALITION.CA.hidden);
    const aOthr = firstBy((s) => s === 'a-othr');
    const byWithheld = firstBy((s) => withheld.has(s));
    const detections = (events: ReadonlyArray<{ t: number; object: string; what: string }>) =>
      events.filter((e) => e.what === 'detection').map((e) => key(e.object.replace(/ \(.*\)$/, ''), e.t));

    const ca = detections(input.engagement?.events ?? []);
    expect(ca.length).toBeGreaterThan(0);
    for (const d of ca) expect(aOthr.has(d), `${d}: not a first A-OTHR detection`).toBe(true);
    // the same reading of the whole log does show the withheld sensors' detections: the check above can fail
    const all = detections(engagementOf({ ...rep, log: whole as EngineEvent[] }, world, firstLaunch).engagement?.events ?? []);
    expect(all.filter((d) => byWithheld.has(d) && !aOthr.has(d)).length).toBeGreaterThan(0);
  }, 60_000);

  it('without the log (a campaign not asked for it) the report has no timeline and still runs no trial', async () => {
    here.trials = 0;
    const before = pool.tasks.length;
    const result = await runCampaign(world, { trials: 2, seed: 1, pool, weaponTypes });
    expect(result.representative).toMatchObject({ trials: 2 });
    expect(result.representative?.log).toBeUndefined();
    expect(campaignReportInput(result, world, coalitionReport).engagement).toBeUndefined();
    expect(pool.tasks.slice(before).filter((t) => t.kind === 'log')).toEqual([]);
    expect(here.trials).toBe(0);
  }, 60_000);
});
