/**
 * Fixtures of the partner-study tests: a small test raid against NGIs (the few lines each test changes),
 * and the reference study's `nations:` block (catalog/studies/canada-partner.yaml: each nation's values,
 * with their sources) that every test study reuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STUDY_DIR } from '@golden-dome/scenario';

/** The reference study's `nations:` block, as text to put in a test study. */
export function referenceNations(): string {
  const reference = readFileSync(join(STUDY_DIR, 'canada-partner.yaml'), 'utf8');
  return reference.slice(reference.indexOf('nations:\n'), reference.indexOf('\ncost:\n'));
}

export interface TestRaid {
  name: string;
  summary: string;
  /** The raid's missiles, one flow mapping each. */
  raid: string[];
  /** The scenario's `defended` entries, if any. */
  defended?: string[];
  /** The batteries, one flow mapping each (none: no battery). */
  batteries: string[];
  shotsPerThreat: number;
  trials: number;
}

/** A test raid's scenario text: the policy norad-integrated, the Clear radars, no space layer. */
export function testRaidText(r: TestRaid): string {
  const list = (indent: string, xs: string[]) => xs.map((x) => `${indent}- ${x}`).join('\n');
  return `name: ${r.name}
summary: ${r.summary}
sources: ["test scenario"]
epoch: "2029-01-01T00:00:00Z"
seed: 1
policy: norad-integrated
raid:
${list('  ', r.raid)}
${r.defended ? `defended:\n${list('  ', r.defended)}\n` : ''}architecture:
  radars: [uewr-clear, lrdr-clear]
  batteries:${r.batteries.length > 0 ? `\n${list('    ', r.batteries)}` : ' []'}
  space_layers: []
doctrine: {shots_per_threat: ${r.shotsPerThreat}, shoot_look_shoot: false, kill_assessment_delay_s: 60, reserve_fraction: 0, layer_order: [space, midcourse, terminal]}
monte_carlo: {trials: ${r.trials}, seed: 1}
`;
}

/** The `out` option of the test studies (not joining: the US defends the US only), as text under `options:`. */
export const OUT_OPTION = `  - id: out
    name: Not joining
    summary: The US defends the US only.
    policy: us-alone
    contributes: {assets: none, data: none, territory: none, money: none}
    controls: {approvals: none, sharing: none, priorities: none}
`;

/** The `host` option of the test studies: a US NGI battery of `inventory` rounds near Prince George, whose intercepts over Canada need its approval. */
export function hostOption(inventory: number): string {
  return `  - id: host
    name: Host a site
    summary: A US battery in British Columbia; intercepts over Canada need its approval.
    policy: canada-host
    add:
      batteries:
        - {id: ngi-bc, interceptor: ngi, at: "53.9,-122.8", owner: US, class: midcourse, inventory: ${inventory}, cost_system: ngi, source: "test: notional site near Prince George"}
    contributes: {assets: none, data: tracks, territory: a site, money: none}
    controls: {approvals: over its territory, sharing: its radars, priorities: equal}
`;
}
