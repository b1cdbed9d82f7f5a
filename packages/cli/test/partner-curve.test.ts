import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';
import { referenceNations, testRaidText } from './partner-fixtures.ts';

// The price of a veto as a curve, on a small deterministic case: one Hwasong-17 (a warhead and decoys)
// at Vancouver; the 'host' option adds a Canadian-owned NGI battery near Prince George whose every shot
// needs Canada's approval (canada-host: own_assets, 120 s). The study sweeps that approval over
// 0, 60, 120 and 240 s and removes the LRDR as a lever.
const dir = mkdtempSync(join(tmpdir(), 'dome-curve-'));
writeFileSync(
  join(dir, 'van-one.yaml'),
  testRaidText({
    name: 'van-one',
    summary: "One Hwasong-17 at Vancouver (test raid); the study's options add the interceptors.",
    raid: ['{id: van, type: hwasong-17, from: pyongyang-sunan, to: Vancouver, target: {id: vancouver, nation: CA}, launch_time_s: 0}'],
    batteries: [],
    shotsPerThreat: 1,
    trials: 10,
  }),
);
const nations = referenceNations();
const study = (name: string, sweep: string, remove: string): string => `name: ${name}
summary: Canada's approval delay against one missile at Vancouver (test study).
illustrative: true
partner: CA
members: [US]
raids:
  - {scenario: ./van-one.yaml}
monte_carlo: {trials: 4, seed: 3}
approval_sweep_s: ${sweep}
${nations}
cost:
  horizon_years: 20
  systems:
    - {system: ngi, count: 6, owner: US, source: "test: a battery's rounds"}
options:
  - id: out
    name: Not joining
    summary: Nobody defends Canada.
    policy: us-alone
    contributes: {assets: none, data: none, territory: none, money: none}
    controls: {approvals: none, sharing: none, priorities: none}
  - id: host
    name: Own battery
    summary: A Canadian-owned NGI battery near Prince George; its every shot needs Canada's approval.
    policy: canada-host
    add:
      batteries:
        - {id: ngi-bc, interceptor: ngi, at: "53.9,-122.8", owner: CA, class: midcourse, inventory: 6, cost_system: ngi, source: "test: notional site near Prince George, Canadian-owned"}
    measure_without:
      - {id: no-lrdr, label: "without the LRDR", remove: [${remove}]}
    contributes: {assets: a battery, data: tracks, territory: a site, money: the battery}
    controls: {approvals: its own shots, sharing: its radars, priorities: equal}
`;
const studyFile = join(dir, 'veto-curve.yaml');
writeFileSync(studyFile, study('veto-curve', '[0, 240, 60, 120]', 'lrdr-clear'));

