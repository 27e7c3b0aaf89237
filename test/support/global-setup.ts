import type { TestProject } from 'vitest/node';
import { buildConsoleIfNeeded } from '../../local/console-build.ts';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * One in-memory DynamoDB Local for the whole run; it is stopped (and its JVM killed) at teardown. The
 * console is built here once (when web/dist is missing or stale), before any browser test serves it.
 */
export default async function setup(project: TestProject) {
  const [dynamo] = await Promise.all([startDynamoDbLocal(), buildConsoleIfNeeded(() => undefined)]);
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
