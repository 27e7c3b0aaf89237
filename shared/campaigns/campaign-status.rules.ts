import type { Campaign } from './campaign.schema.ts';

type Status = Campaign['status'];

/**
 * Whether a campaign may move from one status to another: archived is final, and a campaign runs
 * (active) only once it has a published version. Returns the reason when it may not.
 */
export function statusChangeRefusal(
  campaign: Pick<Campaign, 'status' | 'publishedVersion'>,
  to: Status,
): string | undefined {
  if (campaign.status === to) return undefined;
  if (campaign.status === 'archived') return 'an archived campaign cannot be changed';
  if (to === 'active' && campaign.publishedVersion === undefined) return 'publish the campaign before activating it';
  if (to === 'paused' && campaign.status !== 'active') return 'only an active campaign can be paused';
  if (to === 'draft') return 'a campaign cannot go back to draft';
  return undefined;
}

/** The status after publishing: a draft starts running; a paused campaign stays paused; an active one stays active. */
export const statusAfterPublish = (status: Status): Status => (status === 'draft' ? 'active' : status);
