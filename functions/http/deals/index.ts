import { handler as createDeal } from './create-deal.ts';
import { handler as dealHistory } from './deal-history.ts';
import { handler as deleteDeal } from './delete-deal.ts';
import { handler as getDeal } from './get-deal.ts';
import { handler as listDeals } from './list-deals.ts';
import { handler as listWonDeals } from './list-won-deals.ts';
import { handler as moveDeal } from './move-deal.ts';
import { handler as updateDeal } from './update-deal.ts';
import { routeGroup } from '../kit/route-group.ts';
import { dealRoutes } from './deal-routes.ts';

/** The Lambda behind every deals route (see routeGroup). */
export const handler = routeGroup([
  [dealRoutes.createDeal, createDeal],
  [dealRoutes.listDeals, listDeals],
  [dealRoutes.listWonDeals, listWonDeals],
  [dealRoutes.getDeal, getDeal],
  [dealRoutes.updateDeal, updateDeal],
  [dealRoutes.moveDeal, moveDeal],
  [dealRoutes.dealHistory, dealHistory],
  [dealRoutes.deleteDeal, deleteDeal],
]);
