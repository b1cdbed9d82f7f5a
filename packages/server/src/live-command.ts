import {
  type ApprovalTimeout,
  DEFAULT_APPROVAL_TIMEOUT,
  type EngagementDecision,
  type EngineEvent,
  type NationCode,
  type World,
} from '@golden-dome/core';
import { logOf } from '@golden-dome/pool';

/** A live trial's command: the nations whose commanders decide, and the scenario's timeout rule. Fixed when the trial starts. */
export interface TrialCommand {
  nations: NationCode[];
  timeout: ApprovalTimeout;
}

/**
 * The command of a new live trial: the nations whose policy asks for their approval of some engagements
 * (an `approval` rule) and that have a commander (or admin) account on this server; none, no command.
 *
 * Fixed when the trial starts, not following who is connected: whether a nation is commanded changes
 * its shots from the first request on, so a nation joining later could not be commanded without
 * rewriting the trial's past; and a nation with no commander here could never answer, so its approvals
 * keep the policy's modelled delay rather than all falling to the timeout rule.
 */
export function trialCommand(world: World, commanders: ReadonlySet<NationCode>): TrialCommand | undefined {
  const nations = Object.keys(world.policy.nations)
    .filter((n) => world.policy.nations[n].approval !== undefined && commanders.has(n))
    .sort();
  return nations.length > 0 ? { nations, timeout: { ...(world.settings.approvalTimeout ?? DEFAULT_APPROVAL_TIMEOUT) } } : undefined;
}

/** A trial's log: a pure function of world, seed and (a live trial) its command and the decisions received (what the pool's `log` task runs). */
export function trialLog(
  world: World,
  seed: number,
  command: TrialCommand | undefined,
  decisions: readonly EngagementDecision[],
): EngineEvent[] {
  return logOf(world, { seed, ...(command ? { command: { ...command, decisions } } : {}) });
}

type Assign = Extract<EngineEvent, { type: 'assign' }>;

/**
 * Why a decision of `nation` at scenario time `t` on the engagement (weapon, object) cannot be taken in
 * this trial (a 409's message), or undefined when the engagement is pending: one of its requests (an
 * `assign` waiting for the nation's approval) was made at or before t and its timeout has not passed,
 * and no commander of the nation has decided it yet. The engagement is known to exist. `t` undefined:
 * no connection of the nation watches the trial, so it has no live time.
 */
export function pendingRefusal(
  trial: { id: string; events: readonly EngineEvent[]; command?: TrialCommand | undefined; decisions: readonly EngagementDecision[] },
  nation: NationCode,
  weapon: string,
  object: string,
  t: number | undefined,
): string | undefined {
  const what = `the engagement of ${object} by ${weapon}`;
  const command = trial.command;
  if (!command || !command.nations.includes(nation))
    return `trial ${trial.id} is not under ${nation}'s live command: its approvals follow the policy's modelled delay (a live trial started on a server where ${nation} has a commander is)`;
  const requests = trial.events.filter(
    (e): e is Assign => e.type === 'assign' && e.weapon === weapon && e.object === object && e.approvals.some((a) => a.nation === nation),
  );
  if (requests.length === 0) return `${what} does not wait for ${nation}'s approval`;
  if (trial.decisions.some((d) => d.nation === nation && d.weapon === weapon && d.object === object)) return `${what} is already decided`;
  if (t === undefined)
    return `nobody of ${nation} is watching trial ${trial.id} live: a decision is taken at the scenario time of the nation's picture (watch it on /ws)`;
  const eps = 1e-9;
  if (requests.some((a) => a.t <= t + eps && t <= a.t + command.timeout.after + eps)) return undefined;
  const first = requests[0];
  if (first.t > t + eps) return `${what} is not requested yet at t = ${t.toFixed(1)} s`;
  const last = requests.filter((a) => a.t <= t + eps).at(-1) as Assign;
  return `${what} was decided by the timeout rule (${command.timeout.then} after ${command.timeout.after} s) at t = ${(last.t + command.timeout.after).toFixed(1)} s: a decision at t = ${t.toFixed(1)} s is too late`;
}
