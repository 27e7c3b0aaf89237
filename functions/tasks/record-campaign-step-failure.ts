import * as z from 'zod';
import { recordCampaignStepFailure } from '#shared/campaigns/campaign-step.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the campaign-step workflow: publish Campaign Step Failed for a step that kept failing. */
export const handler = taskHandler(
  z.object({
    campaignId: z.string(),
    contactId: z.string(),
    run: z.number().int(),
    dueAt: z.iso.datetime(),
    error: z.string(),
  }),
  (failure) => recordCampaignStepFailure(deps(), failure),
);
