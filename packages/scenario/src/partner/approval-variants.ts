import type { CoalitionPolicy, NationCode } from '@golden-dome/core';

/**
 * A partner's approval as a lever: the same coalition policy with the partner's approval taking a
 * different time, or never coming. Withholding approval is an approval that never arrives (an infinite
 * delay): mayEngage still lists the approval, the battle manager and the space layer find that it closes
 * every launch window, so exactly the engagements that needed the partner's approval drop out and no
 * other engagement changes its permission or its delay (approvals from different nations are requested
 * at once and the delay is the slowest; see core/c2/national-policy.ts).
 *
 * Pure: returns new policies, never edits the one given.
 */

/** An approval that never comes [s]. */
export const WITHHELD = Number.POSITIVE_INFINITY;

/** The policy's rules that ask for `nation`'s approval (its own assets, its territory, launches from its territory, or consent to defend it). */
export function approvalRulesOf(policy: CoalitionPolicy, nation: NationCode): string[] {
  const out: string[] = [];
  const a = policy.nations[nation]?.approval;
  if (a && (a.ownAssets === true || (Array.isArray(a.ownAssets) && a.ownAssets.length > 0))) {
    out.push(
      `${nation}'s approval for engagements by its own ${a.ownAssets === true ? '' : `${(a.ownAssets as readonly string[]).join(', ')} `}interceptors`,
    );
  }
  if (a?.overTerritory === 'approval') out.push(`${nation}'s approval for any intercept over its territory`);
  const host = a?.hostedLaunches;
  if (host)
    out.push(
      `${nation}'s approval for launches by ${host.of?.join(', ') ?? "other nations'"}${host.of ? "'s" : ''} ${host.assetClasses?.join(', ') ?? ''}${host.assetClasses ? ' ' : ''}interceptors from its territory`,
    );
  for (const [code, p] of Object.entries(policy.nations)) {
    if (code === nation) continue;
    for (const r of p.engagement) {
      if (r.consentOf?.includes(nation))
        out.push(`${nation}'s consent for ${code}'s ${r.assetClasses?.join(', ') ?? 'interceptors'} to defend ${nation}`);
    }
  }
  return out;
}

/** The approval delay the policy gives `nation` [s] (0 when it sets none). */
export function approvalDelayOf(policy: CoalitionPolicy, nation: NationCode): number {
  return policy.nations[nation]?.approval?.delay ?? 0;
}

/**
 * The policy with `nation`'s approvals taking `delay` seconds (WITHHELD: never given). A nation whose
 * consent another's rule asks for but which sets no approval block gets one that asks for nothing else.
 */
export function withApprovalDelay(policy: CoalitionPolicy, nation: NationCode, delay: number): CoalitionPolicy {
  if (!(delay >= 0)) throw new RangeError(`approval delay must be zero or positive, got ${delay}`);
  const np = policy.nations[nation];
  if (!np) throw new RangeError(`nation ${nation} has no policy in '${policy.name}'`);
  const approval = np.approval ? { ...np.approval, delay } : { delay, ownAssets: false, overTerritory: 'open' as const };
  const label = delay === WITHHELD ? `${nation} withholds approval` : `${nation} approval in ${delay} s`;
  return { ...policy, name: `${policy.name} (${label})`, nations: { ...policy.nations, [nation]: { ...np, approval } } };
}
