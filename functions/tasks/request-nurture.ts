import * as z from 'zod';
import { requestNurtureEnrollment } from '#shared/leads/lead-lifecycle.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the lead-lifecycle workflow: hand a lead below MQL to its form's nurture campaign. */
export const handler = taskHandler(
  z.object({ contactId: z.string(), campaignId: z.string(), causationId: z.string() }),
  (request) => requestNurtureEnrollment(deps(), request),
);
