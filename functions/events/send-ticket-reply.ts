import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventCatalog } from '#shared/events/catalog.ts';
import { emailTicketReply } from '#shared/tickets/ticket-reply.service.ts';
import { deps, supportMailSender } from '../dependencies.ts';
import { logger } from '../observability.ts';

/** Ticket Replied → the agent's answer emailed to the customer from the support address, once however often delivered. */
export const handler = middy(async (event: EventBridgeEvent<'Ticket Replied', unknown>) => {
  const reply = eventCatalog['Ticket Replied'].detail.parse(event.detail);
  const outcome = await emailTicketReply(
    { ...deps(), supportMail: supportMailSender() },
    { ticketId: reply.ticketId, messageId: reply.messageId, at: reply.occurredAt },
  );
  logger.info('Ticket reply email', { ticketId: reply.ticketId, messageId: reply.messageId, outcome });
}).use(injectLambdaContext(logger, { resetKeys: true }));
