import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { enrollContact } from '#shared/campaigns/enrollment.service.ts';
import { eventCatalog } from '#shared/events/catalog.ts';
import { enrollmentDeps } from '../timed-dependencies.ts';
import { logger } from '../observability.ts';

/** Campaign Enrollment Requested (a nurture hand-off) → the contact is enrolled, if the campaign runs and its policy allows. */
export const handler = middy(async (event: EventBridgeEvent<'Campaign Enrollment Requested', unknown>) => {
  const request = eventCatalog['Campaign Enrollment Requested'].detail.parse(event.detail);
  const outcome = await enrollContact(enrollmentDeps(), request.campaignId, request.contactId);
  logger.info('Enrollment requested', {
    campaignId: request.campaignId,
    enrolled: outcome.enrolled,
    ...(outcome.enrolled ? {} : { reason: outcome.reason }),
  });
}).use(injectLambdaContext(logger, { resetKeys: true }));
