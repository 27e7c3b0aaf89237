import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { reportUnreadableItemsTo } from '#shared/db/unreadable-items.ts';

/**
 * One logger for every handler, configured here once (level from POWERTOOLS_LOG_LEVEL).
 * We never log events or bodies: they carry emails, phones and IPs.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'relay' });

// A listing skips a stored item no read schema accepts; the log says which (its key, never its content).
reportUnreadableItemsTo((item) => logger.warn('Skipped a stored item no read schema accepts', { ...item }));

/** Business metrics as CloudWatch embedded metric format (namespace Relay), written to the function's log. */
export const metrics = new Metrics({ namespace: 'Relay', serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'relay' });

/**
 * Counts domain events by type (leads received, deals won, emails sent, surveys answered...): the
 * outbox relay sees every one, once, so this is the stage's business activity in one metric.
 */
export function countPublishedEvents(detailTypes: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const type of detailTypes) counts.set(type, (counts.get(type) ?? 0) + 1);
  for (const [type, count] of counts) {
    const single = metrics.singleMetric();
    single.addDimension('detailType', type);
    single.addMetric('EventsPublished', MetricUnit.Count, count);
  }
}
