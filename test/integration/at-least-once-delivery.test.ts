import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import { leadFailureKeys } from '#shared/db/keys.ts';
import { domainEvent } from '#shared/events/catalog.ts';
import { recordLeadFailure } from '#shared/leads/lead-lifecycle.service.ts';
import { deliverEvent } from '#shared/webhooks/webhook-delivery.service.ts';
import { createWebhookSubscription } from '#shared/webhooks/webhook-subscription.service.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

/**
 * What the local stack's test mode found: EventBridge (and Express) deliver at least once, and two
 * deliveries of one event can run at the same instant. Each consumer must still apply it once.
 */
let table: Awaited<ReturnType<typeof createTestTable>>;
let deps: Dependencies;
beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
});

describe('two deliveries of one event at the same instant', () => {
  it('park one lead failure when two executions of one Lead Received fail together', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const failure = {
      contactId: contact.id,
      step: 'ScoreLead',
      error: 'ProvisionedThroughputExceededException',
      cause: 'throttled',
      causationId: `lead-${contact.id}`,
    };
    await Promise.all([recordLeadFailure(deps, failure), recordLeadFailure(deps, failure)]);
    const { pk, sk } = leadFailureKeys.item(contact.id, '', '');
    const { Items: parked = [] } = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :failure)',
        ExpressionAttributeValues: { ':pk': pk, ':failure': sk.split('#')[0] },
      }),
    );
    expect(parked).toHaveLength(1);
    const events = (await deps.outbox.listPending(1000)).filter(
      (event) =>
        event.detailType === 'Lead Processing Failed' &&
        (event.detail as { contactId?: string }).contactId === contact.id,
    );
    expect(events).toHaveLength(1);
  });

  it('POST a webhook once when one event reaches the delivery twice at once', async () => {
    const webhookSigningKey = 'at-least-once-signing-key-0123456789';
    await createWebhookSubscription(
      { ...deps, webhookSigningKey, allowPrivateTargets: false },
      { url: 'https://hooks.customer.example/relay', eventTypes: ['Contact Deleted'] },
    );
    const posts: string[] = [];
    const webhooks = {
      ...deps,
      webhookSigningKey,
      transport: {
        post: async (_url: string, headers: Record<string, string>) => {
          posts.push(headers['webhook-id'] ?? '');
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { statusCode: 204 };
        },
      },
      timers: { scheduleOnce: async () => undefined },
    };
    const event = domainEvent(
      'Contact Deleted',
      { contactId: 'C-gone' },
      { id: 'evt-twice', occurredAt: new Date().toISOString() },
    );
    await Promise.all([deliverEvent(webhooks, event), deliverEvent(webhooks, event), deliverEvent(webhooks, event)]);
    expect(posts).toEqual(['evt-twice']);
  });
});
