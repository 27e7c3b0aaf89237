import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { systemContext } from '#shared/context.ts';
import { tableRefFromEnvironment } from '#shared/db/document-client.ts';
import { EventBridgePublisher } from '#shared/events/eventbridge-publisher.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { oldestPendingAgeSeconds, sweepPendingEvents } from '#shared/events/relay.ts';
import { logger, metrics } from '../observability.ts';

const publisher = new EventBridgePublisher(process.env.EVENT_BUS_NAME ?? '');
const olderThanSeconds = Number(process.env.OUTBOX_SWEEP_AFTER_SECONDS ?? 300);

/**
 * Every few minutes (an EventBridge schedule, infra/constructs/events.ts): relays the outbox items the
 * stream relay left pending (its batch failed all retries; the DLQ then holds only shard metadata),
 * through the same code as the relay, and publishes the age of the oldest pending event, which is
 * alarmed on. Recent items are left to the stream.
 */
export const handler = middy(async (): Promise<void> => {
  const deps = { outbox: new OutboxRepository(tableRefFromEnvironment()), publisher, context: systemContext };
  const { relayed, unreadable } = await sweepPendingEvents(deps, { olderThanSeconds, maxEvents: 500 });
  if (relayed) logger.warn('Relayed outbox events the stream relay had left pending', { relayed });
  if (unreadable.length) logger.error('Outbox items that no longer validate stay pending', { items: unreadable });
  metrics.addMetric('OutboxEventsSwept', MetricUnit.Count, relayed);
  metrics.addMetric('OutboxOldestPendingAgeSeconds', MetricUnit.Seconds, await oldestPendingAgeSeconds(deps));
  metrics.publishStoredMetrics();
}).use(injectLambdaContext(logger, { resetKeys: true }));
