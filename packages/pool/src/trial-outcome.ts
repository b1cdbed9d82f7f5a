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
import {
  type EngineEvent,
  type NationCode,
  summarizeTrial,
  type TrialSummary,
  type TrialSummaryContext,
  type World,
} from '@golden-dome/core';
import { type NationTimes, threatTimes, timesContext, type TimesContext } from './threat-times.ts';

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
  /**
   * Per nation: what became of each warhead aimed at its cities, read from the log (WARHEAD_FATES): the
   * study's plain-language findings explain a zero with these counts.
   */
  fates: Record<NationCode, Partial<Record<WarheadFate, number>>>;
  /**
   * For each assignment that needed the partner's approval: the time [s] from the assigning nation's
   * commit to the track (its `track` event) to the last launch the weapon's launch window allows against
   * the object (the world's precomputed window). An approval slower than this closes that engagement.
   * With estimated tracks the object is the one the assignment's track followed at its commit (the
   * assignment's own `object` is what the seeker acquires at the hand-over).
   * Space-layer assignments (no precomputed window) are not listed.
   */
  partnerSlack: number[];
  /**
   * Per nation with warheads aimed at its cities: warning time, intercept margin and track to first
   * intercept, as sums over the warheads that have each figure with their counts (threat-times.ts).
   */
  times: Record<NationCode, NationTimes>;
}

/**
 * What became of a warhead, first match wins: intercepted (engaged, no impact); engaged but it still hit
 * (every shot missed); destroyed in boost with its missile (a space-based interceptor's hit on the missile
 * before it released anything: 'boost-killed'); never engaged because an approval would have come after the last launch
 * ('approval' refusals: the approvals of the last launch's real intercept point, requested at the commit,
 * arrive after it; the battle manager waits for the approvals of each shot's real intercept point,
 * core/c2/battle-manager.ts); because the policy did not permit any battery that could reach it ('not-permitted');
 * because no battery had a launch window after the commit ('no-window'); committed to by a nation but no
 * battery was even considered (none in reach of that nation's plan, or inventory spent: 'no-shooter');
 * never committed to by any nation ('unseen').
 */
export const WARHEAD_FATES = [
  'intercepted',
  'engaged-leaked',
  'boost-killed',
  'approval',
  'not-permitted',
  'no-window',
  'no-shooter',
  'unseen',
] as const;
export type WarheadFate = (typeof WARHEAD_FATES)[number];

/** A refusal's reason, classified (the battle manager's wording, core/c2/battle-manager.ts). */
export function refusalKind(reason: string): 'approval' | 'no-window' | 'not-permitted' {
  if (/approval closes the launch window/.test(reason)) return 'approval';
  if (/no launch window|no intercept for a launch/.test(reason)) return 'no-window';
  return 'not-permitted';
}

/** Per-world facts for reducing trials (computed once per world). */
export interface OutcomeContext {
  summary: TrialSummaryContext;
  partner: NationCode;
  /** Per nation: value of its distinct defended assets that the raid aims at. */
  threatened: Record<NationCode, number>;
  /** Last launch time [s] of each battery's window against each object (`battery|object`). */
  latestLaunch: Map<string, number>;
  /** The missile each object is released by (a boost-phase kill of the missile destroys them all). */
  missileOf: Map<string, string>;
  times: TimesContext;
}

export function outcomeContext(world: World, summary: TrialSummaryContext, partner: NationCode): OutcomeContext {
  const latestLaunch = new Map<string, number>();
  for (const [key, w] of Object.entries(world.windows ?? {})) if (w) latestLaunch.set(key, w.latest.launchTime);
  const threatened: Record<NationCode, number> = {};
  for (const key of new Set(summary.warheadTarget.values())) {
    const nation = key.slice(0, key.indexOf('/'));
    threatened[nation] = (threatened[nation] ?? 0) + (summary.value.get(key) ?? 0);
  }
  const missileOf = new Map(world.objects.map((o) => [o.id, o.missile]));
  return { summary, partner, threatened, latestLaunch, missileOf, times: timesContext(world) };
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
  let assigns = 0,
    partnerApprovals = 0,
    partnerDelaySum = 0;
  const partnerSlack: number[] = [];
  const committed = new Map<string, number>();
  // estimated tracks: the object each nation's track label followed when it was committed to (an
  // assignment's `object` is what its seeker acquires at the hand-over, which may be another object)
  const trackCommit = new Map<string, { object: string; t: number }>();
  const engaged = new Set<string>();
  const impacted = new Set<string>();
  const refused = new Map<string, Set<string>>();
  const boostKilled = new Set<string>();
  const missiles = new Set(ctx.missileOf.values());
  for (const e of events) {
    if (e.type === 'track') {
      const k = `${e.nation}|${e.object}`;
      if (!committed.has(k)) committed.set(k, e.t);
      if (!committed.has(e.object)) committed.set(e.object, e.t);
      // on estimated tracks an assignment names its track, whose object may have changed since its commit
      // (a track that swaps objects in a cluster follows the new one): its commit, and the object whose
      // window the battle manager planned on, are the track's at its commit
      if (e.track !== undefined && !trackCommit.has(e.track)) trackCommit.set(e.track, { object: e.object, t: e.t });
    } else if (e.type === 'impact') impacted.add(e.object);
    else if (e.type === 'intercept' && e.hit && missiles.has(e.object)) boostKilled.add(e.object);
    else if (e.type === 'refuse') {
      const set = refused.get(e.object) ?? new Set<string>();
      set.add(refusalKind(e.reason));
      refused.set(e.object, set);
    }
    if (e.type !== 'assign') continue;
    assigns++;
    engaged.add(e.object);
    const needed = partnerApprovalOf(ctx.partner, e);
    if (needed) {
      partnerApprovals++;
      partnerDelaySum += needed.delay;
      const planned = e.track !== undefined ? trackCommit.get(e.track) : undefined;
      const latest = ctx.latestLaunch.get(`${e.weapon}|${planned?.object ?? e.object}`);
      const commit = planned?.t ?? committed.get(`${e.nation}|${e.object}`);
      if (latest !== undefined && commit !== undefined) partnerSlack.push(Number((latest - commit).toFixed(3)));
    }
  }
  const fates: Record<NationCode, Partial<Record<WarheadFate, number>>> = {};
  for (const [object, key] of ctx.summary.warheadTarget) {
    const nation = key.slice(0, key.indexOf('/'));
    const why = refused.get(object);
    const fate: WarheadFate = engaged.has(object)
      ? impacted.has(object)
        ? 'engaged-leaked'
        : 'intercepted'
      : boostKilled.has(ctx.missileOf.get(object) ?? '')
        ? 'boost-killed'
        : why?.has('approval')
          ? 'approval'
          : why?.has('not-permitted')
            ? 'not-permitted'
            : why?.has('no-window')
              ? 'no-window'
              : committed.has(object)
                ? 'no-shooter'
                : 'unseen';
    const f = (fates[nation] ??= {});
    f[fate] = (f[fate] ?? 0) + 1;
  }
  return {
    seed,
    summary,
    keptSafe,
    assigns,
    partnerApprovals,
    partnerDelaySum,
    fates,
    partnerSlack,
    times: threatTimes(ctx.times, events),
  };
}
