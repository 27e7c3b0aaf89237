import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, type TableRef } from '#shared/db/document-client.ts';

/**
 * The table a CLI command reads or writes directly: the one named by `--table` and `--endpoint`, else the local
 * stack's (its index page at `apiUrl` names its DynamoDB Local endpoint and table).
 */
export async function connectTable(options: { api: string; table?: string; endpoint?: string }): Promise<TableRef> {
  const localStack = options.endpoint || options.table ? undefined : await localDynamoDb(options.api);
  const endpoint = options.endpoint ?? localStack?.endpoint;
  // DynamoDB Local takes any region and credentials; in AWS the usual credential chain applies.
  const local =
    endpoint && !options.table
      ? { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {};
  return {
    db: createDocumentClient(new DynamoDBClient({ ...(endpoint ? { endpoint } : {}), ...local })),
    tableName: options.table ?? localStack?.table ?? 'relay-local',
  };
}

/** The local stack names its DynamoDB Local endpoint and table on its index page. */
async function localDynamoDb(apiUrl: string): Promise<{ endpoint: string; table?: string }> {
  const response = await fetch(apiUrl).catch(() => undefined);
  const index = response?.ok
    ? ((await response.json()) as { local?: { dynamoDb?: string; table?: string } })
    : undefined;
  if (!index?.local?.dynamoDb)
    throw new Error(
      `No local Relay answered at ${apiUrl}. Start it with \`npm start\`, or pass --table and --endpoint.`,
    );
  return { endpoint: index.local.dynamoDb, ...(index.local.table ? { table: index.local.table } : {}) };
}
