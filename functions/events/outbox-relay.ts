import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { systemContext } from '#shared/context.ts';
import { tableRefFromEnvironment } from '#shared/db/document-client.ts';
import { EventBridgePublisher } from '#shared/events/eventbridge-publisher.ts';
import { eventFromOutboxItem } from '#shared/events/outbox.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { relayEvents } from '#shared/events/relay.ts';
import { countPublishedEvents, logger } from '../observability.ts';

const eventBusName = process.env.EVENT_BUS_NAME ?? '';
const publisher = new EventBridgePublisher(eventBusName);

/**
 * DynamoDB Streams → EventBridge. The event source mapping only passes INSERTs of outbox items
 * (filter in infra/); a failure fails the batch, which Lambda retries and finally sends to a DLQ.
 */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<void> => {
  const events = event.Records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    return image ? [eventFromOutboxItem(unmarshall(image as Record<string, AttributeValue>))] : [];
  });
  await relayEvents(events, {
    outbox: new OutboxRepository(tableRefFromEnvironment()),
    publisher,
    context: systemContext,
  });
  countPublishedEvents(events.map((relayed) => relayed.detailType));
}).use(injectLambdaContext(logger, { resetKeys: true }));
