import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '@golden-dome/scenario';
import { editScenario, parseVary, readScenarioBase } from '../src/campaign/scenario-edit.ts';
import { compareCommand } from '../src/commands/compare.ts';
import { sweepCommand } from '../src/commands/sweep.ts';
import { UsageError } from '../src/usage-error.ts';
import { writeTinyScenario } from './tiny-scenarios.ts';

// Tiny scenarios (tiny-scenarios.ts): each campaign takes a second or two.
const dir = mkdtempSync(join(tmpdir(), 'dome-sweep-'));
const scenario = (name: string, inventory: number, sbi: boolean): string => writeTinyScenario(dir, name, inventory, sbi);
const tiny = scenario('tiny', 2, false);
const tinySbi = scenario('tiny-sbi', 0, true);
const tinyNoSbi = scenario('tiny-sbi-no-sbi', 0, false);

type Command = typeof sweepCommand;
/** A command as main() runs it: a UsageError or an InputError is exit 2 with its message. */
async function dome(command: Command, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };
  try {
    const code = await command(argv, io, { onProgress: () => {} });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) return { code: 2, out: out.join('\n'), err: `dome: ${e.message}` };
    throw e;
  }
}

interface Point {
  value: number;
  p_zero_leakers: { value: number; ci95: [number, number] };
  expected_leakers: { value: number; ci95: [number, number] };
  interceptors_fired: { value: number; ci95: [number, number] };
  results: { trials: number; seeds: number[] };
}

describe('scenario edits', () => {
  const base = readScenarioBase(tiny);
  const data = base.loaded.yaml.data;

  it('parses PATH=values against the file and applies a value through the loader', () => {
    const v = parseVary('architecture.batteries.0.inventory=0, 4,16', data, tiny);
    expect(v).toMatchObject({
      path: 'architecture.batteries.0.inventory',
      keys: ['architecture', 'batteries', 0, 'inventory'],
      values: [0, 4, 16],
      kind: 'number',
    });
    expect(parseVary('architecture.batteries[0].inventory=1', data, tiny).keys).toEqual(['architecture', 'batteries', 0, 'inventory']);
    const edited = editScenario(base, v.keys, 16);
    expect(edited.request.batteries[0].inventory).toBe(16);
    expect(base.loaded.request.batteries[0].inventory).toBe(2); // the base is not changed
    // a field the file leaves at its default: the salvo size
    const salvo = editScenario(base, parseVary('raid.0.count=3', data, tiny).keys, 3);
    expect(salvo.request.raid.map((m) => m.id)).toEqual(['m1-1', 'm1-2', 'm1-3']);
    // a string field takes strings
    expect(parseVary('raid.0.to=Seattle,Portland, OR', data, tiny).kind).toBe('string');
  });

  it("refuses bad paths and values with a message naming the path (or the loader's located error)", () => {
    expect(() => parseVary('architecture.batteries.3.inventory=1', data, tiny)).toThrow(/batteries has 1 entry.*no 3/);
    expect(() => parseVary('architecture.bateries.0.inventory=1', data, tiny)).toThrow(/no field 'bateries' under architecture.*batteries/);
    expect(() => parseVary('architecture.batteries=1', data, tiny)).toThrow(/is a list, not a single value/);
    expect(() => parseVary('architecture.batteries.0.inventory=4,many', data, tiny)).toThrow(/values must be numbers.*'many'/);
    expect(() => parseVary('architecture.batteries.0.inventory', data, tiny)).toThrow(/expected PATH=v1,v2/);
    expect(() => parseVary('architecture.batteries.0.inventory=4,4', data, tiny)).toThrow(/listed twice/);
    // the loader's rule, at the line and column of the field in the file
    const v = parseVary('architecture.batteries.0.inventory=-1', data, tiny);
    expect(() => editScenario(base, v.keys, -1, v.path)).toThrow(
      /with architecture\.batteries\.0\.inventory=-1: line 12, column \d+, field 'architecture\.batteries\[0\]\.inventory': inventory must be zero or positive/,
    );
    // a last key the section does not have: the loader's "unknown field"
    const w = parseVary('architecture.batteries.0.invntory=4', data, tiny);
    expect(() => editScenario(base, w.keys, 4, w.path)).toThrow(/field 'architecture\.batteries\[0\]\.invntory': unknown field/);
  });
});

