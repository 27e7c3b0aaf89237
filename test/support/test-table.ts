import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient, type TableRef } from '#shared/db/document-client.ts';
import { ensureTable } from '../../local/create-table.ts';

/** A fresh table on the shared DynamoDB Local, so test files never see each other's items. */
export async function createTestTable(): Promise<TableRef & { endpoint: string }> {
  const endpoint = inject('dynamoDbEndpoint');
  const client = new DynamoDBClient({ endpoint });
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { db: createDocumentClient(client), tableName, endpoint };
}
