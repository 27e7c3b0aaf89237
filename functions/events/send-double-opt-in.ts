import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventCatalog } from '#shared/events/catalog.ts';
import { sendDoubleOptIn } from '#shared/leads/double-opt-in.service.ts';
import { doubleOptInDeps } from '../dependencies.ts';
import { logger } from '../observability.ts';

/** Lead Received (double opt-in required) → the confirmation email. Throws to let EventBridge retry. */
export const handler = middy(async (event: EventBridgeEvent<'Lead Received', unknown>) => {
  const lead = eventCatalog['Lead Received'].detail.parse(event.detail);
  const outcome = await sendDoubleOptIn(await doubleOptInDeps(), lead);
  logger.info('Double opt-in email', { submissionId: lead.submissionId, outcome });
}).use(injectLambdaContext(logger, { resetKeys: true }));
