import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ownValue } from '#shared/common/own-keys.ts';
import { systemContext } from '#shared/context.ts';
import { createDocumentClient, type TableRef } from '#shared/db/document-client.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { buildDependencies } from '#functions/dependencies.ts';
import { eventSubscriptions } from '#functions/events/subscriptions.ts';
import { httpRoutes } from '#functions/http/routes.ts';
import { afterEveryInvocation, loadHandler } from './handler-loader.ts';
import { lambdaContext } from './lambda-adapter.ts';
import { stageConfig } from '#infra/config/stages.ts';
import { allWorkflows } from '#workflows/index.ts';
import { ensureTable } from './create-table.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { Delivery, deliveryFromEnvironment, type DeliveryOptions } from './delivery.ts';
import { LocalEventBus } from './event-bus.ts';
import { startHttpServer } from './http-server.ts';
import { demoPage } from './demo-page.ts';
import { localEndpoints } from './local-endpoints.ts';
import { assertPortFree, freePort } from './ports.ts';
import { consoleDist } from './console-build.ts';
import { startConsoleServer } from './console-server.ts';
import { startOutboxPoller } from './outbox-poller.ts';
import { devUsers, seedDemo } from './seed.ts';
import { localUserPool, localUserPoolId } from './user-pool.ts';
import { demoWebhookSource, localAppSecrets } from './app-secrets.ts';
import { startDevAuth, type DevAuth } from './dev-auth.ts';
import { startLocalSes } from './ses-local.ts';
import { LocalStepFunctions } from './step-functions.ts';
import { LocalTimers } from './timers.ts';

export interface LocalRuntimeOptions {
  /** Where tables and the event journal live; undefined keeps DynamoDB in memory and writes no journal. */
  dataDirectory?: string;
  fresh?: boolean;
  seed?: boolean;
  apiPort: number;
  dynamoDbPort: number;
  /** A DynamoDB (Local) that is already running: no JVM is started, and `dynamoDbPort` is ignored. */
  dynamoDbEndpoint?: string;
  /** The table to use (created if missing); default relay-local. */
  tableName?: string;
  sesPort: number;
  /** Serve the built console (web/dist) on this port (0 = any free port); undefined serves no console. */
  consolePort?: number;
  /** Waits in workflows run this many times faster than real time. */
  timeScale: number;
  /**
   * At least once and out of order, as EventBridge, Scheduler and Express deliver (the tests' mode); default
   * from RELAY_LOCAL_DELIVERY_SEED (unset: exactly once, in order).
   */
  delivery?: DeliveryOptions;
}

export interface LocalRuntime {
  apiUrl: string;
  /** Where the console is served, when `consolePort` was given. */
  consoleUrl?: string;
  /** Bearer tokens for each local dev user (admin, marketing, two sales reps). */
  devTokens: DevTokens;
  /** The Standard Webhooks secret of the demo-partner source. */
  webhookSecret: string;
  dynamoDbEndpoint: string;
  tableName: string;
  sesUrl: string;
  eventJournal?: string;
  bus: LocalEventBus;
  stepFunctions: LocalStepFunctions;
  timers: LocalTimers;
  /** How events, timers and starts are delivered, and how many were delivered twice. */
  delivery: Delivery;
  table: TableRef;
  stop(): Promise<void>;
}

export const localTableName = 'relay-local';

export type DevTokens = Record<keyof typeof devUsers, string>;

async function issueDevTokens(auth: DevAuth): Promise<DevTokens> {
  const entries = await Promise.all(
    Object.entries(devUsers).map(async ([name, user]) => [
      name,
      await auth.issue({ ...user, groups: [...user.groups] }),
    ]),
  );
  return Object.fromEntries(entries) as DevTokens;
}

function issueDevToken(auth: DevAuth) {
  return async (name: string, options: { expiresAt?: number; clientId?: string }) => {
    const user = Object.hasOwn(devUsers, name) ? devUsers[name as keyof typeof devUsers] : undefined;
    return user ? auth.issue({ ...user, groups: [...user.groups] }, options) : undefined;
  };
}

