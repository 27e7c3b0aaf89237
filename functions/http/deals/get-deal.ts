import { getDeal } from '#shared/deals/deal.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { dealRoutes } from './deal-routes.ts';

export const handler = httpHandler(dealRoutes.getDeal, async ({ path }) => {
  const deal = await getDeal(deps(), path.dealId);
  return json(200, deal, { etag: etagOf(deal) });
});
