/**
 * Tiny scenarios for the campaign-command tests: one Hwasong-17 (a warhead and four decoys) at Seattle;
 * NGIs at Fort Greely; an optional notional SBI layer. Building a world flies one missile, so each
 * campaign takes a second or two.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A notional SBI layer of `planes` x `perPlane` satellites at 450 km, 55°. */
const sbiLayer = (planes: number, perPlane: number): string =>
  `    - {id: sbi, interceptor: notional-sbi, owner: US, altitude_km: 450, inclination_deg: 55, planes: ${planes}, per_plane: ${perPlane}, phasing: 1, single_shot_pk: 0.7}`;

export interface TinyScenario {
  /** NGIs at Fort Greely (default 4). */
  inventory?: number;
  /** The SBI layer: true for 26 x 50 satellites, or its planes and satellites per plane; absent: none. */
  sbi?: boolean | { planes: number; perPlane: number };
  /** monte_carlo.trials (default 20). */
  trials?: number;
}

/** The text of a tiny scenario named `name` (the name a file of it must carry). */
export function tinyScenarioText(name: string, { inventory = 4, sbi = false, trials = 20 }: TinyScenario = {}): string {
  const layer = sbi === true ? sbiLayer(26, 50) : sbi ? sbiLayer(sbi.planes, sbi.perPlane) : undefined;
  return `name: ${name}
summary: One Hwasong-17 at Seattle against NGIs at Fort Greely${layer ? ' and a notional SBI layer' : ''}.
sources: ["test scenario"]
epoch: "2029-01-01T00:00:00Z"
seed: 1
policy: norad-integrated
raid:
  - {id: m1, type: hwasong-17, from: pyongyang-sunan, to: Seattle, target: {id: seattle, nation: US}, launch_time_s: 0}
architecture:
  radars: [uewr-clear, lrdr-clear]
  batteries:
    - {id: ngi-fort-greely, interceptor: ngi, at: "63.95,-145.73", owner: US, class: midcourse, inventory: ${inventory}}
  space_layers:${layer ? `\n${layer}` : ' []'}
doctrine: {shots_per_threat: 2, shoot_look_shoot: false, kill_assessment_delay_s: 60, reserve_fraction: 0, layer_order: [space, midcourse, terminal]}
monte_carlo: {trials: ${trials}, seed: 1}
`;
}

/** Writes `<dir>/<name>.yaml` (the name must match the file) and returns its path. */
export function writeTinyScenario(dir: string, name: string, inventory: number, sbi: boolean): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, tinyScenarioText(name, { inventory, sbi }));
  return file;
}
