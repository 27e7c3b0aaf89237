import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contactRoutes } from '#functions/http/contacts/contact-routes.ts';
import { formRoutes } from '#functions/http/forms/form-routes.ts';
import { createDocumentClient } from '#shared/db/document-client.ts';
import { ensureTable } from '../local/create-table.ts';
import { loadHandler } from '../local/handler-loader.ts';
import { httpApiEvent, lambdaContext } from '../local/lambda-adapter.ts';
import { quantile, round, timeInterleaved } from './stats.ts';
import { benchDynamoDb, type BenchStore } from './store.ts';

export interface LatencyFigure {
  operation: string;
  p50Ms: number;
  p99Ms: number;
  floor: string;
  floorP50Ms: number;
  /** Our p50 ÷ the floor's p50: what the handler adds on top of the bare DynamoDB call. */
  overheadRatio: number;
}

const summarize = (operation: string, samples: number[], floor: string, floorSamples: number[]): LatencyFigure => ({
  operation,
  p50Ms: round(quantile(samples, 0.5)),
  p99Ms: round(quantile(samples, 0.99)),
  floor,
  floorP50Ms: round(quantile(floorSamples, 0.5)),
  overheadRatio: round(quantile(samples, 0.5) / quantile(floorSamples, 0.5)),
});

/**
 * p50/p99 of the contact handlers invoked in-process against DynamoDB Local (sequentially, after a
 * warm-up), each timed alternately with the bare DynamoDB call it cannot do without (the floor).
 */
const contactsEntry = contactRoutes.createContact.entry;

export async function measureHandlerLatency(
  iterations: number,
  options: { warmups?: number; store?: BenchStore } = {},
): Promise<LatencyFigure[]> {
  const dynamo = await benchDynamoDb(options.store, 'bench');
  const warmups = options.warmups ?? 50;
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    const db = createDocumentClient(client);
    const tableName = dynamo.tableName;
    await ensureTable(client, tableName);
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    process.env.RELAY_APP_SECRETS ??= JSON.stringify({ masterKey: 'bench-master-key-0123456789abcdef0123456789' });

    const invoke = async (
      entry: string,
      method: string,
      url: string,
      routeKey: string,
      pathParameters: Record<string, string> = {},
      body?: unknown,
    ) => {
      const handler = await loadHandler(entry);
      const event = httpApiEvent({
        method,
        url,
        headers: body ? { 'content-type': 'application/json' } : {},
        ...(body ? { body: Buffer.from(JSON.stringify(body)) } : {}),
        route: { routeKey, pathParameters },
      });
      // As API Gateway's JWT authorizer passes a verified admin token on.
      Object.assign(event.requestContext, {
        authorizer: { jwt: { claims: { sub: 'bench', 'cognito:groups': '[admin]' }, scopes: null } },
      });
      const result = (await handler(event, lambdaContext('bench'))) as APIGatewayProxyStructuredResultV2;
      if ((result.statusCode ?? 500) >= 300)
        throw new Error(`${routeKey} answered ${result.statusCode}: ${result.body}`);
      return JSON.parse(result.body ?? '{}') as { id: string };
    };
    const create = (i: number, run: string) =>
      invoke(
        contactsEntry,
        'POST',
        '/contacts',
        'POST /contacts',
        {},
        { email: `bench-${run}-${i}@example.com`, firstName: 'Bench', ownerId: '01JDEM00WNER00000000000ADA' },
      );

    const put = (i: number) =>
      db.send(new PutCommand({ TableName: tableName, Item: { pk: `FLOOR#${i}`, sk: 'FLOOR', n: i } }));
    const get = (i: number) =>
      db.send(new GetCommand({ TableName: tableName, Key: { pk: `FLOOR#${i}`, sk: 'FLOOR' }, ConsistentRead: true }));
    await timeInterleaved(warmups, (i) => create(i, 'warmup'), put);

    const ids: string[] = [];
    const [createSamples, putSamples] = await timeInterleaved(
      iterations,
      async (i) => ids.push((await create(i, 'measured')).id),
      put,
    );
    const [getSamples, getFloorSamples] = await timeInterleaved(
      iterations,
      (i) =>
        invoke(contactsEntry, 'GET', `/contacts/${ids[i]}`, 'GET /contacts/{contactId}', {
          contactId: ids[i] as string,
        }),
      get,
    );
    const [listSamples, listFloorSamples] = await timeInterleaved(
      iterations,
      () => invoke(contactsEntry, 'GET', '/contacts?ownerId=01JDEM00WNER00000000000ADA&limit=25', 'GET /contacts'),
      get,
    );
    const formsEntry = formRoutes.submitForm.entry;
    const form = await invoke(
      formsEntry,
      'POST',
      '/forms',
      'POST /forms',
      {},
      {
        name: 'Bench',
        fieldMapping: { email: 'email' },
        minFillSeconds: 0,
        rateLimit: { requests: 1_000_000, windowSeconds: 60 },
      },
    );
    const submit = (i: number, run: string) =>
      invoke(
        formsEntry,
        'POST',
        `/forms/${form.id}/submissions`,
        'POST /forms/{formId}/submissions',
        { formId: form.id },
        { email: `lead-${run}-${i}@example.com` },
      );
    await timeInterleaved(Math.min(20, warmups), (i) => submit(i, 'warmup'), put);
    const [submitSamples, submitFloorSamples] = await timeInterleaved(iterations, (i) => submit(i, 'measured'), put);
    client.destroy();
    return [
      summarize(
        'form submission, new lead (POST /forms/{id}/submissions)',
        submitSamples,
        'bare PutItem',
        submitFloorSamples,
      ),
      summarize('create contact (POST /contacts)', createSamples, 'bare PutItem', putSamples),
      summarize('get contact (GET /contacts/{id})', getSamples, 'bare consistent GetItem', getFloorSamples),
      summarize('list 25 contacts by owner (GET /contacts)', listSamples, 'bare consistent GetItem', listFloorSamples),
    ];
  } finally {
    await dynamo.stop();
  }
}
