import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  getWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  rotateWebhookSecret,
  updateWebhookSubscription,
} from '#shared/webhooks/webhook-subscription.service.ts';
import { webhookSubscriptionDeps } from '../../webhook-dependencies.ts';
import { httpHandler, json, noContent } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { webhookSubscriptionRoutes as routes } from './webhook-subscription-routes.ts';

// The routes are one-liners over the subscription service, so they share a file.
export const createSubscription = httpHandler(routes.createSubscription, async ({ body }) => {
  const created = await createWebhookSubscription(await webhookSubscriptionDeps(), body);
  return json(201, created, {
    location: `/webhook-subscriptions/${created.subscription.id}`,
    etag: etagOf(created.subscription),
  });
});
export const listSubscriptions = httpHandler(routes.listSubscriptions, async ({ query }) =>
  json(200, await listWebhookSubscriptions(await webhookSubscriptionDeps(), query)),
);
export const getSubscription = httpHandler(routes.getSubscription, async ({ path }) => {
  const subscription = await getWebhookSubscription(await webhookSubscriptionDeps(), path.subscriptionId);
  return json(200, subscription, { etag: etagOf(subscription) });
});
export const updateSubscription = httpHandler(routes.updateSubscription, async ({ path, body, event }) => {
  const subscription = await updateWebhookSubscription(
    await webhookSubscriptionDeps(),
    path.subscriptionId,
    body,
    expectedVersionFrom(event),
  );
  return json(200, subscription, { etag: etagOf(subscription) });
});
export const deleteSubscription = httpHandler(routes.deleteSubscription, async ({ path, event }) => {
  await deleteWebhookSubscription(await webhookSubscriptionDeps(), path.subscriptionId, expectedVersionFrom(event));
  return noContent();
});
export const rotateSecret = httpHandler(routes.rotateSecret, async ({ path }) =>
  json(200, await rotateWebhookSecret(await webhookSubscriptionDeps(), path.subscriptionId)),
);
export const listDeliveries = httpHandler(routes.listDeliveries, async ({ path, query }) =>
  json(200, await listWebhookDeliveries(await webhookSubscriptionDeps(), path.subscriptionId, query)),
);
