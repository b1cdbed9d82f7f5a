/**
 * The terminal doctrine that waits for the air (docs/closed-kill-chain.md, "A terminal doctrine that
 * waits for the air").
 *
 * Above ~100 km a light decoy flies like a warhead; inside the atmosphere its drag gives it away (the
 * re-entry filter's ballistic-coefficient estimate, the drag cue). A terminal battery whose launch window
 * is still open once the object it would engage is low enough for the drag to have sorted the cluster can
 * hold an undecided track until then and decide on the drag evidence. This is the rule a terminal planner
 * applies, on the launch windows the world already has:
 *
 * - a track is undecided when engageBelow <= P(warhead) < 1 - engageBelow (the engage threshold mirrored:
 *   below it the track is judged a decoy, above the mirror a warhead; model choice);
 * - a terminal battery can wait for the air when its last launch (the latest launch that still meets the
 *   object inside its envelope) is no earlier than the decision would otherwise be made, and the object is
 *   then at or below `sortedAltitude`;
 * - an undecided track with at least one such battery is decided at the earliest of those batteries' last
 *   launches (the latest time at which every battery that can wait can still fire), on all the evidence
 *   held then; every other track is decided when it would be without the rule.
 */
export interface TerminalWindow {
  battery: string;
  /** The battery's last launch against the object [s] (from the world's launch windows). */
  latestLaunch: number;
  /** The object's altitude at that launch [m] (as it flies if it is a warhead: what a defender predicts). */
  altitudeAtLatestLaunch: number;
}

export interface TerminalWaitInput {
  /** When the battle manager would decide without the rule [s]. */
  decideAt: number;
  /** The track's P(warhead) then. */
  pWarhead: number;
  /** Tracks below this P(warhead) are judged decoys (the tracker's engageWarheadProbability). */
  engageBelow: number;
  /** The nation's terminal batteries' windows against the object. */
  windows: readonly TerminalWindow[];
  /** Altitude [m] below which the drag has sorted warheads from light decoys (default TERMINAL_SORTED_ALTITUDE). */
  sortedAltitude?: number;
}

export type TerminalWait = { wait: false } | { wait: true; until: number; batteries: string[] };

/**
 * 60 km: by then a 50 kg/m^2 balloon and a 6,000 kg/m^2 warhead started from the same wide ballistic-
 * coefficient prior are more than 3 combined sigma apart in >= 95 % of runs of the re-entry filter on
 * AN/TPY-2-class looks (core/tracking/reentry-ekf.test.ts, "atmospheric filtering"); a decoy's drag shows
 * from ~100 km. A model choice from that test, not a published figure.
 */
export const TERMINAL_SORTED_ALTITUDE = 60_000;

/** Whether a P(warhead) is undecided under the engage threshold (between it and its mirror 1 - threshold). */
export function undecidedWarhead(p: number, engageBelow: number): boolean {
  return p >= engageBelow && p < 1 - engageBelow;
}

/** The terminal wait rule (see the file's comment): when to decide an undecided track for the terminal layer. */
export function terminalWait(input: TerminalWaitInput): TerminalWait {
  if (!undecidedWarhead(input.pWarhead, input.engageBelow)) return { wait: false };
  const sorted = input.sortedAltitude ?? TERMINAL_SORTED_ALTITUDE;
  const able = input.windows.filter((w) => w.latestLaunch >= input.decideAt && w.altitudeAtLatestLaunch <= sorted);
  if (able.length === 0) return { wait: false };
  const until = Math.min(...able.map((w) => w.latestLaunch));
  return { wait: true, until, batteries: able.map((w) => w.battery) };
}
