import { startDynamoDbLocal } from '../local/dynamodb-local.ts';

/**
 * Where a bench phase keeps its data: a DynamoDB (Local) that is already running and a table of its own
 * (`npm run bench -- --dynamodb-endpoint URL`, as the smoke test runs it on the suite's shared one).
 * Without one a phase starts a DynamoDB Local JVM of its own, as the full bench does.
 */
export interface BenchStore {
  dynamoDbEndpoint: string;
  tableName: string;
}

/** The store's endpoint, or a fresh in-memory DynamoDB Local (stopped by `stop`). */
export async function benchDynamoDb(
  store: BenchStore | undefined,
  tableName: string,
): Promise<{ endpoint: string; tableName: string; stop(): Promise<void> }> {
  if (store) return { endpoint: store.dynamoDbEndpoint, tableName: store.tableName, stop: async () => {} };
  const dynamo = await startDynamoDbLocal();
  return { endpoint: dynamo.endpoint, tableName, stop: () => dynamo.stop() };
}
