import type { CoalitionPolicy, World } from '@golden-dome/core';
import { alaskaCaliforniaBatteries, buildWorld, loadPolicies, smallRaidRequest } from '@golden-dome/scenario';
import { hashSecret, type Role, type UserConfig } from '../src/users.ts';

/** A cheap scrypt cost for tests only (the server's default is N = 2^14). */
const TEST_COST = { N: 1024, r: 8, p: 1 };

export const PEOPLE: Array<{ id: string; nation: string; role: Role }> = [
  { id: 'us-viewer', nation: 'US', role: 'viewer' },
  { id: 'us-operator', nation: 'US', role: 'operator' },
  { id: 'us-commander', nation: 'US', role: 'commander' },
  { id: 'ca-viewer', nation: 'CA', role: 'viewer' },
  { id: 'ca-commander', nation: 'CA', role: 'commander' },
  { id: 'us-admin', nation: 'US', role: 'admin' },
];
const secretOf = (id: string): string => `secret of ${id}`;

let users: Promise<UserConfig[]> | undefined;
export function testUsers(): Promise<UserConfig[]> {
  users ??= Promise.all(PEOPLE.map(async (p) => ({ ...p, secret: await hashSecret(secretOf(p.id), TEST_COST) })));
  return users;
}

export function basic(id: string, secret = secretOf(id)): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
}

let worlds: Record<string, World> | undefined;
/**
 * The small raid (two ICBMs at Seattle and Anchorage, NGI and GBI batteries) built once, in two
 * coalitions. The engine flies line-of-sight radars only, so a Canadian radar is stood in by the LRDR's
 * model under the id of Canada's P-OTHR (owner CA in the policies): 'withheld' is norad-integrated with
 * Canada sharing nothing (illustrative), 'integrated' is norad-integrated as shipped.
 */
export function testWorlds(): Record<string, World> {
  if (worlds) return worlds;
  // truth tracks and no forward-based radar: the tests are of the server's filters (who may see what,
  // and when), on a raid where the Canadian stand-in radar sees objects first; the estimated-track events'
  // filtering is tested in core (event-visibility.test.ts)
  const base = buildWorld({ ...smallRaidRequest(alaskaCaliforniaBatteries(4)), radars: ['uewr-clear', 'lrdr-clear'], tracks: 'truth' });
  const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
  const withheld: CoalitionPolicy = {
    ...norad,
    name: 'norad-ca-withholds (test)',
    nations: { ...norad.nations, CA: { ...norad.nations.CA, sharing: [] } },
  };
  const radars = base.radars.map((r) => (r.id === 'lrdr-clear' ? { ...r, id: 'p-othr', owner: 'CA' } : r));
  worlds = { withheld: { ...base, radars, policy: withheld }, integrated: { ...base, radars, policy: norad } };
  return worlds;
}

let commanded: World | undefined;
/**
 * The small raid under norad-integrated with the US asking for its own approval (30 s modelled) of
 * engagements by its batteries, as in the engine's live-command tests: on a server with a US commander,
 * a live trial of it waits for that commander (the scenario's timeout rule: the default 120 s, then deny).
 */
export function commandedWorld(): World {
  if (commanded) return commanded;
  const w = testWorlds().integrated;
  const us = w.policy.nations.US;
  commanded = {
    ...w,
    policy: {
      ...w.policy,
      name: 'norad-us-approves (test)',
      nations: { ...w.policy.nations, US: { ...us, approval: { delay: 30, ownAssets: true, overTerritory: 'open' } } },
    },
  };
  return commanded;
}
