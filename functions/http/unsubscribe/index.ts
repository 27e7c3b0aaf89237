import { routeGroup } from '../kit/route-group.ts';
import { handler as unsubscribe } from './unsubscribe.ts';
import { handler as unsubscribePage } from './unsubscribe-page.ts';
import { unsubscribeRoutes } from './unsubscribe-routes.ts';

/** The Lambda behind the public unsubscribe routes (see routeGroup). */
export const handler = routeGroup([
  [unsubscribeRoutes.unsubscribePage, unsubscribePage],
  [unsubscribeRoutes.unsubscribe, unsubscribe],
]);
