/** The partner study's per-trial reduction lives with the trial pool that computes it (@golden-dome/pool). */
export {
  outcomeContext,
  type OutcomeContext,
  partnerApprovalOf,
  refusalKind,
  trialOutcome,
  type TrialOutcome,
  WARHEAD_FATES,
  type WarheadFate,
  type NationTimes,
  TIME_FIGURES,
  type TimeFigureName,
} from '@golden-dome/pool';
