/**
 * One trial of a partner study reduced to what the study reports: the campaign's trial summary, the
 * value each nation kept safe, and the engagement decisions that needed the partner's approval.
 *
 * Which engagements needed the partner's approval: each `assign` event is matched to the shot it
 * planned (a battery's `fire` at assign time + approval delay, which is its launch time; a space
 * layer's first `fire` at the same missile), and the policy is asked again (mayEngage) at that shot's
 * planned intercept point, which is where the battle manager asked it (for a battery, the exact
 * intercept point; for a space layer, the first satellite's intercept point along the ascent, an
 * approximation only where a boost-phase intercept could fall over the partner's territory). The
 * approvals it lists name the nations; the partner's is counted, with its delay.
 *
 * Imported by the study's worker threads: it imports core files, not the package index, to load only what it runs.
 */
import type { TrialSummary, TrialSummaryContext } from '../../../core/src/analysis/trial-summary.ts';
import { summarizeTrial } from '../../../core/src/analysis/trial-summary.ts';
import { type LatLon, mayEngage, type NationCode, type PolicyAsset } from '../../../core/src/c2/national-policy.ts';
import type { EngineEvent } from '../../../core/src/engine/events.ts';
import type { World } from '../../../core/src/engine/world.ts';
import { ecefToGeodetic } from '../../../core/src/frames/geodetic.ts';
import { earthAngle, toEcef } from '../../../core/src/threats/earth-model.ts';
import { pathFromSamples } from '../../../core/src/weapons/fire-control.ts';

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

function geodeticPoint(flight: Float64Array, t: number, world: World): LatLon {
  const eci = pathFromSamples(flight).position(t, new Float64Array(3));
  const e = new Float64Array(3);
  toEcef(earthAngle(world.earth, t), eci[0], eci[1], eci[2], e);
  const g = ecefToGeodetic(e[0], e[1], e[2], new Float64Array(3));
  return { latitude: g[0], longitude: g[1] };
}

function ascentPoint(track: { ecef: Float64Array; step: number; length: number }, t: number): LatLon {
  const k = Math.max(0, Math.min(track.length - 1, Math.round(t / track.step)));
  const g = ecefToGeodetic(track.ecef[3 * k], track.ecef[3 * k + 1], track.ecef[3 * k + 2], new Float64Array(3));
  return { latitude: g[0], longitude: g[1] };
}

type Assign = Extract<EngineEvent, { type: 'assign' }>;
type Fire = Extract<EngineEvent, { type: 'fire' }>;

/** The partner's approval (and its delay) that an assignment needed, or null when it needed none. */
export function partnerApprovalOf(world: World, partner: NationCode, a: Assign, fires: readonly Fire[]): { delay: number } | null {
  const battery = world.batteries.find((b) => b.id === a.weapon);
  let asset: PolicyAsset;
  let point: LatLon;
  let aimedAt;
  if (battery) {
    const fire = fires.find((f) => f.object === a.object && f.weapon === a.weapon && Math.abs(f.t - (a.t + a.approvalDelay)) < 1e-6);
    const object = world.objects.find((o) => o.id === a.object);
    if (!fire || !object) return null;
    asset = battery;
    point = geodeticPoint(object.flight, fire.plannedIntercept, world);
    aimedAt = object.aimedAt;
  } else {
    const layer = world.spaceLayers.find((l) => l.id === a.weapon);
    const missile = world.missiles.find((m) => m.id === a.object);
    const fire = fires.find((f) => f.object === a.object && f.weapon.startsWith(`${a.weapon}#`));
    if (!layer || !missile?.ascent || !fire) return null;
    asset = { id: layer.id, owner: layer.owner, kind: 'interceptor', assetClass: layer.assetClass };
    point = ascentPoint(missile.ascent, fire.plannedIntercept - missile.launchTime);
    aimedAt = missile.aimedAt;
  }
  const decision = mayEngage(world.policy, asset, aimedAt, point);
  const mine = decision.approvals.find((x) => x.nation === partner);
  return mine ? { delay: mine.delay } : null;
}

/** Reduces one trial's event log. */
export function trialOutcome(world: World, ctx: OutcomeContext, seed: number, events: readonly EngineEvent[]): TrialOutcome {
  const summary = summarizeTrial(ctx.summary, seed, events);
  const keptSafe: Record<NationCode, number> = { ...ctx.threatened };
  for (const key of summary.assetsHit) {
    const nation = key.slice(0, key.indexOf('/'));
    keptSafe[nation] = (keptSafe[nation] ?? 0) - (ctx.summary.value.get(key) ?? 0);
  }
  const fires = events.filter((e): e is Fire => e.type === 'fire');
  let assigns = 0, partnerApprovals = 0, partnerDelaySum = 0;
  for (const e of events) {
    if (e.type !== 'assign') continue;
    assigns++;
    const needed = partnerApprovalOf(world, ctx.partner, e, fires);
    if (needed) {
      partnerApprovals++;
      partnerDelaySum += needed.delay;
    }
  }
  return { seed, summary, keptSafe, assigns, partnerApprovals, partnerDelaySum };
}
