import * as z from 'zod';
import { checkLeadSla } from '#shared/leads/lead-owner-notice.service.ts';
import { ownerNoticeDeps } from '../timed-dependencies.ts';
import { logger } from '../observability.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Fired by the one-time SLA timer of an assigned lead: reassign it if its owner has not touched it. */
export const handler = taskHandler(
  z.object({ contactId: z.string(), ownerId: z.string(), assignedAt: z.string() }),
  async (timer) => {
    const outcome = await checkLeadSla(ownerNoticeDeps(), timer);
    logger.info('Lead SLA checked', { contactId: timer.contactId, action: outcome.action });
    return outcome;
  },
);
