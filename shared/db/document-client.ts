import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * A DocumentClient for the current environment. In AWS the SDK finds region and credentials itself;
 * locally the runtime sets AWS_ENDPOINT_URL_DYNAMODB (an SDK-native variable) to DynamoDB Local.
 */
export function createDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  // The SDK tells a map from a class instance by `value.constructor.name`; a map of user-supplied keys
  // holding one named `constructor` (a custom field) would be refused as a class instance (a 500).
  // Items are built from zod-parsed plain data, so no real class instance reaches here.
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
}

/** Where the single table lives: the client and the table's name. */
export interface TableRef {
  db: DynamoDBDocumentClient;
  tableName: string;
}

/** The table named by TABLE_NAME, with a client created once per Lambda container. */
let tableFromEnvironment: TableRef | undefined;
export function tableRefFromEnvironment(): TableRef {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  tableFromEnvironment ??= { db: createDocumentClient(), tableName };
  return tableFromEnvironment;
}
