import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEG } from '@golden-dome/core';
import type { CoalitionPolicy, NationPolicy, TerritoryRegion } from '@golden-dome/core';
import { loadCatalog } from '../catalog/catalog.ts';
import { loadSensorCatalog } from '../catalog/sensor-catalog.ts';
import { defendedAssetPlace } from '../places.ts';
import { InputError, loadValidatedYaml, parseValidatedYaml } from '../validated-yaml.ts';
import { policyFileSchema, type PolicyFile } from './policy-schema.ts';

/** The example policies shipped with the scenario package (illustrative, not official policy). */
export const POLICY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'policies');

function sensorOwners(): ReadonlyMap<string, string> {
  return new Map([...loadSensorCatalog().values()].map((e) => [e.id, e.owner]));
}

/** A defended asset's name must be a place of its nation (the report maps it): the problem, or undefined. */
function placeProblem(asset: { id: string; nation: string; name: string }): string | undefined {
  try {
    defendedAssetPlace(asset, loadCatalog());
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A validated policy file in SI (degrees to radians), once, at the edge. */
export function resolvePolicy(f: PolicyFile): CoalitionPolicy {
  const nations: Record<string, NationPolicy> = {};
  for (const [code, p] of Object.entries(f.nations)) {
    nations[code] = {
      nation: code,
      name: p.name,
      territory: p.territory.map((r): TerritoryRegion =>
        'box_deg' in r
          ? {
              kind: 'box',
              south: r.box_deg.south * DEG,
              north: r.box_deg.north * DEG,
              west: r.box_deg.west * DEG,
              east: r.box_deg.east * DEG,
            }
          : { kind: 'polygon', vertices: r.polygon_deg.map(([lat, lon]) => ({ latitude: lat * DEG, longitude: lon * DEG })) },
      ),
      engagement: p.engage.map((r) => ({ assetClasses: r.asset_classes, defend: r.defend, consentOf: r.consent_of })),
      approval: p.approval && {
        delay: p.approval.delay_s,
        ownAssets: p.approval.own_assets,
        overTerritory: p.approval.over_territory,
        ...(p.approval.hosted_launches
          ? { hostedLaunches: { of: p.approval.hosted_launches.of, assetClasses: p.approval.hosted_launches.asset_classes } }
          : {}),
      },
      sharing: p.share.map((r) => ({
        sensors: r.sensors,
        sensorClasses: r.sensor_classes,
        with: r.with,
        delay: r.delay_s,
        sigmaFactor: r.sigma_factor,
      })),
      ...(p.share_engagements.length > 0
        ? { engagementSharing: p.share_engagements.map((r) => ({ with: r.with, delay: r.delay_s })) }
        : {}),
      priorities: { assets: p.priorities.assets, nations: p.priorities.nations, defaultWeight: p.priorities.default },
    };
  }
  return {
    name: f.name,
    nations,
    assets: f.assets.map((a) => ({ id: a.id, owner: a.owner, kind: a.kind, assetClass: a.class })),
    defended: f.defended.map((d) => ({ id: d.id, nation: d.nation, value: d.value, name: d.name })),
  };
}

/** Parses policy YAML text; errors name the file, line and field. Sensor owners are checked against the catalog. */
export function parsePolicy(text: string, file: string): CoalitionPolicy {
  return resolvePolicy(parseValidatedYaml(text, policyFileSchema(sensorOwners(), placeProblem), file));
}

/** Loads a policy file; errors name the file, line and field. The `name` must match the file name. */
export function loadPolicy(file: string): CoalitionPolicy {
  const f = loadValidatedYaml(file, policyFileSchema(sensorOwners(), placeProblem));
  if (f.name !== basename(file, '.yaml'))
    throw new InputError(file, [`field 'name': '${f.name}' must match the file name '${basename(file)}'`]);
  return resolvePolicy(f);
}

/** Loads every policies/*.yaml by name. */
export function loadPolicies(dir = POLICY_DIR): ReadonlyMap<string, CoalitionPolicy> {
  const out = new Map<string, CoalitionPolicy>();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.yaml'))
    .sort()) {
    const p = loadPolicy(join(dir, f));
    out.set(p.name, p);
  }
  return out;
}
