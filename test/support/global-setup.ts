import type { TestProject } from 'vitest/node';
import { buildConsoleIfNeeded } from '../../local/console-build.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The run's one DynamoDB Local and how many projects' setups hold it. */
interface SharedDynamoDb {
  started: Promise<DynamoDbLocal>;
  holders: number;
}
const key = Symbol.for('relay.tests.sharedDynamoDb');
const shared = globalThis as typeof globalThis & { [key]?: SharedDynamoDb };

/**
 * The run's one DynamoDB Local, started by the first project setup that asks and stopped when the last one
 * lets go. Every vitest project that needs it lists this setup (vitest.config.ts), and vitest loads a setup
 * file once per project, so the JVM is kept on the main process's globalThis rather than in this module.
 */
export async function holdSharedDynamoDb(): Promise<{ endpoint: string; release(): Promise<void> }> {
  const entry = (shared[key] ??= { started: startDynamoDbLocal(), holders: 0 });
  entry.holders++;
  const dynamo = await entry.started;
  let released = false;
  return {
    endpoint: dynamo.endpoint,
    release: async () => {
      if (released) return;
      released = true;
      if (--entry.holders > 0) return;
      delete shared[key];
      await dynamo.stop();
    },
  };
}

/**
 * One in-memory DynamoDB Local for the whole run; it is stopped (and its JVM killed) at teardown. The
 * console is built here once (when web/dist is missing or stale), before any browser test serves it.
 */
export default async function setup(project: TestProject) {
  const [dynamo] = await Promise.all([holdSharedDynamoDb(), buildConsoleIfNeeded(() => undefined)]);
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  return () => dynamo.release();
}
