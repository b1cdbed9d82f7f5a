import { describe, expect, it } from 'vitest';
import { type CoalitionPolicy, DEG, mayEngage, type PolicyAsset } from '@golden-dome/core';
import { approvalDelayOf, approvalRulesOf, WITHHELD, withApprovalDelay } from './approval-variants.ts';
import { studyPolicies } from './study-loader.ts';

const policies = studyPolicies();
const policy = (name: string): CoalitionPolicy => {
  const p = policies.get(name);
  if (!p) throw new Error(name);
  return p;
};

// Every kind of engagement the partner policies distinguish: US and Canadian interceptors of each class,
// threats at each nation's cities, intercept points on a 2-degree grid over North America and the
// Arctic (inside and outside Canada's outline), so that each approval rule (own assets, territory,
// consent) is exercised both where it applies and where it does not.
const assets: PolicyAsset[] = [
  { id: 'us-mid', owner: 'US', kind: 'interceptor', assetClass: 'midcourse' },
  { id: 'us-space', owner: 'US', kind: 'interceptor', assetClass: 'space' },
  { id: 'us-terminal', owner: 'US', kind: 'interceptor', assetClass: 'terminal' },
  { id: 'ca-mid', owner: 'CA', kind: 'interceptor', assetClass: 'midcourse' },
];
const aims = [
  { nation: 'US', id: 'seattle' },
  { nation: 'CA', id: 'toronto' },
];
const points: Array<{ latitude: number; longitude: number }> = [];
for (let lat = 24; lat <= 84; lat += 2)
  for (let lon = -170; lon <= -50; lon += 2) points.push({ latitude: lat * DEG, longitude: lon * DEG });

describe('withholding approval removes exactly the engagements that needed it', () => {
  for (const name of ['canada-sovereign', 'canada-host', 'canada-sensor-sharing', 'norad-integrated', 'us-alone']) {
    it(`${name}: every engagement is still allowed, with the same approvals, unless it needed CA's approval; then it never proceeds`, () => {
      const p = policy(name);
      const withheld = withApprovalDelay(p, 'CA', WITHHELD);
      let needed = 0,
        kept = 0;
      for (const asset of assets) {
        for (const aim of aims) {
          for (const pt of points) {
            const before = mayEngage(p, asset, aim, pt);
            const after = mayEngage(withheld, asset, aim, pt);
            const neededCa = before.allowed && before.approvals.some((a) => a.nation === 'CA');
            // permission is unchanged: an approval is a wait, not a refusal
            expect(after.allowed).toBe(before.allowed);
            if (neededCa) {
              needed++;
              expect(after.approvalDelay).toBe(Number.POSITIVE_INFINITY);
            } else if (before.allowed) {
              kept++;
              expect(after.approvalDelay).toBe(before.approvalDelay);
              expect(after.approvals).toEqual(before.approvals);
            }
          }
        }
      }
      // the rules that ask for CA's approval are exactly those that made some engagement need it
      expect(needed > 0).toBe(approvalRulesOf(p, 'CA').length > 0);
      expect(kept).toBeGreaterThan(0);
    });
  }

  it("approval in 0 s keeps every permission and drops only CA's wait", () => {
    const p = policy('canada-sovereign');
    expect(approvalDelayOf(p, 'CA')).toBe(120);
    const fast = withApprovalDelay(p, 'CA', 0);
    for (const asset of assets) {
      for (const aim of aims) {
        for (const pt of points.filter((_, i) => i % 7 === 0)) {
          const before = mayEngage(p, asset, aim, pt);
          const after = mayEngage(fast, asset, aim, pt);
          expect(after.allowed).toBe(before.allowed);
          expect(after.approvals.map((a) => a.nation)).toEqual(before.approvals.map((a) => a.nation));
          expect(after.approvalDelay).toBe(before.approvals.filter((a) => a.nation !== 'CA').reduce((m, a) => Math.max(m, a.delay), 0));
        }
      }
    }
    expect(p.nations.CA.approval?.delay).toBe(120); // the policy given is not edited
  });

  it("names the rules under which each policy asks for CA's approval", () => {
    expect(approvalRulesOf(policy('us-alone'), 'CA')).toEqual([]);
    expect(approvalRulesOf(policy('norad-integrated'), 'CA')).toEqual([]);
    expect(approvalRulesOf(policy('canada-host'), 'CA')).toEqual([
      "CA's approval for engagements by its own interceptors",
      "CA's approval for any intercept over its territory",
    ]);
    expect(approvalRulesOf(policy('canada-sovereign'), 'CA')).toContain("CA's consent for US's midcourse, space to defend CA");
    expect(approvalRulesOf(policy('canada-host-consent'), 'CA')).toContain(
      "CA's approval for launches by US's interceptors from its territory",
    );
  });

  it('refuses a negative delay and an unknown nation', () => {
    expect(() => withApprovalDelay(policy('canada-host'), 'CA', -1)).toThrow(/zero or positive/);
    expect(() => withApprovalDelay(policy('canada-host'), 'FR', 0)).toThrow(/FR has no policy/);
  });
});
