import { listDeals } from '#shared/deals/deal.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { dealRoutes } from './deal-routes.ts';

export const handler = httpHandler(dealRoutes.listDeals, async ({ query }) => {
  return json(200, await listDeals(deps(), query));
});
