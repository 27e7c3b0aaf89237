import * as z from 'zod';
import { fireTicketSlaTimer } from '#shared/sla/ticket-sla-timers.service.ts';
import { taskHandler } from '../kit/task-handler.ts';
import { logger } from '../observability.ts';
import { ticketSlaTimerDeps } from '../timed-dependencies.ts';
import { oncePerFiring, TimerFiringInput } from './fired-once.ts';

/** Fired by a ticket's SLA warning or breach timer: publish and escalate if it is still due (once per firing). */
export const handler = taskHandler(
  z.object({
    ticketId: z.string(),
    metric: z.enum(['firstResponse', 'resolution']),
    kind: z.enum(['warning', 'breach']),
    firing: TimerFiringInput,
  }),
  async (timer, context) =>
    oncePerFiring(
      timer.firing,
      context.awsRequestId,
      async () => {
        const outcome = await fireTicketSlaTimer(ticketSlaTimerDeps(), timer);
        logger.info('Ticket SLA timer fired', { ticketId: timer.ticketId, metric: timer.metric, outcome });
        return { outcome };
      },
      () => ({ outcome: 'duplicate' as const }),
    ),
);
