/** The campaign runner lives with the trial pool it runs on (@golden-dome/pool), shared with the server. */
export {
  type CampaignOptions,
  type CampaignPart,
  type CampaignProgress,
  type CampaignResult,
  type CampaignStatus,
  runCampaign,
  stoppingHalfWidth,
} from '@golden-dome/pool';
