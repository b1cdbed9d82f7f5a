/**
 * The small partner study of the partner-study tests (dome partner-study, its --queue): one raid of three
 * Hwasong-17s and three options, one of which asks for Canada's approval, so that the command runs in seconds
 * (the reference study's own figures are measured by hand, docs/partner-study.md, not here).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostOption, OUT_OPTION, referenceNations, testRaidText } from './partner-fixtures.ts';

const RAID_TEXT = testRaidText({
  name: 'pacific-pair',
  summary:
    "Three Hwasong-17s at Seattle, Vancouver and Victoria (a city the scenario adds to the policy's) against NGIs at Fort Greely (test raid).",
  raid: [
    '{id: sea, type: hwasong-17, from: pyongyang-sunan, to: Seattle, target: {id: seattle, nation: US}, launch_time_s: 0}',
    '{id: van, type: hwasong-17, from: pyongyang-sunan, to: Vancouver, target: {id: vancouver, nation: CA}, launch_time_s: 30}',
    '{id: vic, type: hwasong-17, from: pyongyang-sunan, to: "Victoria, CA", target: {id: victoria, nation: CA}, launch_time_s: 45}',
  ],
  defended: ['{cities: ["Victoria, CA"]}'],
  batteries: ['{id: ngi-fort-greely, interceptor: ngi, at: "63.95,-145.73", owner: US, class: midcourse, inventory: 6}'],
  shotsPerThreat: 2,
  trials: 10,
});
const nations = referenceNations();
export const SMALL_STUDY_TEXT = `name: small-partner
summary: Canada's options against a two-missile Pacific raid (test study).
illustrative: true
partner: CA
members: [US]
raids:
  - {scenario: ./pacific-pair.yaml}
monte_carlo: {trials: 6, seed: 3}
${nations}
cost:
  horizon_years: 20
  systems:
    - {system: ngi, count: 6, owner: US, source: "test: the raid's battery"}
  published_total: {value_usd: 1.2e12, dollar_year: 2026, label: "CBO (test)", source: "test: CBO 12 May 2026 via Military Times"}
options:
${OUT_OPTION}  - id: data
    name: Sensor data
    summary: Canada shares its OTH radars.
    policy: canada-sensor-sharing
    add: {radars: [a-othr, p-othr]}
    measure_added_radars: true
    asset_values:
      - {owner: CA, item: "OTH radars", value_usd: 8.5e9, dollar_year: 2022, source: "test: derived as in the reference study"}
    contributes: {assets: radars, data: tracks, territory: sites, money: radars}
    controls: {approvals: none, sharing: its radars, priorities: none}
${hostOption(6)}`;

/** Writes the study (small-partner.yaml) and its raid (pacific-pair.yaml) into `dir`; returns the study's path. */
export function writeSmallPartnerStudy(dir: string): string {
  writeFileSync(join(dir, 'pacific-pair.yaml'), RAID_TEXT);
  const file = join(dir, 'small-partner.yaml');
  writeFileSync(file, SMALL_STUDY_TEXT);
  return file;
}
