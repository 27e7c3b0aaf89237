import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { recordInboundEmail } from '#shared/campaigns/inbound-email.service.ts';
import { inboundEmailFromSesRecord } from '#shared/campaigns/ses-inbound.ts';
import { deps } from '../dependencies.ts';
import { logger } from '../observability.ts';

/** Replies SES receives at the reply-to address → the contact's timeline and an `email_replied` engagement. */
export const handler = middy(async (event: SESEvent) => {
  for (const record of event.Records) {
    const email = inboundEmailFromSesRecord(record);
    if (!email) {
      logger.info('Inbound email ignored (spam, virus, or unauthenticated sender)');
      continue;
    }
    const outcome = await recordInboundEmail(deps(), email);
    logger.info('Inbound email', { recorded: outcome.recorded });
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
