import type { WebhookDeliveryDeps } from '#shared/webhooks/webhook-delivery.service.ts';
import type { WebhookSubscriptionDeps } from '#shared/webhooks/webhook-subscription.service.ts';
import { deps } from './dependencies.ts';
import { appSecrets } from './secrets.ts';
import { timerScheduler } from './timers/timer-scheduler.ts';
import { httpWebhookTransport } from './webhooks/http-transport.ts';

// Set only by `npm start`, where integrators' test receivers listen on loopback. Never set in AWS.
const allowPrivateTargets = () => process.env.RELAY_WEBHOOKS_ALLOW_PRIVATE === 'true';

/** Managing subscriptions: the key their secrets derive from, and whether private targets are allowed. */
export async function webhookSubscriptionDeps(): Promise<WebhookSubscriptionDeps> {
  return {
    ...deps(),
    webhookSigningKey: (await appSecrets()).webhookSigningKey,
    allowPrivateTargets: allowPrivateTargets(),
  };
}

/** Delivering: the guarded HTTP transport, retry timers and the signing key. */
export async function webhookDeliveryDeps(): Promise<WebhookDeliveryDeps> {
  return {
    ...deps(),
    transport: httpWebhookTransport({ allowPrivate: allowPrivateTargets() }),
    timers: timerScheduler(),
    webhookSigningKey: (await appSecrets()).webhookSigningKey,
  };
}
