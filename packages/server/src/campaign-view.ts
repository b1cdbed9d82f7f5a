import { type NationCode, trialsCsv } from '@golden-dome/core';
import type { Campaign } from './campaign-queue.ts';
import type { CampaignOutcome } from './campaigns.ts';
import type { User } from './users.ts';

/**
 * Who a campaign's outputs are for, over REST. A campaign is computed from its starter's nation's view
 * (CampaignBoard passes the nation to the runner: core's campaignLog, the events eventsVisibleTo
 * releases to it) and only that nation's users may read it (another nation's campaign is 404). A
 * request may name the view it expects (`?as=CA`, or `as` when starting one): the user's own nation
 * only; another nation's view is refused (403) whatever the campaign, so that a question about another
 * nation's picture is never answered, not even with "no such campaign".
 */
export const VIEW_PATTERN = '^[A-Z]{2,3}$';

/** Null when the user may have that view; otherwise the refusal (403). */
export function viewRefusal(user: User, as: NationCode | undefined): { status: 403; message: string } | null {
  if (as === undefined || as === user.nation) return null;
  return {
    status: 403,
    message: `${user.id} is a user of ${user.nation}: it may receive ${user.nation}'s view of a campaign only, not ${as}'s`,
  };
}

/**
 * The outcome, when the runner computed it from the campaign's nation's view; throws otherwise (fail
 * closed: a runner that ignored the view computed numbers that nation may not have).
 */
export function outcomeOfView(outcome: CampaignOutcome, nation: NationCode): CampaignOutcome {
  if (outcome.nation !== nation)
    throw new Error(
      `the campaign runner computed ${outcome.nation === undefined ? 'the whole log' : `${outcome.nation}'s view`}, not ${nation}'s: results withheld`,
    );
  return outcome;
}

/** `GET /api/campaigns/:id/results`: the metrics of the campaign's view, and whose view it is. */
export function campaignResultsJson(c: Campaign, outcome: CampaignOutcome): Record<string, unknown> {
  return {
    id: c.id,
    scenario: c.scenario,
    seed: c.seed,
    state: c.state,
    nation: outcome.nation,
    trials: outcome.trials,
    ...(outcome.representative
      ? {
          representativeTrial: {
            seed: outcome.representative.seed,
            warheadLeakers: outcome.representative.warheadLeakers,
            trialsWithCount: outcome.representative.trialsWithCount,
            rule: outcome.representative.rule,
          },
        }
      : {}),
    metrics: outcome.metrics,
  };
}

/** `GET /api/campaigns/:id/trials.csv`: one row per trial of the campaign's view (core's trialsCsv); null when the runner kept no rows. */
export function campaignTrialsCsv(outcome: CampaignOutcome): string | null {
  return outcome.summaries ? trialsCsv([{ labels: [], summaries: outcome.summaries }]) : null;
}
