import { dealHistory } from '#shared/deals/deal.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { dealRoutes } from './deal-routes.ts';

export const handler = httpHandler(dealRoutes.dealHistory, async ({ path }) => {
  return json(200, { items: await dealHistory(deps(), path.dealId) });
});
