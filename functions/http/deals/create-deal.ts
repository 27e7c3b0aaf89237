import { createDeal } from '#shared/deals/deal.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { dealRoutes } from './deal-routes.ts';

export const handler = httpHandler(dealRoutes.createDeal, async ({ body, principal }) => {
  const deal = await createDeal(deps(), body, await actorFor(principal));
  return json(201, deal, { location: `/deals/${deal.id}`, etag: etagOf(deal) });
});