describe('dome sweep', () => {
  it('expected leakers fall (within the intervals) as the battery inventory grows; same seeds give the same numbers; writes sweep.json, sweep.csv and report.html', async () => {
    const out = join(dir, 'sweep-out');
    const argv = [tiny, '--vary', 'architecture.batteries.0.inventory=0,2,8', '--trials', '20', '--workers', '2', '--seed', '3'];
    const r = await dome(sweepCommand, [...argv, '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sweep of architecture\.batteries\.0\.inventory over 3 values, 20 trials each, seeds 3–22 for every value/);
    expect(r.out).toMatch(/P\(no warhead leaks\) \[95 %\]/);
    const j = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { status: string; vary: unknown; points: Point[] };
    expect(j.status).toBe('complete');
    expect(j.vary).toEqual({ path: 'architecture.batteries.0.inventory', values: [0, 2, 8] });
    expect(j.points.map((p) => p.value)).toEqual([0, 2, 8]);
    for (const p of j.points) expect(p.results.seeds).toEqual([3, 22]);
    const leak = j.points.map((p) => p.expected_leakers);
    expect(leak[0].value).toBe(1); // no interceptors: the warhead always lands
    expect(j.points[0].interceptors_fired.value).toBe(0);
    for (let i = 1; i < leak.length; i++) expect(leak[i].value).toBeLessThanOrEqual(leak[i - 1].ci95[1]);
    expect(leak[2].value).toBeLessThan(leak[0].value);
    expect(j.points[2].p_zero_leakers.value).toBeGreaterThan(j.points[0].p_zero_leakers.value);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(4);
    expect(csv[0]).toMatch(/^value,status,trials,p_zero_leakers,p_zero_leakers_low,p_zero_leakers_high,expected_leakers,/);
    expect(Number(csv[3].split(',')[6])).toBeCloseTo(leak[2].value, 10);
    // every value's trials, one row each, led by the varied field
    const trialsCsv = readFileSync(join(out, 'trials.csv'), 'utf8').trim().split('\n');
    expect(trialsCsv).toHaveLength(1 + 3 * 20);
    const th = trialsCsv[0].split(',');
    expect(th.slice(0, 2)).toEqual(['architecture.batteries.0.inventory', 'seed']);
    for (const [k, v] of [0, 2, 8].entries()) {
      const rows = trialsCsv.slice(1 + 20 * k, 1 + 20 * (k + 1)).map((l) => l.split(','));
      expect(rows.map((r) => Number(r[0]))).toEqual(Array(20).fill(v));
      expect(rows.map((r) => Number(r[1]))).toEqual(Array.from({ length: 20 }, (_, i) => 3 + i));
      const leakers = rows.map((r) => Number(r[th.indexOf('warhead_leakers')]));
      expect(leakers.reduce((a, b) => a + b, 0) / 20).toBeCloseTo(leak[k].value, 10);
    }
    expect(html_has_trials_link(out)).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Golden Dome sweep: tiny, architecture.batteries.0.inventory');
    expect(html).toContain('plot-curve-0');
    expect(html).toContain('plot-curve-1');
    expect(html).toContain('id="plot-curve-3"'); // interceptor spending, US$ million per trial
    expect(html).toContain('Interceptor spending');
    expect(html).not.toMatch(/src="https?:/);
    // determinism: the same seeds on 1 worker give the same numbers
    const again = await dome(sweepCommand, [...argv.slice(0, -4), '--workers', '1', '--seed', '3', '--json']);
    expect(again.code).toBe(0);
    const k = JSON.parse(again.out) as { points: Point[] };
    const key = (p: Point) => [p.value, p.p_zero_leakers, p.expected_leakers, p.interceptors_fired];
    expect(k.points.map(key)).toEqual(j.points.map(key));
  }, 60_000);

  it('bad input exits 2 with a message before any campaign runs', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[tiny, '--vary', 'architecture.batteries.0.magazine=1,2'], /field 'architecture\.batteries\[0\]\.magazine': unknown field/],
      [[tiny, '--vary', 'architecture.sensors.0=1,2'], /--vary architecture\.sensors\.0: no field 'sensors' under architecture/],
      [
        [tiny, '--vary', `architecture.batteries.0.inventory=${Array.from({ length: 21 }, (_, i) => i).join(',')}`],
        /21 values, at most 20/,
      ],
      [
        [tiny, '--vary', 'architecture.batteries.0.inventory=2,-4'],
        /inventory=-4: line 12, column \d+, .*inventory must be zero or positive/,
      ],
      [[tiny], /--vary PATH=v1,v2,… is required/],
      [
        [tiny, '--vary', 'raid.0.count=1', '--vary', 'seed=1', '--vary', 'architecture.batteries.0.inventory=1'],
        /3 --vary fields: at most 2 per sweep/,
      ],
      [[tiny, '--vary', 'raid.0.count=1,2', '--vary', 'raid[0].count=3'], /--vary raid\.0\.count is given twice/],
      [
        [tiny, '--vary', 'raid.0.count=1,2,3,4,5,6,7,8', '--vary', 'architecture.batteries.0.inventory=1,2,3,4,5,6,7,8'],
        /raid\.0\.count \(8\) x architecture\.batteries\.0\.inventory \(8\): 64 combinations, at most 60/,
      ],
      [[tiny, '--vary', 'raid.0.count'], /--vary raid\.0\.count: expected PATH=v1,v2/],
      [[tiny, '--vary', 'raid.0.count=1', '--vary', '=4,5'], /--vary =4,5: name a field before '='/],
      [
        [tiny, '--vary', 'raid.0.count=1,2', '--vary', 'architecture.batteries.0.inventory=2,-1'],
        /with raid\.0\.count=1, architecture\.batteries\.0\.inventory=-1: line 12, column \d+/,
      ],
      [['--vary', 'raid.0.count=1'], /a scenario file is required/],
      [[tiny, '--vary', 'raid.0.count=1', '--trials', '0'], /--trials must be between 1/],
      [[join(dir, 'missing.yaml'), '--vary', 'raid.0.count=1'], /scenario '.*missing\.yaml' not found; tried .*missing\.yaml/],
    ];
    for (const [argv, message] of cases) {
      const r = await dome(sweepCommand, argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
    }
  });
});

function html_has_trials_link(out: string): boolean {
  return readFileSync(join(out, 'report.html'), 'utf8').includes('href="./trials.csv"');
}

describe('dome sweep over a grid of two fields', () => {
  it('runs every combination on the same seeds: leakers equal the salvo with no interceptors and fall with inventory; sweep.json, sweep.csv, trials.csv and a heat map', async () => {
    const out = join(dir, 'grid-out');
    const argv = [
      tiny,
      '--vary',
      'architecture.batteries.0.inventory=0,8',
      '--vary',
      'raid.0.count=1,2',
      '--trials',
      '12',
      '--workers',
      '2',
      '--seed',
      '5',
    ];
    const r = await dome(sweepCommand, [...argv, '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /grid of architecture\.batteries\.0\.inventory \(2\) x raid\.0\.count \(2\), 4 combinations, 12 trials each, seeds 5–16 for every combination/,
    );
    const j = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as {
      vary: unknown;
      points: Array<Point & { values: Record<string, number> }>;
    };
    expect(j.vary).toEqual([
      { path: 'architecture.batteries.0.inventory', values: [0, 8] },
      { path: 'raid.0.count', values: [1, 2] },
    ]);
    expect(j.points.map((p) => [p.values['architecture.batteries.0.inventory'], p.values['raid.0.count']])).toEqual([
      [0, 1],
      [0, 2],
      [8, 1],
      [8, 2],
    ]);
    for (const p of j.points) expect(p.results.seeds).toEqual([5, 16]);
    const at = (inv: number, count: number) =>
      j.points.find((p) => p.values['architecture.batteries.0.inventory'] === inv && p.values['raid.0.count'] === count)!;
    // no interceptors: every warhead of the salvo lands, in every trial
    expect(at(0, 1).expected_leakers.value).toBe(1);
    expect(at(0, 2).expected_leakers.value).toBe(2);
    expect(at(8, 1).expected_leakers.value).toBeLessThan(1);
    expect(at(8, 2).expected_leakers.value).toBeLessThan(2);
    expect(at(8, 2).interceptors_fired.value).toBeGreaterThan(0);
    // sweep.csv: a column per field, one row per combination
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(csv[0].slice(0, 3)).toEqual(['architecture.batteries.0.inventory', 'raid.0.count', 'status']);
    expect(csv.slice(1).map((row) => [Number(row[0]), Number(row[1])])).toEqual([
      [0, 1],
      [0, 2],
      [8, 1],
      [8, 2],
    ]);
    expect(Number(csv[4][csv[0].indexOf('expected_leakers')])).toBeCloseTo(at(8, 2).expected_leakers.value, 10);
    // trials.csv: one row per combination and trial; its leakers agree with sweep.json
    const t = readFileSync(join(out, 'trials.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(t).toHaveLength(1 + 4 * 12);
    expect(t[0].slice(0, 3)).toEqual(['architecture.batteries.0.inventory', 'raid.0.count', 'seed']);
    const rows = t.slice(1).filter((row) => row[0] === '8' && row[1] === '2');
    expect(rows.map((row) => Number(row[2]))).toEqual(Array.from({ length: 12 }, (_, i) => 5 + i));
    expect(rows.reduce((a, row) => a + Number(row[t[0].indexOf('warhead_leakers')]), 0) / 12).toBeCloseTo(
      at(8, 2).expected_leakers.value,
      10,
    );
    // the report: heat maps with a cell per combination, and a family of curves (one per salvo size)
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Golden Dome sweep: tiny, architecture.batteries.0.inventory x raid.0.count');
    expect(html).toContain('id="plot-heatmap-0"');
    expect(html).toContain('id="plot-heatmap-1"');
    expect(html).toContain('raid.0.count = 2');
    expect(html).toContain('href="./trials.csv"');
  }, 90_000);
});

describe('dome compare', () => {
  it('removing the space layer adds leakers (B − A > 0, intervals apart), same seeds for both, compare.json and report.html', async () => {
    const out = join(dir, 'compare-out');
    const r = await dome(compareCommand, [tinySbi, tinyNoSbi, '--trials', '20', '--workers', '2', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/compare: 20 trials each, seeds 1–20 for both/);
    expect(r.out).toMatch(/warheads leaking per trial/);
    const j = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(j.results.a.seeds).toEqual([1, 20]);
    expect(j.results.b.seeds).toEqual([1, 20]);
    const leak = j.metrics.find((m: { id: string }) => m.id === 'expected_leakers');
    expect(leak.b.value).toBe(1); // no defense left: the warhead always lands
    expect(leak.difference).toBeGreaterThan(0);
    expect(leak.difference).toBeCloseTo(leak.b.value - leak.a.value, 10);
    expect(leak.paired_difference_ci95[0]).toBeGreaterThan(0);
    expect(leak.intervals_overlap).toBe(false);
    const pz = j.metrics.find((m: { id: string }) => m.id === 'p_zero_leakers');
    expect(pz.difference).toBeLessThan(0);
    // interceptor spending: B fires nothing; A's spending is its results' cost exchange, and the paired difference is negative
    const spent = j.metrics.find((m: { id: string }) => m.id === 'interceptors_spent_usd');
    expect(spent.b.value).toBe(0);
    expect(spent.a.value).toBeCloseTo(j.results.a.metrics.cost_exchange.interceptors_spent_usd.mean, 0);
    expect(spent.a.value).toBeGreaterThan(0);
    expect(spent.paired_difference_ci95[1]).toBeLessThan(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Golden Dome comparison: tiny-sbi (A) versus tiny-sbi-no-sbi (B)');
    // the answer first: the comparison plot and table lead the plots, before scenario A's details
    expect(html.indexOf('id="plot-compare"')).toBeGreaterThan(0);
    expect(html.indexOf('id="plot-compare"')).toBeLessThan(html.indexOf('id="plot-per-layer"'));
    const points = html.slice(html.indexOf('id="plot-compare"'), html.indexOf('</figure>', html.indexOf('id="plot-compare"')));
    const rows = j.metrics.filter(
      (m: { a: { value: number | null }; b: { value: number | null } }) => m.a.value !== null && m.b.value !== null,
    );
    expect(points.match(/compare_points_marks/g)?.length).toBe(2 * rows.length); // per metric a cell with A and B and a cell with B − A
    // probabilities differ in percentage points, signed and rounded to the paired interval (no raw floats)
    expect(html).toMatch(/<tr data-compare="p_zero_leakers">.*?−\d+(\.\d+)?\u202fpp/);
    // no raw float in the text a reader sees (plot coordinates and the scenario file aside)
    const text = html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<pre[\s\S]*?<\/pre>/g, '');
    expect(text.match(/.{0,60}\d\.\d{5,}.{0,20}/g) ?? []).toEqual([]); // (price-index factors keep four decimals)
    expect(r.out).toMatch(/P\(no warhead leaks\)\s+\S+\u202f%/);
    // compare.csv: one row per metric, the same figures as compare.json in display units (percent, pp)
    const csv = readFileSync(join(out, 'compare.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'metric_id,metric,unit,a,a_low95,a_high95,b,b_low95,b_high95,difference_unit,b_minus_a,paired_low95,paired_high95,intervals_overlap,a_text,b_text,b_minus_a_text',
    );
    const pzRow = csv.find((l) => l.startsWith('p_zero_leakers,'))!.split(',');
    expect(pzRow[2]).toBe('%');
    expect(Number(pzRow[3])).toBeCloseTo(100 * pz.a.value, 4);
    expect(pzRow[9]).toBe('pp');
    expect(Number(pzRow[10])).toBeCloseTo(100 * pz.difference, 4);
    const leakRow = csv.find((l) => l.startsWith('expected_leakers,'))!.split(',');
    expect(Number(leakRow[6])).toBe(1);
    expect(leakRow[13]).toBe('false');
    // CBO's $22M of 2026 in 2024 dollars: 22 x 125.223 / 130.632 = $21.1M (GDP price index, CBO Jan 2025 table)
    expect(html).toMatch(
      /notional-sbi unit cost<\/td><td>\$21\.1M \(US\$ of 2024\)<\/td><td class="source">catalog costs\/sbi-cbo-2026\.yaml \(US\$ of 2024: \$22M of 2026 x 0\.9586 \(US GDP price index\)\): CBO/,
    );
    // a scenario compared with itself: no difference at all (common random numbers)
    const self = await dome(compareCommand, [tinySbi, tinySbi, '--trials', '5', '--workers', '1', '--json']);
    expect(self.code).toBe(0);
    for (const m of JSON.parse(self.out).metrics) if (m.difference !== null) expect(m.difference).toBe(0);
  }, 60_000);

  it('bad input exits 2', async () => {
    expect((await dome(compareCommand, [tiny])).err).toMatch(/two scenario files, got 1/);
    expect((await dome(compareCommand, [tiny, join(dir, 'nope.yaml')])).code).toBe(2);
    expect((await dome(compareCommand, [tiny, tiny, '--vary', 'raid.0.count=2'])).err).toMatch(/--vary is a 'dome sweep' flag/);
  });
});
