import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { enrollOnEvent } from '#shared/campaigns/enrollment.service.ts';
import { logger } from '../observability.ts';
import { enrollmentDeps } from '../timed-dependencies.ts';

/** A lead, qualification, assignment, deal or contact event → enrollment in the campaigns whose `event` or `form` trigger it fires, or whose segment the contact has joined. */
export const handler = middy(async (event: EventBridgeEvent<string, Record<string, unknown>>) => {
  const enrolled = await enrollOnEvent(enrollmentDeps(), { detailType: event['detail-type'], detail: event.detail });
  if (enrolled.length)
    logger.info('Enrolled on trigger', {
      detailType: event['detail-type'],
      campaigns: enrolled.map(({ campaignId, outcome }) => ({ campaignId, enrolled: outcome.enrolled })),
    });
}).use(injectLambdaContext(logger, { resetKeys: true }));
