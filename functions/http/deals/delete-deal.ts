import { deleteDeal } from '#shared/deals/deal.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, noContent } from '../kit/http-handler.ts';
import { expectedVersionFrom } from '../kit/versioning.ts';
import { dealRoutes } from './deal-routes.ts';

export const handler = httpHandler(dealRoutes.deleteDeal, async ({ path, event }) => {
  await deleteDeal(deps(), path.dealId, expectedVersionFrom(event));
  return noContent();
});
