import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { emailKeys } from '../db/keys.ts';
import { withoutEmailAddresses } from '../privacy/redaction.ts';
import { subjectLine } from './subject-line.ts';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe on marketing mail; transactional mail has none). */
  headers?: { name: string; value: string }[];
  /** SES message tags, echoed in its delivery, open, click, bounce and complaint events. */
  tags?: { name: string; value: string }[];
  /** Where replies go (campaign mail: the address SES receives replies on). */
  replyTo?: string;
}

/**
 * Sends an email at most once per `sendKey`: a marker is claimed before the SES call and released
 * if SES refuses, so a retried event never mails twice (a crash in the middle of the SES call can
 * lose that one email, never double it). A refusal is rethrown with no email address in its message.
 */
export class EmailSender {
  constructor(
    private readonly table: TableRef,
    private readonly from: string,
    private readonly ses: SESv2Client = new SESv2Client({}),
    /** The SES configuration set (event destinations for delivery, opens, clicks, bounces). */
    private readonly defaultConfigurationSet?: string,
  ) {}

  async sendOnce(
    sendKey: string,
    email: Email,
    configurationSet = this.defaultConfigurationSet,
  ): Promise<'sent' | 'already-sent'> {
    return (await this.sendOnceWithMessageId(sendKey, email, configurationSet)).outcome;
  }

  /** As sendOnce, with the id SES gave the email when this call sent it (its Message-ID is `<id@…amazonses.com>`). */
  async sendOnceWithMessageId(
    sendKey: string,
    email: Email,
    configurationSet = this.defaultConfigurationSet,
  ): Promise<{ outcome: 'sent'; sesMessageId?: string } | { outcome: 'already-sent' }> {
    try {
      await this.table.db.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...emailKeys.sent(sendKey), entity: 'EmailSent', to: 'redacted' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { outcome: 'already-sent' };
      throw error;
    }
    try {
      const { MessageId } = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [email.to] },
          ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
          Content: {
            Simple: {
              // UTF-8 said outright: without a charset SES assumes 7-bit ASCII, and Persian or Arabic text is mangled.
              Subject: { Data: subjectLine(email.subject), Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
              ...(email.headers?.length
                ? { Headers: email.headers.map(({ name, value }) => ({ Name: name, Value: value })) }
                : {}),
            },
          },
          ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          ...(email.tags?.length
            ? { EmailTags: email.tags.map(({ name, value }) => ({ Name: name, Value: value })) }
            : {}),
        }),
      );
      return { outcome: 'sent', ...(MessageId ? { sesMessageId: MessageId } : {}) };
    } catch (error) {
      await this.table.db.send(new DeleteCommand({ TableName: this.table.tableName, Key: emailKeys.sent(sendKey) }));
      // SES names the recipient in some refusals (MessageRejected in the sandbox); the error goes on to
      // logs, the workflow's Cause and failure items, so it leaves here without the address.
      throw withoutEmailAddresses(error);
    }
  }
}
