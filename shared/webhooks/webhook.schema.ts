import * as z from 'zod';
import { Cursor, Limit, Ulid, versionedFields } from '../common/fields.ts';
import { eventCatalog } from '../events/catalog.ts';

const eventTypeNames = Object.keys(eventCatalog) as [keyof typeof eventCatalog, ...(keyof typeof eventCatalog)[]];
/** A catalog event type, or `*` for all of them. */
export const SubscribedEventType = z.enum([...eventTypeNames, '*']);

const TargetUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const CreateWebhookSubscriptionRequest = z.strictObject({
  url: TargetUrl,
  eventTypes: z.array(SubscribedEventType).min(1).max(50),
  description: z.string().trim().max(500).optional(),
});
export type CreateWebhookSubscriptionRequest = z.infer<typeof CreateWebhookSubscriptionRequest>;

export const UpdateWebhookSubscriptionRequest = z
  .strictObject({
    url: TargetUrl.optional(),
    eventTypes: z.array(SubscribedEventType).min(1).max(50).optional(),
    description: z.string().trim().max(500).nullable().optional(),
    /** `active` re-enables a subscription disabled after repeated failures (its failure count restarts). */
    status: z.enum(['active', 'disabled']).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateWebhookSubscriptionRequest = z.infer<typeof UpdateWebhookSubscriptionRequest>;

export const WebhookSubscription = z.object({
  ...versionedFields,
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().optional(),
  status: z.enum(['active', 'disabled']),
  disabledReason: z.string().optional(),
  /** Failed attempts in a row, across events; reset by a success. */
  consecutiveFailures: z.number().int(),
  /** Which derived secret signs deliveries; rotating bumps it. The secret itself is never stored. */
  secretVersion: z.number().int().positive(),
});
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

/** One attempt to deliver one event to one subscription: the delivery log. */
export const WebhookDeliveryAttempt = z.object({
  subscriptionId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  attempt: z.number().int().positive(),
  at: z.string(),
  outcome: z.enum(['delivered', 'failed', 'refused']),
  statusCode: z.number().int().optional(),
  error: z.string().optional(),
  durationMs: z.number().int(),
  nextAttemptAt: z.string().optional(),
});
export type WebhookDeliveryAttempt = z.infer<typeof WebhookDeliveryAttempt>;

export const WebhookSubscriptionId = z.strictObject({ subscriptionId: Ulid });
export const ListWebhookSubscriptionsQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export const ListDeliveriesQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export const WebhookSecret = z.object({ secret: z.string(), secretVersion: z.number() });
