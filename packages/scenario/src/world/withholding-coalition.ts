import type { CoalitionPolicy, NationCode } from '@golden-dome/core';
import { loadPolicies } from '../policy/policy-loader.ts';
import type { WorldRequest } from './build-world.ts';

/**
 * A coalition whose nations withhold sensors from one another, for tests of what each nation receives
 * (ILLUSTRATIVE, not any government's policy): norad-integrated's nations and assets, with sharing cut to
 *  - US: shares the UEWR at Pituffik (Thule) with the UK only; nothing with Canada;
 *  - CA: shares nothing (its over-the-horizon A-OTHR is withheld from the US and the UK);
 *  - UK: shares the UEWR at Fylingdales with the US only, 20 s late; nothing with Canada.
 * and no nation shares its engagements' outcomes (norad-integrated's share_engagements is cut too).
 * The raid: one notional solid ICBM from Kozelsk at Iqaluit (a warhead and five decoys). Fylingdales sees
 * it in midcourse (first, ~390 s), A-OTHR sees objects of it at re-entry (the sky-wave model decides which), Pituffik does not see it. A US
 * NGI battery at Fort Drum (NY) engages; a Canadian THAAD battery at Iqaluit plans but cannot reach it.
 * Truth tracks: the tests are of who receives what, not of the tracker.
 */
export function withholdingCoalitionRequest(): WorldRequest {
  const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
  const policy: CoalitionPolicy = {
    ...norad,
    name: 'three-nation withholding (test)',
    nations: {
      ...norad.nations,
      US: { ...norad.nations.US, sharing: [{ sensors: ['uewr-pituffik'], with: ['UK'], delay: 0, sigmaFactor: 1 }], engagementSharing: [] },
      CA: { ...norad.nations.CA, sharing: [], engagementSharing: [] },
      UK: {
        ...norad.nations.UK,
        sharing: [{ sensors: ['uewr-fylingdales'], with: ['US'], delay: 20, sigmaFactor: 1 }],
        engagementSharing: [],
      },
    },
    defended: [...norad.defended, { id: 'iqaluit', name: 'Iqaluit', nation: 'CA', value: 7.7e3 }],
  };
  return {
    epoch: '2029-01-01T00:00:00Z',
    policy,
    raid: [
      { id: 'm1', type: 'notional-solid-icbm', from: 'kozelsk', to: 'Iqaluit', target: { id: 'iqaluit', nation: 'CA' }, launchTime: 0 },
    ],
    radars: ['uewr-fylingdales', 'uewr-pituffik', 'a-othr'],
    batteries: [
      { id: 'ngi-fort-drum', interceptor: 'ngi', at: '44.05,-75.76', owner: 'US', assetClass: 'midcourse', inventory: 2 },
      { id: 'ca-terminal-battery', interceptor: 'thaad', at: '63.75,-68.5', owner: 'CA', assetClass: 'terminal', inventory: 4 },
    ],
    planningNations: ['US', 'CA'],
    tracks: 'truth',
  };
}

/** The ids each nation of {@link withholdingCoalitionRequest} may not learn of, and those it owns or is given. */
export const WITHHOLDING_COALITION: Readonly<Record<NationCode, { hidden: readonly string[]; sees: readonly string[] }>> = {
  US: { hidden: ['a-othr', 'ca-terminal-battery'], sees: ['ngi-fort-drum', 'uewr-pituffik', 'uewr-fylingdales'] },
  CA: { hidden: ['uewr-fylingdales', 'uewr-pituffik', 'ngi-fort-drum'], sees: ['a-othr', 'ca-terminal-battery'] },
  UK: { hidden: ['a-othr', 'ngi-fort-drum', 'ca-terminal-battery'], sees: ['uewr-fylingdales', 'uewr-pituffik'] },
};
