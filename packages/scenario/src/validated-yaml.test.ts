import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseScenario, SCENARIO_DIR } from './scenario/scenario-loader.ts';
import { InputError, InputLimitError, MAX_YAML_ALIASES, parseValidatedYaml, readYaml } from './validated-yaml.ts';

/** A "billion laughs": each level names the previous one 10 times, 10^levels values from ~10 lines. */
export function aliasBomb(levels = 9): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('the YAML reader (readYaml)', () => {
  it('refuses an alias bomb as an InputLimitError located at the alias that crosses the limit, before expanding it', () => {
    const t0 = performance.now();
    let error: unknown;
    try {
      readYaml(aliasBomb(), 'bomb.yaml');
    } catch (e) {
      error = e;
    }
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(error).toBeInstanceOf(InputLimitError);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems).toHaveLength(1);
    // level 3 (line 4) names level 2's 1,111 values 10 times: its 9th alias crosses 10,000
    expect(problems[0]).toMatch(/^line 4, column \d+: YAML alias \*l2 makes the aliases expand to more than 10000 values/);
    expect((error as Error).message).toMatch(/^bomb\.yaml: line 4/);
  });

  it('refuses more than the alias count limit, located', () => {
    const text = `a: &a 1\nlist: [${Array(MAX_YAML_ALIASES + 1)
      .fill('*a')
      .join(', ')}]\n`;
    expect(() => readYaml(text, 'many.yaml')).toThrow(/^many\.yaml: line 2, column \d+: more than 100 YAML aliases/);
  });

  it('reads ordinary aliases', () => {
    expect(readYaml('base: &b {x: 1}\nfirst: *b\nsecond: *b\n', 'ok.yaml').data).toEqual({
      base: { x: 1 },
      first: { x: 1 },
      second: { x: 1 },
    });
    expect(parseValidatedYaml('a: &n 3\nb: *n\n', z.object({ a: z.number(), b: z.number() }), 'ok.yaml')).toEqual({ a: 3, b: 3 });
  });

  it('refuses an alias bomb in a scenario the same way (one reader for every input)', () => {
    const text = `${readFileSync(join(SCENARIO_DIR, 'nk-2029-salvo.yaml'), 'utf8')}\n${aliasBomb()
      .replace(/^l0:/m, 'x-bomb:')
      .replace(/^l(\d):/gm, 'x-l$1:')}`;
    expect(() => parseScenario(text, 'scenario.yaml')).toThrow(InputLimitError);
  });
});
