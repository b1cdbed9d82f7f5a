import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@golden-dome/scenario';
import { describe, expect, it } from 'vitest';
import { compareCommand } from '../src/commands/compare.ts';
import { sweepCommand } from '../src/commands/sweep.ts';
import { UsageError } from '../src/usage-error.ts';
import { tinyScenarioText } from './tiny-scenarios.ts';

// `dome sweep --as NATION` and `dome compare --as NATION`, as `dome run --as` (nation-view.test.ts): every
// output computed from the nation's view (core's campaignLog). The tiny scenario (one Hwasong-17 at
// Seattle) under canada-sovereign, with a US NGI battery that fires and a Canadian THAAD battery: each
// battery is its owner's (weaponVisibleTo), so Canada's outputs name no US battery or shot, and the US's
// none of Canada's. Without --as the outputs name both: the searches can fail.
const dir = mkdtempSync(join(tmpdir(), 'dome-sweep-as-'));
function scenario(name: string, inventory: number): string {
  const file = join(dir, `${name}.yaml`);
  const text = tinyScenarioText(name, { inventory })
    .replace('policy: norad-integrated', 'policy: canada-sovereign')
    .replace(/^summary: .*$/m, 'summary: One missile at Seattle (test).')
    .replace(
      /( {4}- \{id: ngi-fort-greely[^\n]*\n)/,
      '$1    - {id: ca-terminal-battery, interceptor: thaad, at: "49.25,-123.1", owner: CA, class: terminal, inventory: 4}\n',
    );
  writeFileSync(file, text);
  return file;
}
const a = scenario('coalition-a', 2);
const b = scenario('coalition-b', 4);
/** What each nation may not learn of: the other's battery and interceptor type. */
const HIDDEN: Record<string, string[]> = {
  CA: ['ngi-fort-greely', 'shots_type.ngi', '"ngi"'],
  US: ['ca-terminal-battery', 'shots_type.thaad', '"thaad"'],
};

async function dome(command: typeof sweepCommand, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await command(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, { onProgress: () => {} });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) return { code: 2, out: out.join('\n'), err: `dome: ${e.message}` };
    throw e;
  }
}
const files = (out: string, names: string[]): Array<[string, string]> => names.map((n) => [n, readFileSync(join(out, n), 'utf8')]);
const SWEEP = ['--vary', 'architecture.batteries.0.inventory=2', '--trials', '2', '--workers', '1'];

describe('dome sweep --as and dome compare --as', () => {
  it('refuse a nation the policies do not have (exit 2, naming the nations there are), before any campaign', async () => {
    for (const command of [sweepCommand, compareCommand]) {
      const r = await dome(command, command === sweepCommand ? [a, ...SWEEP, '--as', 'XX'] : [a, b, '--as', 'ca', '--trials', '1']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--as: '(XX|ca)' is not a nation of .*coalition-a\.yaml's policy 'canada-sovereign' \(nations: CA, UK, US\)/);
    }
  });

  it("sweep: without --as the outputs name both nations' batteries; as CA, only its own", async () => {
    const whole = join(dir, 'sweep-all');
    expect((await dome(sweepCommand, [a, ...SWEEP, '--out', whole])).code).toBe(0);
    const wholeFiles = files(whole, ['sweep.json', 'trials.csv', 'report.html']);
    const wholeText = wholeFiles.map(([, t]) => t).join('\n');
    for (const id of ['ngi-fort-greely', 'shots_type.ngi', '"ngi"', 'ca-terminal-battery']) expect(wholeText, id).toContain(id);
    const fired = (json: string) =>
      (JSON.parse(json) as { points: Array<{ interceptors_fired: { value: number } }> }).points.map((p) => p.interceptors_fired.value);
    expect(fired(wholeFiles[0][1])[0]).toBeGreaterThan(0);

    const out = join(dir, 'sweep-CA');
    const r = await dome(sweepCommand, [a, ...SWEEP, '--as', 'CA', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('as CA sees it');
    const written = files(out, ['sweep.json', 'sweep.csv', 'trials.csv', 'report.html']);
    expect(JSON.parse(written[0][1]).as).toBe('CA');
    for (const [name, text] of [['stdout', r.out], ...written])
      for (const id of HIDDEN.CA) expect(text, `${name} names ${id}`).not.toContain(id);
    // Canada fires nothing at a US city: its view's shots are its own (none)
    expect(fired(written[0][1])).toEqual([0]);
    expect(written[3][1]).toContain('ca-terminal-battery');
  }, 120_000);

  it('compare as US: compare.json, compare.csv and report.html are its view, naming no Canadian battery', async () => {
    const out = join(dir, 'compare-US');
    const r = await dome(compareCommand, [a, b, '--as', 'US', '--trials', '2', '--workers', '1', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('as US sees it');
    const written = files(out, ['compare.json', 'compare.csv', 'report.html']);
    const json = JSON.parse(written[0][1]) as { as: string; results: { a: { metrics: { interceptors: { total: { mean: number } } } } } };
    expect(json.as).toBe('US');
    expect(json.results.a.metrics.interceptors.total.mean).toBeGreaterThan(0);
    for (const [name, text] of [['stdout', r.out], ...written])
      for (const id of HIDDEN.US) expect(text, `${name} names ${id}`).not.toContain(id);
    expect(written[2][1]).toContain('ngi-fort-greely');
  }, 120_000);
});
