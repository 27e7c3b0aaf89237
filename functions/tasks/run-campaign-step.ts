import * as z from 'zod';
import { runCampaignStep } from '#shared/campaigns/campaign-step.service.ts';
import { campaignStepDeps } from '../timed-dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the campaign-step workflow: run one due step of an enrollment. */
export const handler = taskHandler(
  z.object({ campaignId: z.string(), contactId: z.string(), run: z.number().int(), dueAt: z.iso.datetime() }),
  async (timer) => runCampaignStep(await campaignStepDeps(), timer),
);
