import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { supportMailPrefix, supportReceiptFromSesRecord } from '#shared/tickets/ses-support-receipt.ts';
import { parseSupportEmail } from '#shared/tickets/support-email-mime.ts';
import { receiveSupportEmail } from '#shared/tickets/ticket-inbound-email.service.ts';
import { deps } from '../dependencies.ts';
import { logger } from '../observability.ts';

const s3 = new S3Client({});

/**
 * Email to the support address → a ticket, or a message on the ticket it answers. SES hands a Lambda
 * action the headers only, so the rule's S3 action stores the whole email first and this reads it back.
 * A failure throws: Lambda retries the async invocation, and receiving is idempotent on the Message-ID.
 */
export const handler = middy(async (event: SESEvent) => {
  for (const record of event.Records) {
    const receipt = supportReceiptFromSesRecord(record);
    if (!receipt) {
      logger.info('Support email ignored (spam, virus, or unauthenticated sender)');
      continue;
    }
    const stored = await s3.send(
      new GetObjectCommand({
        // SUPPORT_MAIL_BUCKET: the bucket the receipt rule's S3 action stores into.
        Bucket: process.env.SUPPORT_MAIL_BUCKET,
        Key: `${supportMailPrefix}${receipt.sesMessageId}`,
      }),
    );
    const raw = Buffer.from((await stored.Body?.transformToByteArray()) ?? []);
    const email = await parseSupportEmail(raw, receipt.receivedAt);
    if (!email) {
      logger.info('Support email ignored (no sender address)', { sesMessageId: receipt.sesMessageId });
      continue;
    }
    const filed = await receiveSupportEmail(deps(), email);
    // Ids and the outcome only: never the address, subject or text.
    logger.info('Support email', {
      outcome: filed.outcome,
      ticketId: filed.ticketId,
      sesMessageId: receipt.sesMessageId,
    });
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
