import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventCatalog, type DomainEvent, type EventType } from '#shared/events/catalog.ts';
import { deliverEvent } from '#shared/webhooks/webhook-delivery.service.ts';
import { logger } from '../observability.ts';
import { webhookDeliveryDeps } from '../webhook-dependencies.ts';

/** Every domain event → a signed first attempt to each webhook subscription that wants it (retries run on timers). */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) => {
  const detailType = event['detail-type'] as EventType;
  const entry = eventCatalog[detailType];
  if (!entry) return;
  const domain = { source: entry.source, detailType, detail: entry.detail.parse(event.detail) } as DomainEvent;
  const { subscriptions } = await deliverEvent(await webhookDeliveryDeps(), domain);
  if (subscriptions) logger.info('Webhook deliveries', { detailType, subscriptions });
}).use(injectLambdaContext(logger, { resetKeys: true }));
