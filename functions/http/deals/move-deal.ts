import { moveDeal } from '#shared/deals/deal.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { dealRoutes } from './deal-routes.ts';

export const handler = httpHandler(dealRoutes.moveDeal, async ({ path, body, principal, event }) => {
  const deal = await moveDeal(deps(), path.dealId, body, await actorFor(principal), expectedVersionFrom(event));
  return json(200, deal, { etag: etagOf(deal) });
});
