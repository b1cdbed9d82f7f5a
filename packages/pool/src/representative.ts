/**
 * A campaign's representative trial: the one trial whose event log the report draws as an engagement
 * timeline (the report reads that log; it runs no trial). Chosen from the trial summaries by one rule,
 * recorded with the results (results.json's `representative_trial`, the server's campaign results) and
 * said under the timeline.
 */
import type { EngineEvent, TrialSummary } from '@golden-dome/core';

/** The rule, in words (results.json, the server's results). */
export const REPRESENTATIVE_RULE =
  'the first seed, in seed order, whose number of warheads leaking is the most common over the trials reported (a tie between counts goes to the fewer warheads)';

export interface RepresentativeTrial {
  seed: number;
  /** Its warheads leaking: the most common count over the trials. */
  warheadLeakers: number;
  /** Trials that leaked that many warheads, of `trials`. */
  trialsWithCount: number;
  trials: number;
  /** REPRESENTATIVE_RULE. */
  rule: string;
  /**
   * Its event log in the campaign's view (core's campaignLog: a nation's, or the whole log), run once more
   * on the campaign's pool after its last chunk when asked for (`CampaignOptions.representativeLog`).
   */
  log?: EngineEvent[];
}

/** The representative trial of summaries in seed order (REPRESENTATIVE_RULE), without its log; undefined when there are none. */
export function representativeTrial(summaries: readonly Pick<TrialSummary, 'seed' | 'warheadLeakers'>[]): RepresentativeTrial | undefined {
  if (summaries.length === 0) return undefined;
  const count = new Map<number, number>();
  for (const s of summaries) count.set(s.warheadLeakers, (count.get(s.warheadLeakers) ?? 0) + 1);
  const [mode, n] = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  const pick = summaries.find((s) => s.warheadLeakers === mode) as Pick<TrialSummary, 'seed'>;
  return { seed: pick.seed, warheadLeakers: mode, trialsWithCount: n, trials: summaries.length, rule: REPRESENTATIVE_RULE };
}

/** The representative trial as results name it (seed, count, rule): without its log. */
export function namedRepresentative(r: RepresentativeTrial): Omit<RepresentativeTrial, 'log'> {
  return { seed: r.seed, warheadLeakers: r.warheadLeakers, trialsWithCount: r.trialsWithCount, trials: r.trials, rule: r.rule };
}
