import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '#shared/db/document-client.ts';
import { spawnLocalStack } from '#local/spawn-stack.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack()), 60_000);
afterAll(() => stack?.stop());

describe('npm start -- --dynamodb-endpoint URL --table NAME', () => {
  it('keeps its data in the named table of the DynamoDB Local it is given, and leaves that running when it stops', async () => {
    const shared = inject('dynamoDbEndpoint');
    expect(stack.dynamoDbEndpoint).toBe(shared);
    expect(stack.tableName).toMatch(/^e2e-/);
    const created = await stack.api('POST', '/contacts', { email: 'shared.table@example.com', firstName: 'Shared' });
    expect(created.status).toBe(201);

    const client = new DynamoDBClient({ endpoint: shared });
    const items = await createDocumentClient(client).send(
      new ScanCommand({ TableName: stack.tableName, ConsistentRead: true }),
    );
    expect(JSON.stringify(items.Items)).toContain(created.json.id);

    expect(await stack.stop()).toBe(0);
    const tables = await client.send(new ListTablesCommand({}));
    expect(tables.TableNames).toContain(stack.tableName);
    client.destroy();
  }, 60_000);

  it('refuses an endpoint that is not a URL and a table name DynamoDB would refuse, naming the flag', async () => {
    await expect(spawnLocalStack(['--dynamodb-endpoint', 'localhost:8000'])).rejects.toThrow(
      /--dynamodb-endpoint must be an http\(s\) URL/,
    );
    await expect(
      spawnLocalStack(['--dynamodb-endpoint', inject('dynamoDbEndpoint'), '--table', 'no spaces']),
    ).rejects.toThrow(/--table must be 3 to 255/);
  }, 60_000);
});
