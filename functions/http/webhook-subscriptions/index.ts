import { routeGroup } from '../kit/route-group.ts';
import * as handlers from './handlers.ts';
import { webhookSubscriptionRoutes as routes } from './webhook-subscription-routes.ts';

/** The Lambda behind every outbound-webhook route (see routeGroup). */
export const handler = routeGroup([
  [routes.createSubscription, handlers.createSubscription],
  [routes.listSubscriptions, handlers.listSubscriptions],
  [routes.getSubscription, handlers.getSubscription],
  [routes.updateSubscription, handlers.updateSubscription],
  [routes.deleteSubscription, handlers.deleteSubscription],
  [routes.rotateSecret, handlers.rotateSecret],
  [routes.listDeliveries, handlers.listDeliveries],
]);
