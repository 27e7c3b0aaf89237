import { NotFound } from '../errors.ts';
import type { CampaignRepository } from './campaign.repository.ts';
import type { StepCountRepository } from './step-counts.repository.ts';
import { stepCountsOf } from './step-counts.rules.ts';
import type { CampaignVersion } from './campaign.schema.ts';
import type { VersionStepCounts } from './step-counts.schema.ts';

export interface StepCountDeps {
  campaigns: CampaignRepository;
  stepCounts: StepCountRepository;
}

/** A published version with its live numbers per step and in total: its item and one query of its counters, at once. */
export async function versionWithStepCounts(
  deps: StepCountDeps,
  campaignId: string,
  number: number,
): Promise<CampaignVersion & { stats: VersionStepCounts }> {
  const [version, { counters, firstCountedAt }] = await Promise.all([
    deps.campaigns.getVersion(campaignId, number),
    deps.stepCounts.versionCounts(campaignId, number),
  ]);
  if (!version) throw new NotFound(`Campaign ${campaignId} has no published version ${number}.`);
  return {
    ...version,
    stats: {
      countingSince: version.stepCountsSince ?? firstCountedAt ?? null,
      countsWholeVersion: version.stepCountsSince !== undefined,
      ...stepCountsOf(version.definition, counters),
    },
  };
}
