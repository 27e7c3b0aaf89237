import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { recordEmailFeedback } from '#shared/campaigns/email-feedback.service.ts';
import { feedbackFromSesEvent } from '#shared/campaigns/ses-feedback.ts';
import { deps } from '../dependencies.ts';
import { logger } from '../observability.ts';

/** SES delivery, open, click, bounce and complaint events of campaign emails → engagement or suppression. */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) => {
  const feedback = feedbackFromSesEvent(event.detail);
  if (!feedback) return;
  const outcome = await recordEmailFeedback(deps(), feedback);
  logger.info('SES feedback', { type: feedback.type, recorded: outcome.recorded });
}).use(injectLambdaContext(logger, { resetKeys: true }));
