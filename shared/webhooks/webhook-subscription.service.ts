import { assertExpectedVersion, writeVersioned } from '../common/guards.ts';
import type { AppContext } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import { applyMergePatch, stampNew } from '../versioned.ts';
import type { WebhookRepository } from './webhook.repository.ts';
import type {
  CreateWebhookSubscriptionRequest,
  UpdateWebhookSubscriptionRequest,
  WebhookDeliveryAttempt,
  WebhookSubscription,
} from './webhook.schema.ts';
import { subscriptionSecret } from './webhook-secret.ts';
import { targetProblem } from './webhook-target.rules.ts';

export interface WebhookSubscriptionDeps {
  webhooks: WebhookRepository;
  context: AppContext;
  /** Derives each subscription's signing secret. */
  webhookSigningKey: string;
  /** Loopback and private targets are allowed (the local stack only). */
  allowPrivateTargets: boolean;
}

function requireAllowedTarget(deps: WebhookSubscriptionDeps, url: string): void {
  const problem = targetProblem(url, { allowPrivate: deps.allowPrivateTargets });
  if (problem)
    throw new ValidationFailed(`Webhooks cannot be sent there: ${problem}.`, [{ pointer: '/url', message: problem }]);
}

/** Creates a subscription; its signing secret is in the answer, and only there (rotate to see a new one). */
export async function createWebhookSubscription(
  deps: WebhookSubscriptionDeps,
  request: CreateWebhookSubscriptionRequest,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  requireAllowedTarget(deps, request.url);
  const subscription: WebhookSubscription = stampNew(
    {
      ...request,
      eventTypes: [...new Set(request.eventTypes)],
      status: 'active' as const,
      consecutiveFailures: 0,
      secretVersion: 1,
    },
    deps.context,
  );
  await deps.webhooks.create(subscription);
  return {
    subscription,
    secret: subscriptionSecret(deps.webhookSigningKey, subscription.id, subscription.secretVersion),
  };
}

export async function getWebhookSubscription(
  deps: Pick<WebhookSubscriptionDeps, 'webhooks'>,
  subscriptionId: string,
): Promise<WebhookSubscription> {
  const subscription = await deps.webhooks.get(subscriptionId);
  if (!subscription) throw new NotFound(`There is no webhook subscription ${subscriptionId}.`);
  return subscription;
}

/** Changes a subscription; setting it `active` again restarts its failure count. */
export async function updateWebhookSubscription(
  deps: WebhookSubscriptionDeps,
  subscriptionId: string,
  patch: UpdateWebhookSubscriptionRequest,
  expectedVersion?: number,
): Promise<WebhookSubscription> {
  const before = await getWebhookSubscription(deps, subscriptionId);
  assertExpectedVersion(before, expectedVersion, 'webhook subscription');
  if (patch.url) requireAllowedTarget(deps, patch.url);
  const reenable =
    patch.status === 'active' && before.status === 'disabled' ? { consecutiveFailures: 0, disabledReason: null } : {};
  const { after, changedFields } = applyMergePatch(
    before,
    { ...patch, ...reenable, ...(patch.status === 'disabled' ? { disabledReason: 'disabled by an admin' } : {}) },
    deps.context,
  );
  if (changedFields.length === 0) return before;
  await writeVersioned(() => deps.webhooks.update(before, after), 'webhook subscription', expectedVersion);
  return after;
}

export async function deleteWebhookSubscription(
  deps: WebhookSubscriptionDeps,
  subscriptionId: string,
  expectedVersion?: number,
): Promise<void> {
  const subscription = await getWebhookSubscription(deps, subscriptionId);
  assertExpectedVersion(subscription, expectedVersion, 'webhook subscription');
  await writeVersioned(() => deps.webhooks.delete(subscription), 'webhook subscription', expectedVersion);
}

/** A new signing secret, effective for the next delivery; the old one stops working at once. */
export async function rotateWebhookSecret(
  deps: WebhookSubscriptionDeps,
  subscriptionId: string,
): Promise<{ secret: string; secretVersion: number }> {
  const before = await getWebhookSubscription(deps, subscriptionId);
  const { after } = applyMergePatch(before, { secretVersion: before.secretVersion + 1 }, deps.context);
  await writeVersioned(() => deps.webhooks.update(before, after), 'webhook subscription', undefined);
  return {
    secret: subscriptionSecret(deps.webhookSigningKey, after.id, after.secretVersion),
    secretVersion: after.secretVersion,
  };
}

export function listWebhookSubscriptions(
  deps: Pick<WebhookSubscriptionDeps, 'webhooks'>,
  query: { limit: number; cursor?: string },
): Promise<Page<WebhookSubscription>> {
  return deps.webhooks.list(query.limit, query.cursor);
}

export async function listWebhookDeliveries(
  deps: Pick<WebhookSubscriptionDeps, 'webhooks'>,
  subscriptionId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<WebhookDeliveryAttempt>> {
  await getWebhookSubscription(deps, subscriptionId);
  return deps.webhooks.deliveries(subscriptionId, query.limit, query.cursor);
}
