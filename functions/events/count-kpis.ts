import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventCatalog, type EventType } from '#shared/events/catalog.ts';
import { countEvent, type CountedEvent } from '#shared/reports/kpi-events.service.ts';
import { deps } from '../dependencies.ts';
import { logger } from '../observability.ts';

/** Contact Created, Lead Received (from forms), Deal Won, Deal Lost, campaign email events and ticket events → the day's KPI counters, campaign results and service counters, exactly once per event. */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) => {
  const entry = eventCatalog[event['detail-type'] as EventType];
  if (!entry) return;
  // Validated against the event's own catalog schema: one definition of each event's shape.
  const detail = entry.detail.parse(event.detail) as CountedEvent['detail'];
  const outcome = await countEvent(deps(), { detailType: event['detail-type'], detail });
  logger.info('KPI event', { detailType: event['detail-type'], counted: outcome.counted });
}).use(injectLambdaContext(logger, { resetKeys: true }));
