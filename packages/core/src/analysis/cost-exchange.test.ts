import { describe, expect, it } from 'vitest';
import { costExchange } from './cost-exchange.ts';
import type { TrialSummary } from './trial-summary.ts';

/** A trial that fired the given rounds by type (the rest of the summary does not enter the cost). */
function trial(seed: number, shotsByType: Record<string, number>): TrialSummary {
  const fired = Object.values(shotsByType).reduce((a, b) => a + b, 0);
  return {
    seed,
    warheads: 1,
    decoys: 0,
    warheadLeakers: 0,
    decoyLeakers: 0,
    warheadsDestroyed: 1,
    decoysDestroyed: 0,
    shotsAtDecoys: 0,
    interceptorsFired: fired,
    valueHit: 0,
    valueThreatened: 0,
    valueKeptSafe: 0,
    assetsHit: [],
    warheadKillsByLayer: {},
    decoyKillsByLayer: {},
    shotsByType,
    shotsByLayer: {},
    shotsByOwner: {},
    firstDetection: null,
    firstShot: null,
    detectionToFirstShot: null,
    meanApprovalDelay: null,
  };
}

describe('cost exchange', () => {
  const interceptors = {
    ngi: { usd: 100e6, lowUsd: 80e6, highUsd: 150e6, dollarYear: 2024 },
    sbi: { usd: 20e6, dollarYear: 2024 },
  };
  const raid = [{ type: 'icbm-a', count: 2, unit: { usd: 25e6, lowUsd: 20e6, highUsd: 30e6, dollarYear: 2024 } }];

  it("prices each trial's rounds at the unit costs: mean, sample interval, low/high unit costs, and the ratio to the raid", () => {
    // trials spend 2x100 + 1x20 = 220, 4x100 = 400, 0 + 3x20 = 60 ($M)
    const s = [trial(1, { ngi: 2, sbi: 1 }), trial(2, { ngi: 4 }), trial(3, { sbi: 3 })];
    const c = costExchange(s, { interceptors, raid });
    const x = [220e6, 400e6, 60e6];
    const mean = (220e6 + 400e6 + 60e6) / 3;
    const sd = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / 2);
    expect(c.spent.mean).toBeCloseTo(mean, 0);
    expect(c.spent.sd).toBeCloseTo(sd, 0);
    expect(c.spent.ci[1] - c.spent.mean).toBeCloseTo((1.959963984540054 * sd) / Math.sqrt(3), 0);
    // at low unit costs: ngi 80, sbi has no low so stays 20: (2x80+20 + 4x80 + 3x20) / 3
    expect(c.spentLowUsd).toBeCloseTo((180e6 + 320e6 + 60e6) / 3, 0);
    expect(c.spentHighUsd).toBeCloseTo((320e6 + 600e6 + 60e6) / 3, 0);
    expect(c.byType.ngi.fired.mean).toBeCloseTo(2, 12);
    expect(c.byType.sbi.spent.mean).toBeCloseTo((20e6 * 4) / 3, 0);
    expect(c.raid).toMatchObject({ missiles: 2, usd: 50e6, lowUsd: 40e6, highUsd: 60e6, unpriced: [] });
    expect(c.ratio?.mean).toBeCloseTo(mean / 50e6, 10);
    expect(c.complete).toBe(true);
    expect(c.dollarYear).toBe(2024);
  });

  it('refuses to sum unit costs stated in different dollar years', () => {
    const s = [trial(1, { ngi: 1, sbi: 1 })];
    const mixed = { ...interceptors, sbi: { usd: 20e6, dollarYear: 2026 } };
    expect(() => costExchange(s, { interceptors: mixed, raid })).toThrow(
      /unit costs in different dollar years \(2024, 2026\): convert them to one year/,
    );
    const raid2021 = [{ type: 'icbm-a', count: 2, unit: { usd: 25e6, dollarYear: 2021 } }];
    expect(() => costExchange(s, { interceptors, raid: raid2021 })).toThrow(/2021, 2024/);
  });

  it('lists types without a unit cost instead of pricing them at zero, and says the totals are partial', () => {
    const s = [trial(1, { ngi: 1, thaad: 5 }), trial(2, { ngi: 1 })];
    const c = costExchange(s, { interceptors, raid: [...raid, { type: 'mystery', count: 3 }] });
    expect(c.unpricedInterceptors).toEqual(['thaad']);
    expect(c.byType.thaad).toBeUndefined();
    expect(c.spent.mean).toBeCloseTo(100e6, 0); // the THAAD rounds are not in the sum
    expect(c.raid.unpriced).toEqual(['mystery']);
    expect(c.raid.missiles).toBe(5);
    expect(c.raid.usd).toBe(50e6); // priced missiles only
    expect(c.raid.byType).toContainEqual({ type: 'mystery', count: 3, unitUsd: null });
    expect(c.complete).toBe(false);
  });

  it('has no ratio when no missile of the raid is priced', () => {
    const c = costExchange([trial(1, { ngi: 1 })], { interceptors, raid: [{ type: 'mystery', count: 1 }] });
    expect(c.ratio).toBeNull();
    expect(c.raid.usd).toBe(0);
  });
});
