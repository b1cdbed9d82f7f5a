import { loadPolicies } from '../policy/policy-loader.ts';
import type { BatteryRequest, WorldRequest } from './build-world.ts';

/**
 * A small raid for tests and quick checks: two Hwasong-17-class ICBMs (a warhead and four decoys each)
 * from Pyongyang at Seattle and Anchorage, seen by the forward-based AN/TPY-2 at Shariki (early, X-band),
 * the UEWR at Clear and the LRDR, under the
 * illustrative norad-integrated policy; the batteries are the caller's.
 */
export function smallRaidRequest(batteries: BatteryRequest[] = []): WorldRequest {
  return {
    epoch: '2029-01-01T00:00:00Z',
    policy: noradIntegrated(),
    raid: [
      { id: 'm1', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'Seattle', target: { id: 'seattle', nation: 'US' }, launchTime: 0 },
      { id: 'm2', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'Anchorage', target: { id: 'anchorage', nation: 'US' }, launchTime: 30 },
    ],
    radars: ['tpy2-shariki', 'uewr-clear', 'lrdr-clear'],
    batteries,
  };
}

/** NGI at Fort Greely and GBI at Vandenberg with `rounds` each. */
export function alaskaCaliforniaBatteries(rounds: number): BatteryRequest[] {
  return [
    { id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: rounds },
    { id: 'gbi-vandenberg', interceptor: 'gbi', at: '34.74,-120.57', owner: 'US', assetClass: 'midcourse', inventory: rounds },
  ];
}

/** One Hwasong-15 (a single warhead, no decoys) at Anchorage, seen by the Clear radars (UEWR, LRDR); an NGI battery makes the US plan. */
export function singleWarheadRequest(): WorldRequest {
  return {
    epoch: '2029-01-01T00:00:00Z',
    policy: noradIntegrated(),
    raid: [
      { id: 'h15', type: 'hwasong-15', from: 'pyongyang-sunan', to: 'Anchorage', target: { id: 'anchorage', nation: 'US' }, launchTime: 0 },
    ],
    radars: ['uewr-clear', 'lrdr-clear'],
    batteries: [{ id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 4 }],
  };
}

function noradIntegrated() {
  const policy = loadPolicies().get('norad-integrated');
  if (!policy) throw new Error('no norad-integrated policy in packages/scenario/policies');
  return policy;
}
