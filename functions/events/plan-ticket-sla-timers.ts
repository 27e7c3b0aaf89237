import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { planTicketSlaTimers, replanOpenTicketSlas } from '#shared/sla/ticket-sla-timers.service.ts';
import { logger } from '../observability.ts';
import { ticketSlaTimerDeps } from '../timed-dependencies.ts';

const TicketEvent = z.object({ ticketId: z.string().min(1) });

/**
 * A ticket event that can move its SLA → its warning and breach timers, planned from the ticket as it is now;
 * SLA Settings Changed → every unfinished ticket's due time and timers, under the new settings. Throws to let
 * EventBridge retry (both are idempotent).
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) => {
  if (event['detail-type'] === 'SLA Settings Changed') {
    const totals = await replanOpenTicketSlas(ticketSlaTimerDeps());
    logger.info("Open tickets' SLAs planned again", totals);
    return;
  }
  const { ticketId } = TicketEvent.parse(event.detail);
  const planned = await planTicketSlaTimers(ticketSlaTimerDeps(), ticketId);
  logger.info('Ticket SLA timers planned', { ticketId, cause: event['detail-type'], timers: planned.length });
}).use(injectLambdaContext(logger, { resetKeys: true }));
