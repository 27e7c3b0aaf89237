import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/db/document-client.ts';
import { TransactionConditionFailed, writeTransaction } from '#shared/db/transactions.ts';
import { domainEvent } from '#shared/events/catalog.ts';
import { EventBridgePublisher } from '#shared/events/eventbridge-publisher.ts';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('writeTransaction under faults', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  const table = { db: createDocumentClient(new DynamoDBClient({})), tableName: 't' };
  afterEach(() => dynamo.reset());
  // The pure tests share a process (vitest.config.ts): the client's prototype is put back for the next file.
  afterAll(() => dynamo.restore());

  it('retries a transaction that collided with another one, then succeeds', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None')).resolves({});
    await writeTransaction(table, []);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('reports which condition failed instead of retrying', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));
    const error = await writeTransaction(table, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionConditionFailed);
    expect((error as TransactionConditionFailed).failedItems).toEqual([false, true, false]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('gives up after bounded retries when conflicts persist, surfacing the error', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    await expect(writeTransaction(table, [])).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand).length).toBe(6);
  });
});

describe('EventBridgePublisher under partial failures', () => {
  const eventBridge = mockClient(EventBridgeClient);
  afterEach(() => eventBridge.reset());
  afterAll(() => eventBridge.restore());
  const events = ['E1', 'E2', 'E3'].map((id) =>
    domainEvent('Contact Deleted', { contactId: `C-${id}` }, { id, occurredAt: '2026-01-01T00:00:00.000Z' }),
  );

  it('retries only the entries EventBridge rejected', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException' }, { EventId: 'c' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });
    await new EventBridgePublisher('bus', new EventBridgeClient({})).publish(events);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((entry) => JSON.parse(entry.Detail ?? '{}').id)).toEqual(['E2']);
  });

  it('throws when entries keep failing, so the caller does not mark them relayed', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    await expect(
      new EventBridgePublisher('bus', new EventBridgeClient({})).publish(events.slice(0, 1)),
    ).rejects.toThrow(/InternalFailure/);
  });

  it('sends at most 10 entries per call', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const many = Array.from({ length: 23 }, (_, i) =>
      domainEvent('Contact Deleted', { contactId: `C${i}` }, { id: `E${i}`, occurredAt: '2026-01-01T00:00:00.000Z' }),
    );
    await new EventBridgePublisher('bus', new EventBridgeClient({})).publish(many);
    expect(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length)).toEqual([
      10, 10, 3,
    ]);
  });
});