/**
 * Everything `npm start` runs, in one process: DynamoDB Local, the local SES server, the outbox
 * relay onto a local event bus, the Step Functions runner fed by that bus, and the HTTP API.
 * Handlers run in this process and find their dependencies through the same environment variables
 * as in Lambda (TABLE_NAME and the SDK's own AWS_ENDPOINT_URL_*).
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse())
      await stopOne().catch((error) => console.error('[local] stop failed:', error));
  };
  try {
    if (options.fresh && options.dataDirectory) rmSync(options.dataDirectory, { recursive: true, force: true });
    if (options.apiPort) await assertPortFree(options.apiPort, 'HTTP API', '--port');
    if (options.dynamoDbPort && !options.dynamoDbEndpoint)
      await assertPortFree(options.dynamoDbPort, 'DynamoDB Local', '--dynamodb-port');
    if (options.sesPort) await assertPortFree(options.sesPort, 'local SES', '--ses-port');
    if (options.consolePort) await assertPortFree(options.consolePort, 'console', '--console-port');
    // Known before the API starts, since the API allows the console's origin (CORS) as it does in AWS.
    const consolePort = options.consolePort === 0 ? await freePort() : options.consolePort;
    const consoleOrigins =
      consolePort === undefined ? [] : [`http://127.0.0.1:${consolePort}`, `http://localhost:${consolePort}`];
    const dynamo = options.dynamoDbEndpoint
      ? { endpoint: options.dynamoDbEndpoint }
      : await startDynamoDbLocal({
          port: options.dynamoDbPort,
          ...(options.dataDirectory ? { dataDirectory: join(options.dataDirectory, 'dynamodb') } : {}),
        });
    if ('stop' in dynamo) stops.push(dynamo.stop);
    const tableName = options.tableName ?? localTableName;
    const ses = await startLocalSes(options.sesPort);
    stops.push(ses.stop);

    const appSecrets = localAppSecrets(
      options.dataDirectory ? join(options.dataDirectory, 'app-secrets.json') : undefined,
    );
    Object.assign(process.env, {
      RELAY_APP_SECRETS: JSON.stringify(appSecrets),
      TABLE_NAME: tableName,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.url,
      AWS_ENDPOINT_URL_SES: ses.url,
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint });
    await ensureTable(dynamoClient, tableName);
    const table: TableRef = { db: createDocumentClient(dynamoClient), tableName };

    const settings = stageConfig('dev').workflows;
    const workflows = allWorkflows(settings);
    const delivery = new Delivery(options.delivery ?? deliveryFromEnvironment());
    const stepFunctions = new LocalStepFunctions(workflows, options.timeScale, { delivery });
    stops.push(() => stepFunctions.stop());
    const timers = new LocalTimers(options.timeScale, stepFunctions, { delivery });
    stops.push(async () => timers.stop());
    process.env.LEAD_SLA_SECONDS ??= String(settings.leadSlaSeconds);
    // Campaign mail says where replies go; POST /_local/inbound-email plays SES receiving them.
    process.env.EMAIL_REPLY_TO ??= 'replies@relay.local';
    // The support mailbox: POST /_local/inbound-email to it opens tickets, and agents' answers come from it.
    process.env.SUPPORT_ADDRESS ??= 'support@relay.local';
    // Integrators try webhooks against receivers on this machine; in AWS, private targets are refused.
    process.env.RELAY_WEBHOOKS_ALLOW_PRIVATE ??= 'true';

    const eventJournal = options.dataDirectory ? join(options.dataDirectory, 'events.jsonl') : undefined;
    const bus = new LocalEventBus(eventJournal, { delivery, timeScale: options.timeScale });
    for (const workflow of workflows) {
      if (!workflow.startedBy) continue;
      bus.addRule({
        name: `start-${workflow.name}`,
        pattern: workflow.startedBy,
        target: (event) => stepFunctions.start(workflow.name, event),
        kind: 'workflow',
      });
    }
    for (const subscription of eventSubscriptions) {
      bus.addRule({
        name: subscription.name,
        pattern: subscription.pattern,
        target: async (event) => (await loadHandler(subscription.entry))(event, lambdaContext(subscription.name)),
      });
    }
    const poller = startOutboxPoller({
      outbox: new OutboxRepository(table),
      publisher: bus,
      context: systemContext,
    });
    stops.push(poller.stop);
    // A handler that wrote to the outbox has its events relayed at once, as a stream would deliver them.
    const stopKicking = afterEveryInvocation(poller.kick);
    stops.push(async () => void stopKicking());

    const auth = await startDevAuth(
      options.dataDirectory ? join(options.dataDirectory, 'dev-auth-key.json') : undefined,
    );
    const devTokens = await issueDevTokens(auth);
    if (options.dataDirectory)
      writeFileSync(join(options.dataDirectory, 'dev-tokens.json'), `${JSON.stringify(devTokens, null, 2)}\n`);

    const api = await startHttpServer({
      routes: httpRoutes,
      port: options.apiPort,
      authorizer: auth,
      allowedOrigins: consoleOrigins,
      localEndpoints: {
        ...localEndpoints({
          bus,
          stepFunctions,
          timers,
          delivery,
          emailFeedback: buildDependencies(table, systemContext),
          devTokens,
          issueToken: issueDevToken(auth),
          sesUrl: ses.url,
          dynamoDbEndpoint: dynamo.endpoint,
          tableName,
        }),
        'GET /demo': demoPage(buildDependencies(table, systemContext)),
        // Cognito's API for the dev users (AdminGetUser: a test send finds the signed-in user's email). The SDK
        // posts to its endpoint's path plus "/", so the endpoint is the path with its slash.
        'POST /_local/cognito-idp/': localUserPool(Object.values(devUsers)),
      },
    });
    stops.push(api.close);
    process.env.PUBLIC_API_URL = api.url;
    process.env.USER_POOL_ID = localUserPoolId;
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = `${api.url}/_local/cognito-idp/`;
    process.env.RELAY_LOCAL_SCHEDULER_URL = `${api.url}/_local/timers`;
    process.env.RELAY_LOCAL_CALLBACKS_URL = `${api.url}/_local/task-tokens`;
    if (options.seed) await seedDemo(buildDependencies(table, systemContext), api.url);
    let consoleUrl: string | undefined;
    if (consolePort !== undefined) {
      const served = await startConsoleServer({
        port: consolePort,
        dist: consoleDist,
        config: {
          apiUrl: api.url,
          auth: { mode: 'local', devUsersUrl: `${api.url}/_local/users`, tokenUrl: `${api.url}/_local/tokens` },
        },
      });
      stops.push(served.close);
      consoleUrl = served.url;
    }

    return {
      apiUrl: api.url,
      ...(consoleUrl ? { consoleUrl } : {}),
      devTokens,
      webhookSecret: ownValue(appSecrets.webhookSources, demoWebhookSource)?.[0] ?? '',
      dynamoDbEndpoint: dynamo.endpoint,
      tableName,
      sesUrl: ses.url,
      ...(eventJournal ? { eventJournal } : {}),
      bus,
      stepFunctions,
      timers,
      delivery,
      table,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
