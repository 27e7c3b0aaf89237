import { handler as receiveLeadWebhook } from './receive-lead-webhook.ts';
import { routeGroup } from '../kit/route-group.ts';
import { webhookRoutes } from './webhook-routes.ts';

/** The Lambda behind the inbound webhooks (see routeGroup). */
export const handler = routeGroup([[webhookRoutes.receiveLeadWebhook, receiveLeadWebhook]]);
