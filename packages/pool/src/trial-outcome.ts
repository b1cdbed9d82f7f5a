/**
 * One trial of a partner study reduced to what the study reports: the campaign's trial summary, the
 * value each nation kept safe, and the engagement decisions that needed the partner's approval.
 *
 * Which engagements needed the partner's approval: each `assign` event carries the approvals the
 * battle manager's policy decision waited for (nations and delays, from mayEngage where it asked); the
 * partner's is counted, with its delay. Nothing is asked of the policy again here.
 *
 * Computed in the trial pool's workers (the `outcomes` task).
 */
import { type EngineEvent, type NationCode, summarizeTrial, type TrialSummary, type TrialSummaryContext, type World } from '@golden-dome/core';

export interface TrialOutcome {
  seed: number;
  summary: TrialSummary;
  /** Per nation: value of its defended assets aimed at in this raid that no warhead reached. */
  keptSafe: Record<NationCode, number>;
  /** Engagement decisions (assignments) in the trial, and those that needed the partner's approval. */
  assigns: number;
  partnerApprovals: number;
  /** Sum over those of the partner's approval delay [s] (finite: an approval never given leaves no assignment). */
  partnerDelaySum: number;
}

/** Per-world facts for reducing trials (computed once per world). */
export interface OutcomeContext {
  summary: TrialSummaryContext;
  partner: NationCode;
  /** Per nation: value of its distinct defended assets that the raid aims at. */
  threatened: Record<NationCode, number>;
}

export function outcomeContext(world: World, summary: TrialSummaryContext, partner: NationCode): OutcomeContext {
  const threatened: Record<NationCode, number> = {};
  for (const key of new Set(summary.warheadTarget.values())) {
    const nation = key.slice(0, key.indexOf('/'));
    threatened[nation] = (threatened[nation] ?? 0) + (summary.value.get(key) ?? 0);
  }
  return { summary, partner, threatened };
}

type Assign = Extract<EngineEvent, { type: 'assign' }>;

/** The partner's approval (and its delay) that an assignment waited for, or null when it needed none. */
export function partnerApprovalOf(partner: NationCode, a: Assign): { delay: number } | null {
  const mine = a.approvals.find((x) => x.nation === partner);
  return mine ? { delay: mine.delay } : null;
}

/** Reduces one trial's event log. */
export function trialOutcome(ctx: OutcomeContext, seed: number, events: readonly EngineEvent[]): TrialOutcome {
  const summary = summarizeTrial(ctx.summary, seed, events);
  const keptSafe: Record<NationCode, number> = { ...ctx.threatened };
  for (const key of summary.assetsHit) {
    const nation = key.slice(0, key.indexOf('/'));
    keptSafe[nation] = (keptSafe[nation] ?? 0) - (ctx.summary.value.get(key) ?? 0);
  }
  let assigns = 0, partnerApprovals = 0, partnerDelaySum = 0;
  for (const e of events) {
    if (e.type !== 'assign') continue;
    assigns++;
    const needed = partnerApprovalOf(ctx.partner, e);
    if (needed) {
      partnerApprovals++;
      partnerDelaySum += needed.delay;
    }
  }
  return { seed, summary, keptSafe, assigns, partnerApprovals, partnerDelaySum };
}
