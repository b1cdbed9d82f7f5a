/**
 * The real server (packages/server's buildServer) serving a freshly built web picture, in demo mode
 * on 127.0.0.1 with a free port, for the browser tests. The picture is built by Vite into a temporary
 * folder (a second or two: Cesium is copied, not bundled).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoalitionPolicy, World } from '@golden-dome/core';
import { buildScenarioWorld, buildWorld, loadPolicies, loadScenario, SCENARIO_DIR } from '@golden-dome/scenario';
import { buildServer, type UserConfig, worldLibrary } from '@golden-dome/server';
import { build } from 'vite';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the picture with the package's vite.config.ts into `outDir`. */
export async function buildPicture(outDir: string): Promise<void> {
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/**
 * A raid in which a Canadian sensor sees what no US sensor does, under a policy in which Canada
 * shares nothing (illustrative): Canada's A-OTHR (southern Ontario, looking north; band 1,000–3,000 km,
 * below 300 km altitude) watches the re-entry of a polar shot from Kozelsk at Iqaluit, while the UEWR
 * at Clear (Alaska) sees the Pacific shot from Pyongyang at Seattle and nothing of the polar one (it
 * faces the Pacific and Iqaluit is beyond its horizon). The US has an NGI battery at Fort Greely; the
 * US plans alone. 'ca-shares' is the same raid under norad-integrated as shipped (Canada shares A-OTHR).
 */
export function withholdingWorlds(): Record<'ca-withholds' | 'ca-shares', World> {
  const norad = loadPolicies().get('norad-integrated') as CoalitionPolicy;
  const world = buildWorld({
    epoch: '2029-01-01T00:00:00Z',
    policy: norad,
    raid: [
      { id: 'polar', type: 'notional-solid-icbm', from: 'kozelsk', to: 'Iqaluit', target: { id: 'iqaluit', nation: 'CA' }, launchTime: 0 },
      { id: 'pacific', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'Seattle', target: { id: 'seattle', nation: 'US' }, launchTime: 0 },
    ],
    radars: ['a-othr', 'tpy2-shariki', 'uewr-clear'],
    batteries: [{ id: 'ngi-fort-greely', interceptor: 'ngi', at: '63.95,-145.73', owner: 'US', assetClass: 'midcourse', inventory: 4 }],
    planningNations: ['US'],
  });
  const withholds: CoalitionPolicy = {
    ...norad,
    name: 'norad, CA shares nothing (test)',
    nations: { ...norad.nations, CA: { ...norad.nations.CA, sharing: [] } },
  };
  return { 'ca-withholds': { ...world, policy: withholds }, 'ca-shares': world };
}

/**
 * The Pacific shot of the withholding raid with the US asking for its own approval of its engagements
 * (30 s modelled), and a timeout rule that approves after 120 s: on a server with a US commander, a live
 * trial of it waits for that commander, and a shot nobody denies flies when the rule falls.
 */
export function commandedWorld(): World {
  const w = withholdingWorlds()['ca-shares'];
  const us = w.policy.nations.US;
  return {
    ...w,
    policy: {
      ...w.policy,
      name: 'norad, US approves its own (test)',
      nations: { ...w.policy.nations, US: { ...us, approval: { delay: 30, ownAssets: true, overTerritory: 'open' } } },
    },
    settings: { ...w.settings, approvalTimeout: { after: 120, then: 'approve' } },
  };
}

/**
 * The library's bomber raid (russia-bomber-raid: two bombers releasing twelve Kh-101s, Canada's OTH and
 * NWS radars and a US E-7 and E-3, under norad-integrated), and the same raid with Canada sharing nothing
 * (illustrative): there the US has its AEW alone, which never sees the bombers.
 */
export function bomberRaidWorlds(): Record<'russia-bomber-raid' | 'bomber-raid-ca-withholds', World> {
  const world = buildScenarioWorld(loadScenario(join(SCENARIO_DIR, 'russia-bomber-raid.yaml')));
  const p = world.policy;
  const withholds: CoalitionPolicy = {
    ...p,
    name: 'norad, CA shares nothing (test)',
    nations: { ...p.nations, CA: { ...p.nations.CA, sharing: [], engagementSharing: [] } },
  };
  return { 'russia-bomber-raid': world, 'bomber-raid-ca-withholds': { ...world, policy: withholds } };
}

export interface PictureServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  close(): Promise<void>;
}

/** Builds the picture, starts the server in demo mode on 127.0.0.1:0 with these worlds (and users), serving it. */
export async function startPictureServer(worlds: Record<string, World>, users: UserConfig[] = []): Promise<PictureServer> {
  const webRoot = mkdtempSync(join(tmpdir(), 'dome-web-'));
  try {
    await buildPicture(webRoot);
    const app = await buildServer({ users, demo: true, webRoot, scenarios: worldLibrary(worlds) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
    return {
      url: `http://127.0.0.1:${address.port}/`,
      async close() {
        await app.close();
        rmSync(webRoot, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(webRoot, { recursive: true, force: true });
    throw e;
  }
}
