import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { countEvent } from '#shared/reports/kpi-events.service.ts';
import { deps } from '../dependencies.ts';
import { logger } from '../observability.ts';

const Detail = z.object({
  id: z.string(),
  occurredAt: z.string(),
  contactId: z.string().optional(),
  companyId: z.string().optional(),
  dealId: z.string().optional(),
  amount: z.number().optional(),
  currency: z.string().optional(),
  dealType: z.string().optional(),
});

/** Contact Created, Deal Won, Deal Lost → the day's KPI counters, exactly once per event. */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) => {
  const outcome = await countEvent(deps(), { detailType: event['detail-type'], detail: Detail.parse(event.detail) });
  logger.info('KPI event', { detailType: event['detail-type'], counted: outcome.counted });
}).use(injectLambdaContext(logger, { resetKeys: true }));
