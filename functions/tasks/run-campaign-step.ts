import * as z from 'zod';
import { runCampaignStep } from '#shared/campaigns/campaign-step.service.ts';
import { campaignStepDeps } from '../timed-dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';
import { ExecutionContext, oncePerFiring } from '../timers/fired-once.ts';

/** Task of the campaign-step workflow: run one due step of an enrollment, once per timer firing. */
export const handler = taskHandler(
  z.object({
    campaignId: z.string(),
    contactId: z.string(),
    run: z.number().int(),
    dueAt: z.iso.datetime(),
    execution: ExecutionContext.optional(),
  }),
  async ({ execution, ...timer }) =>
    oncePerFiring(
      execution?.Input.firing,
      execution?.Id ?? '',
      async () => runCampaignStep(await campaignStepDeps(), timer),
      () => ({ continue: false, action: 'duplicate' as const }),
    ),
);
