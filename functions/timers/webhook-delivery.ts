import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { eventCatalog, type DomainEvent, type EventType } from '#shared/events/catalog.ts';
import { retryDelivery } from '#shared/webhooks/webhook-delivery.service.ts';
import { validate } from '../kit/validate.ts';
import { logger } from '../observability.ts';
import { webhookDeliveryDeps } from '../webhook-dependencies.ts';
import { oncePerFiring, TimerFiringInput } from './fired-once.ts';

const Retry = z.object({
  subscriptionId: z.string(),
  attempt: z.number().int().min(2),
  event: z.object({ source: z.string(), detailType: z.string(), detail: z.record(z.string(), z.unknown()) }),
  firing: TimerFiringInput.optional(),
});

/** Timer target: the next attempt of a webhook delivery that failed (once per firing). */
export const handler = middy(async (input: unknown, context: Context) => {
  const retry = validate(Retry, input, 'task input');
  const entry = eventCatalog[retry.event.detailType as EventType];
  if (!entry) return;
  const event = {
    source: entry.source,
    detailType: retry.event.detailType,
    detail: entry.detail.parse(retry.event.detail),
  } as DomainEvent;
  await oncePerFiring(
    retry.firing,
    context.awsRequestId,
    async () => {
      const outcome = await retryDelivery(await webhookDeliveryDeps(), {
        subscriptionId: retry.subscriptionId,
        attempt: retry.attempt,
        event,
      });
      logger.info('Webhook retry', { attempt: retry.attempt, outcome });
    },
    () => undefined,
  );
}).use(injectLambdaContext(logger, { resetKeys: true }));
