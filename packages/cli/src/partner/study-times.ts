/**
 * What geography buys in time, over a study's trials: per option variant, nation and raid (and pooled over
 * the raids), the warning time, the intercept margin and the time from first track to first intercept of
 * the warheads aimed at the nation's cities (per trial: pool/src/threat-times.ts), with their paired changes.
 *
 * Aggregation (docs/partner-study.md, "What geography buys in time"):
 * - per trial, a figure is the mean over the warheads that have it (pooled over the raids for 'all': trial k
 *   is seed s + k of every raid); a trial where no warhead has it (the nation holds no track, destroys
 *   nothing) has no value for it: "none", never 0;
 * - an option's figure is the mean of the per-trial values over the trials that have one (`n` of them),
 *   with the normal 95 % interval; null when no trial has one;
 * - a paired change is over the trials where both variants have the figure (`n`: those pairs), the others
 *   are left out and counted (`unpaired`); null when no trial pairs. The per-trial means are over the
 *   warheads that have the figure, so a change that removes tracks of some warheads also changes which
 *   warheads are averaged: the counts (`warheads` per trial) say so beside each figure.
 */
import { type NationTimes, TIME_FIGURES, type TimeFigureName, type TrialOutcome } from './trial-outcome.ts';
import { estimate, type Estimate } from './study-results.ts';

export { TIME_FIGURES, type TimeFigureName };

/** One figure of one variant, nation and raid. */
export interface TimeFigure {
  /** Mean over the trials that have it [s], with its interval; `n`: those trials. null: no trial has it. */
  value: Estimate | null;
  /** Warheads with the figure, per trial (mean over every trial). */
  warheads: number;
}

export interface NationTimeResult {
  /** Warheads aimed at the nation's cities, per trial. */
  threats: number;
  figures: Record<TimeFigureName, TimeFigure>;
}

/** A paired change of one figure: `n` pairs; `unpaired`: trials where one side has no value. null: no pair. */
export type TimeChange = (Estimate & { unpaired: number }) | null;

export type TimeChanges = Record<TimeFigureName, TimeChange>;

/** Per-trial values of one figure (null: none), for a variant's outcomes per raid (the raids' trial k pooled). */
export function perTrialTimes(lists: ReadonlyArray<readonly TrialOutcome[]>, nation: string, fig: TimeFigureName): Array<number | null> {
  const trials = Math.max(0, ...lists.map((l) => l.length));
  const out: Array<number | null> = [];
  for (let k = 0; k < trials; k++) {
    let sum = 0,
      n = 0;
    for (const l of lists) {
      const t: NationTimes | undefined = l[k]?.times?.[nation];
      if (!t) continue;
      sum += t[fig].sum;
      n += t[fig].n;
    }
    out.push(n > 0 ? sum / n : null);
  }
  return out;
}

export function timeResult(lists: ReadonlyArray<readonly TrialOutcome[]>, nation: string): NationTimeResult {
  const trials = Math.max(0, ...lists.map((l) => l.length));
  const count = (f: (t: NationTimes) => number): number => {
    let s = 0;
    for (const l of lists) for (const o of l) s += o.times?.[nation] ? f(o.times[nation]) : 0;
    return trials > 0 ? Number((s / trials).toPrecision(12)) : 0;
  };
  const figures = Object.fromEntries(
    TIME_FIGURES.map((fig) => {
      const values = perTrialTimes(lists, nation, fig).filter((x): x is number => x !== null);
      return [fig, { value: values.length ? estimate(values) : null, warheads: count((t) => t[fig].n) }];
    }),
  ) as Record<TimeFigureName, TimeFigure>;
  return { threats: count((t) => t.threats), figures };
}

/** Paired changes (variant minus reference) of every figure, over the trials where both have it. */
export function timeChanges(
  reference: ReadonlyArray<readonly TrialOutcome[]>,
  variant: ReadonlyArray<readonly TrialOutcome[]>,
  nation: string,
): TimeChanges {
  return Object.fromEntries(
    TIME_FIGURES.map((fig) => {
      const a = perTrialTimes(reference, nation, fig),
        b = perTrialTimes(variant, nation, fig);
      const d: number[] = [];
      let unpaired = 0;
      for (let k = 0; k < Math.max(a.length, b.length); k++) {
        const x = a[k] ?? null,
          y = b[k] ?? null;
        if (x !== null && y !== null) d.push(y - x);
        else if (x !== null || y !== null) unpaired++;
      }
      return [fig, d.length ? { ...estimate(d), unpaired } : null];
    }),
  ) as TimeChanges;
}