async function dome(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface CurveJson {
  option: string;
  raid: string;
  costs_from_s: Record<string, number | null>;
  slack_at_shortest_delay: { engagements: number; per_trial: number; median_s: number; closed_by_delay: Record<string, number> };
  points: Array<{
    delay_s: number;
    variant: string;
    nations: Record<string, { defended: { mean: number; ci95: [number, number] } }>;
    partner_approvals: { mean: number };
  }>;
}

describe('dome partner-study: the approval-delay sweep', () => {
  it('sweeps the delay as an overlay, writes the curve (JSON, CSV, plot) and explains it from the log', async () => {
    const out = join(dir, 'out');
    const r = await dome(['partner-study', studyFile, '--workers', '1', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      approval_sweep_s: number[];
      approval_curve: CurveJson[];
      removals: Record<string, Record<string, Record<string, string[]>>>;
      options: Array<{ id: string; approval: { variants: string[] }; approval_levers: Array<{ variant: string; label: string }> }>;
    };
    // sorted; 0 and the policy's 120 s reuse the 'no-delay' and 'policy' runs; only the option asking for approval has a curve
    expect(j.approval_sweep_s).toEqual([0, 60, 120, 240]);
    expect(j.options[1].approval.variants).toEqual(['policy', 'no-delay', 'withheld', 'delay:60', 'delay:240', 'without:no-lrdr']);
    expect(j.options[0].approval.variants).toEqual(['policy']);
    expect(j.approval_curve.map((c) => `${c.option}|${c.raid}`)).toEqual(['host|./van-one.yaml', 'host|all']);
    const curve = j.approval_curve[0];
    expect(curve.points.map((p) => [p.delay_s, p.variant])).toEqual([
      [0, 'no-delay'],
      [60, 'delay:60'],
      [120, 'policy'],
      [240, 'delay:240'],
    ]);
    // the sweep is not a lever (levers are compared with the option as written); the removal is, with its label
    expect(j.options[1].approval_levers.map((l) => l.variant)).toEqual(['no-delay', 'withheld', 'without:no-lrdr']);
    expect(j.options[1].approval_levers[2].label).toBe('without the LRDR');
    expect(j.removals.host['no-lrdr']).toEqual({ 'lrdr-clear': ['./van-one.yaml'] });

    // Monotone where it must be: on common seeds the sensors draw the same numbers whatever the delay, so
    // each track's commit time is the same, and an engagement needing the approval can be planned only
    // if commit + delay <= its last launch. Per trial, the engagements needing approval cannot grow with
    // the delay; and the log of the delay-0 run predicts which delays close them (its slack distribution).
    const rows = readFileSync(join(out, 'trials.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const head = rows[0];
    const col = (name: string): number => head.indexOf(name);
    const at = (variant: string, seed: string, field: string): number =>
      Number(
        (rows.find((x) => x[col('option')] === 'host' && x[col('variant')] === variant && x[col('seed')] === seed) as string[])[col(field)],
      );
    const seeds = ['3', '4', '5', '6'];
    const order = curve.points.map((p) => p.variant);
    for (const seed of seeds) {
      const approvals = order.map((v) => at(v, seed, 'partner_approvals'));
      for (let k = 1; k < approvals.length; k++) expect(approvals[k], `seed ${seed}: ${order[k]}`).toBeLessThanOrEqual(approvals[k - 1]);
      expect(at('withheld', seed, 'partner_approvals')).toBe(0);
    }
    const slack = curve.slack_at_shortest_delay;
    expect(slack.engagements).toBeGreaterThan(0);
    for (const p of curve.points) {
      const total = seeds.reduce((s, seed) => s + at(p.variant, seed, 'partner_approvals'), 0);
      expect(total, `${p.delay_s} s`).toBe(Math.round(slack.engagements * (1 - slack.closed_by_delay[String(p.delay_s)])));
    }
    // past every engagement's window (slack < 240 s for all), Canada keeps nobody safe, exactly as when it withholds approval
    expect(slack.closed_by_delay['240']).toBe(1);
    for (const seed of seeds) expect(at('delay:240', seed, 'CA_kept_safe')).toBe(at('withheld', seed, 'CA_kept_safe'));
    expect(curve.points[3].nations.CA.defended.mean).toBe(0);
    expect(curve.points[0].nations.CA.defended.mean).toBeGreaterThan(0);

    // the CSV: one row per option, raid ('all' too) and delay
    const csv = readFileSync(join(out, 'approval-curve.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'option,raid,delay_s,variant,CA_defended,CA_defended_low,CA_defended_high,CA_change,CA_change_low,CA_change_high,US_defended,US_defended_low,US_defended_high,US_change,US_change_low,US_change_high,interceptors,partner_approvals,closed_by_delay',
    );
    expect(csv).toHaveLength(1 + 2 * 4);
    expect(csv[1].startsWith('host,./van-one.yaml,0,no-delay,')).toBe(true);
    expect(Number(csv[1].split(',')[7])).toBe(0); // change against the shortest delay is zero at the shortest delay

    // the report: the curve as a plot and a table; the summary explains the zero from the log
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const section = html.slice(html.indexOf('id="approval-curve"'), html.indexOf('</section>', html.indexOf('id="approval-curve"')));
    expect(section).toContain('<svg');
    expect(section).toContain('data-curve="host|./van-one.yaml"');
    const explains = [...html.matchAll(/<li data-explains="([^"]+)">([^<]*)<\/li>/g)].map((m) => [m[1], m[2].replace(/&#39;/g, "'")]);
    const cost = explains.find(([id]) => id === 'cost:host:./van-one.yaml')?.[1] ?? '';
    expect(cost).toMatch(/time from the commit to each one's last launch opportunity was \d+ s at the median/);
    expect(cost).toMatch(/240 s closes 100 %/);
    const zero = explains.find(([id]) => id === 'zero:./van-one.yaml:CA')?.[1] ?? '';
    expect(zero).toMatch(/CA keeps nobody safe/);
    expect(zero).toMatch(/never engaged because the approval would have come after the last launch opportunity/);
  }, 300_000); // ~10 s of CPU; the margin is for a loaded machine

  it('bad --approval-delays values exit 2 with a clear message', async () => {
    const cases: Array<[string, RegExp]> = [
      ['--approval-delays=-30', /--approval-delays: a delay is between 0 and 3600 s, got -30/],
      ['--approval-delays=0,abc,60', /--approval-delays: 'abc' is not a number of seconds/],
      ['--approval-delays=', /--approval-delays: '' is not a number of seconds/],
      ['--approval-delays=0,60,60', /--approval-delays: a delay is listed twice/],
      [`--approval-delays=${Array.from({ length: 13 }, (_, k) => 10 * k).join(',')}`, /--approval-delays: at most 12 delays .* got 13/],
      ['--approval-delays=0,4000', /between 0 and 3600 s, got 4000/],
    ];
    for (const [flag, message] of cases) {
      const r = await dome(['partner-study', studyFile, flag]);
      expect(r.code, flag).toBe(2);
      expect(r.err, flag).toMatch(message);
    }
  });

  it('a bad sweep in the study file, or a removal naming no sensor or site, exits 2 naming the file and field', async () => {
    const badSweep = join(dir, 'bad-sweep.yaml');
    writeFileSync(badSweep, study('bad-sweep', '[0, -5]', 'lrdr-clear'));
    let r = await dome(['partner-study', badSweep]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-sweep\.yaml: line \d+, column \d+, field 'approval_sweep_s': a delay is between 0 and 3600 s, got -5/);

    const unknown = join(dir, 'bad-remove.yaml');
    writeFileSync(unknown, study('bad-remove', '[0]', 'lrdr-cleer'));
    r = await dome(['partner-study', unknown, '--trials', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /bad-remove\.yaml: field 'options\[1\]\.measure_without\[0\]\.remove': 'lrdr-cleer' is not a sensor, battery or site of any raid under option 'host' \(ids there: uewr-clear, lrdr-clear, ngi-bc\)/,
    );
    // run on a subset of the study's raids (--raids), the id may be in a raid left out: a note, and the run goes on
    r = await dome(['partner-study', unknown, '--trials', '2', '--raids', './van-one.yaml', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(
      /note: .*'lrdr-cleer' is not a sensor, battery or site of any raid under option 'host'.*removes nothing in the raids run \(--raids\)/,
    );
    expect((JSON.parse(r.out) as { removals: Record<string, Record<string, Record<string, string[]>>> }).removals.host['no-lrdr']).toEqual({
      'lrdr-cleer': [],
    });
  }, 120_000);
});
