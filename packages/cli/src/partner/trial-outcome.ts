/** The partner study's per-trial reduction lives with the trial pool that computes it (@golden-dome/pool). */
export { outcomeContext, type OutcomeContext, partnerApprovalOf, trialOutcome, type TrialOutcome } from '@golden-dome/pool';
