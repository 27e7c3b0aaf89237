import * as z from 'zod';
import { checkLeadSla } from '#shared/leads/lead-owner-notice.service.ts';
import { ownerNoticeDeps } from '../timed-dependencies.ts';
import { logger } from '../observability.ts';
import { taskHandler } from '../kit/task-handler.ts';
import { oncePerFiring, TimerFiringInput } from './fired-once.ts';

/** Fired by the one-time SLA timer of an assigned lead: reassign it if its owner has not touched it (once per firing). */
export const handler = taskHandler(
  z.object({ contactId: z.string(), ownerId: z.string(), assignedAt: z.string(), firing: TimerFiringInput.optional() }),
  async ({ firing, ...timer }, context) =>
    oncePerFiring(
      firing,
      context.awsRequestId,
      async () => {
        const outcome = await checkLeadSla(ownerNoticeDeps(), timer);
        logger.info('Lead SLA checked', { contactId: timer.contactId, action: outcome.action });
        return outcome;
      },
      () => ({ action: 'none' as const, reason: 'duplicate' as const }),
    ),
);
