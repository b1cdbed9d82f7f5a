import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, resolveThreat } from '../../packages/scenario/src/index.ts';
import { W6_DECOYS_PER_RV, W6_RVS_PER_MISSILE, W6_SIZES, W6_THREAT, w6File, w6ScenarioText } from './generate.ts';

describe('W6 raid-scale scenario files (bench/w6)', () => {
  it.each(W6_SIZES.map((r) => [r]))('R = %i: the committed file is what generate.ts writes', (r) => {
    expect(readFileSync(w6File(r), 'utf8')).toBe(w6ScenarioText(r));
  });

  it.each(W6_SIZES.map((r) => [r]))(
    'R = %i: a valid scenario of R / 10 missiles of ten RVs and a hundred decoys, launched within 10 minutes',
    (r) => {
      const { request } = loadScenario(w6File(r));
      expect(request.raid).toHaveLength(r / W6_RVS_PER_MISSILE);
      expect(Math.max(...request.raid.map((m) => m.launchTime))).toBeLessThan(600);
      expect(new Set(request.raid.map((m) => m.from))).toEqual(new Set(r >= 30 ? ['dombarovsky', 'uzhur', 'kozelsk'] : ['dombarovsky']));
      const spec = resolveThreat(loadCatalog().threats.get(W6_THREAT) as never) as unknown as {
        objects: Array<{ kind: string; count: number }>;
      };
      const count = (kind: string): number => spec.objects.filter((o) => o.kind === kind).reduce((n, o) => n + o.count, 0);
      expect(count('warhead')).toBe(W6_RVS_PER_MISSILE);
      expect(count('decoy')).toBe(W6_RVS_PER_MISSILE * W6_DECOYS_PER_RV);
      // round-robin by population: missile k at the k-th most populous defended city
      const targets = request.raid.map((m) => m.target.id);
      expect(new Set(targets).size).toBe(targets.length);
      expect(targets[0]).toBe('new-york');
    },
  );
});
