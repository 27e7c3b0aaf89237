import { createHash } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import * as z from 'zod';
import { Ulid } from '../common/fields.ts';
import { ownValue, parseJsonOwnKeys } from '../common/own-keys.ts';
import { CreateContactRequest } from '../contacts/contact.schema.ts';
import { Unauthenticated, ValidationFailed } from '../errors.ts';
import { receiveLead, type LeadDeps, type LeadReceipt } from './lead-intake.service.ts';

/** What a partner system posts: a contact plus, optionally, the consent it collected. */
export const WebhookLead = z.strictObject({
  contact: CreateContactRequest,
  consent: z
    .strictObject({
      granted: z.boolean(),
      text: z.string().max(2000).optional(),
      version: z.string().max(40).optional(),
    })
    .optional(),
  /** The nurture campaign the lead joins; an id, since it becomes part of a key (5,000 characters were a dead-lettered event). */
  campaignId: Ulid.optional(),
});

export interface WebhookDelivery {
  sourceId: string;
  /** The body exactly as received: signatures are over these bytes. */
  rawBody: Buffer;
  headers: Record<string, string | undefined>;
}

/**
 * A signed server-to-server lead (Standard Webhooks): verified against each of the source's
 * secrets (several during a key rotation) over the raw bytes, within 5 minutes either way, then
 * received exactly once per `webhook-id`. Anything unverifiable is 401 and nothing is written.
 */
export async function receiveWebhookLead(
  deps: LeadDeps,
  secretsBySource: Record<string, string[]>,
  delivery: WebhookDelivery,
): Promise<LeadReceipt> {
  // A source named `constructor` is no configured source (401), not Object's constructor (a 500).
  const secrets = ownValue(secretsBySource, delivery.sourceId) ?? [];
  const headers = {
    'webhook-id': delivery.headers['webhook-id'] ?? '',
    'webhook-timestamp': delivery.headers['webhook-timestamp'] ?? '',
    'webhook-signature': delivery.headers['webhook-signature'] ?? '',
  };
  const verified = secrets.some((secret) => {
    try {
      new Webhook(secret).verify(delivery.rawBody, headers, { jsonParse: false });
      return true;
    } catch (error) {
      if (error instanceof WebhookVerificationError) return false;
      throw error;
    }
  });
  if (!verified) throw new Unauthenticated('The webhook signature could not be verified for this source.');

  let body: unknown;
  try {
    body = parseJsonOwnKeys(delivery.rawBody.toString('utf8'));
  } catch (error) {
    if (error instanceof ValidationFailed) throw error;
    throw new ValidationFailed('The webhook body is not valid JSON.', [{ pointer: '', message: 'malformed JSON' }]);
  }
  const parsed = WebhookLead.safeParse(body);
  if (!parsed.success) {
    throw new ValidationFailed(
      'The webhook body is not a lead.',
      parsed.error.issues.map((issue) => ({ pointer: `/${issue.path.join('/')}`, message: issue.message })),
    );
  }
  const { contact, consent, campaignId } = parsed.data;
  return receiveLead(deps, {
    scope: `webhook:${delivery.sourceId}`,
    key: headers['webhook-id'],
    payloadHash: createHash('sha256').update(delivery.rawBody).digest('hex'),
    source: { kind: 'webhook', id: delivery.sourceId },
    contact,
    consent: consent?.granted
      ? {
          status: 'granted',
          ...(consent.version ? { textVersion: consent.version } : {}),
          ...(consent.text ? { text: consent.text } : {}),
        }
      : { status: 'none' },
    details: { webhookId: headers['webhook-id'] },
    ...(campaignId ? { campaignId } : {}),
  });
}
