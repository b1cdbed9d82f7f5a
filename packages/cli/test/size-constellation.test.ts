import { describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

async function dome(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// a quick search: 12 h of launches every 15 min, confirmed every 5 min, three plane counts
const quick = ['--span-h', '12', '--launch-step-s', '900', '--verify-step-s', '300', '--planes', '24,30,36', '--inclination-deg', '45'];

describe('dome size-constellation', () => {
  it('sizes a boost-phase constellation for a solid ICBM salvo from North Korea, with sensitivity and cost', async () => {
    const r = await dome(
      'size-constellation',
      '--missile',
      'notional-solid-icbm',
      '--from',
      'sohae',
      '--toward',
      'Seattle',
      '--salvo',
      '2',
      ...quick,
      '--json',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const a = j.answer;
    expect(a.total).toBe(a.planes * a.per_plane);
    expect(a.covered_pct).toBe(100);
    expect(a.binding).toMatch(/thinnest moment|can be assigned/);
    // the window the defense has: ignition at detection + decision, deadline burnout less the margin
    expect(j.window.ignition_s).toBe(60);
    expect(j.window.deadline_s).toBe(j.window.burnout_s - 10);
    // boost-phase constellations are counted in thousands for a single launch region (APS 2003: >= 1,600
    // for one solid ICBM with optimistic parameters)
    expect(a.total).toBeGreaterThan(500);
    const sens = Object.fromEntries(j.sensitivity.map((s: { change: string; total: number | null }) => [s.change, s.total ?? Infinity]));
    expect(sens['salvo x2 (4)']).toBeGreaterThanOrEqual(a.total);
    expect(sens['delta-v x0.75']).toBeGreaterThanOrEqual(a.total);
    expect(sens['burn time x0.8']).toBeGreaterThanOrEqual(a.total);
    expect(j.cost.count).toBe(a.total);
    expect(j.cost.total_usd.base).toBeGreaterThan(0);
  });

  it('covers every site named by --from, not only the first, and prints per-site figures (issue 14)', async () => {
    // one missile from two sites: a site at 30 N is thinner-served by a 45 deg shell than Sohae (39.7 N)
    const args = [
      'size-constellation',
      '--missile',
      'notional-solid-icbm',
      '--toward',
      'Seattle',
      ...quick,
      '--no-sensitivity',
      '--no-cost',
    ];
    const one = JSON.parse((await dome(...args, '--from', 'sohae', '--json')).out);
    const r = await dome(...args, '--from', 'sohae;30,124.7', '--json');
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.answer.per_site).toHaveLength(2);
    for (const x of j.answer.per_site) {
      expect(x.covered_pct).toBe(100);
      expect(x.min_in_reach).toBeGreaterThanOrEqual(1);
    }
    expect(j.answer.total).toBeGreaterThan(one.answer.total);
    const text = await dome(...args, '--from', 'sohae;30,124.7');
    expect(text.out).toMatch(/Per site/);
    expect(text.out).toMatch(/30\.000°, 124\.700°\s+covered at 100(\.0)? %/);
  });

  it('explains when no constellation can work: the interceptor fires after the deadline', async () => {
    const r = await dome(
      'size-constellation',
      '--missile',
      'notional-solid-icbm',
      '--from',
      'sohae',
      '--toward',
      'Seattle',
      '--decision-s',
      '200',
      ...quick,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/No answer: the interceptor ignites 230 s after launch, after the 160 s deadline/);
  });

  it("reports the search's progress on stderr with --progress (off a terminal: a line every 5 s and the last), never on stdout", async () => {
    const args = [
      'size-constellation',
      '--missile',
      'notional-solid-icbm',
      '--from',
      'sohae',
      '--toward',
      'Seattle',
      ...quick,
      '--no-cost',
      '--json',
    ];
    const r = await dome(...args, '--progress');
    expect(r.code).toBe(0);
    // stdout is the answer alone
    const j = JSON.parse(r.out);
    expect(j.answer.total).toBeGreaterThan(0);
    const lines = r.err.split('\n');
    expect(r.err).not.toMatch(/\r/);
    // 3 candidates (one shell, planes 24, 30, 36) in the search, then 7 sensitivity runs of 3 each
    for (const l of lines)
      expect(l).toMatch(/^sizing search: candidate shells searched \d+\/24, \d+(m\d\ds)?s? elapsed, ~(\d+(m\d\ds)?s?|\?) left$/);
    expect(lines[0]).toMatch(/ 0\/24, /);
    expect(lines.at(-1)).toMatch(/ 24\/24, .* ~0s left$/);
    const done = lines.map((l) => Number(/ (\d+)\/24/.exec(l)?.[1]));
    for (let k = 1; k < done.length; k++) expect(done[k]).toBeGreaterThan(done[k - 1]); // each line new: no line twice
    // without the flag, off a terminal: nothing on stderr
    expect((await dome(...args, '--no-sensitivity')).err).toBe('');
  });

  it.each([
    [['--missile', 'df-17', '--from', 'sohae', '--toward', 'Seattle'], /boost-phase studies take a ballistic missile/],
    [['--missile', 'notional-solid-icbm', '--toward', 'Seattle'], /--from SITE/],
    [['--missile', 'notional-solid-icbm', '--from', 'sohae', '--region', '1,1;2,2;3,1', '--toward', 'Seattle'], /one of them/],
    [['--missile', 'notional-solid-icbm', '--from', 'sohae'], /--toward is required/],
    [
      ['--missile', 'notional-solid-icbm', '--from', 'sohae', '--toward', 'Seattle', '--interceptor', 'notional-sib'],
      /unknown interceptor 'notional-sib' \(did you mean 'notional-sbi'/,
    ],
    [['--missile', 'notional-solid-icbm', '--from', 'sohae', '--toward', 'Seattle', '--salvo', '2.5'], /--salvo must be a whole number/],
    [
      ['--missile', 'notional-solid-icbm', '--from', 'sohae', '--toward', 'Seattle', '--altitude-km', '400,abc'],
      /--altitude-km must be a number/,
    ],
    [
      ['--missile', 'notional-solid-icbm', '--from', 'sohae', '--toward', 'Seattle', '--coverage-pct', '0'],
      /--coverage-pct must be between 1 and 100/,
    ],
    [['--missile', 'notional-solid-icbm', '--region', '40,125;41,126', '--toward', 'Seattle'], /--region needs 3 to 50/],
    [
      ['--missile', 'notional-solid-icbm', '--from', 'sohae;sohea', '--toward', 'Seattle'],
      /^dome: --from: unknown place 'sohea' \(did you mean 'sohae'/,
    ],
    [
      ['--missile', 'notional-solid-icbm', '--from', 'sohae', '--toward', 'Seatle'],
      /^dome: --toward: unknown place 'Seatle' \(did you mean 'Seattle'/,
    ],
    [['--missile', 'notional-solid-icbm', '--region', '40,125;41,126;95,1', '--toward', 'Seattle'], /^dome: --region: latitude 95/],
    [
      ['--missile', 'notional-solid-icbm', '--from', 'sohae', '--toward', 'Seattle', '--launch-step-s', '1', '--span-h', '240'],
      /too many launches/,
    ],
  ])('refuses %j', async (args, message) => {
    const r = await dome('size-constellation', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
