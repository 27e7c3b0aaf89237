import { randomUUID } from 'node:crypto';
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { spawnLocalStack } from '../../local/spawn-stack.ts';
import { browserAvailable, chromiumLaunchOptions } from './chromium.ts';
import { holdSharedDynamoDb } from './global-setup.ts';

/**
 * The console's browser files (test/e2e/console/, the `console` project of vitest.config.ts) share ONE local
 * stack and ONE Chromium, started here once per run instead of once per file: each file's own stack and
 * browser cost about 3.5 s of CPU to start, and the folder has ten files and growing.
 *
 * A new console file picks it up by living in test/e2e/console/ and, in its beforeAll:
 *
 *   stack = await sharedConsoleStack();       // test/support/console-stack.ts: URLs, tokens, api()
 *   browser = await connectToSharedBrowser(); // test/support/browser.ts; its pages open fresh contexts
 *
 * and, in its afterAll, `await browser?.close()` (which only disconnects; the stack is not the file's to stop).
 * The stack is the seeded demo (`npm start -- --seed`) at the default time scale, with the tests' at-least-once
 * delivery. Files run two at a time against it, so a file creates what it needs under names and emails of its
 * own, and scopes what it counts to those (the outbox by its recipients, lists by its own filter or names).
 * A file whose subject is the whole table (an unfiltered list's total, the demo board's columns, today's KPIs)
 * or that needs other flags (a time scale) starts its own stack with startLocalStack, and still shares the
 * browser.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared console stack's addresses (test/support/console-stack.ts turns them into a client). */
    consoleStack: {
      apiUrl: string;
      consoleUrl: string;
      sesUrl: string;
      dynamoDbEndpoint: string;
      tableName: string;
      webhookSecret: string;
    };
    /** Where the shared Chromium listens for Playwright (empty when no Chromium is installed). */
    browserWsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await holdSharedDynamoDb();
  const startBrowser = async (): Promise<BrowserServer | undefined> => {
    if (!browserAvailable) return undefined;
    const { chromium } = await import('playwright-core');
    return chromium.launchServer(chromiumLaunchOptions);
  };
  const [stack, browserServer] = await Promise.all([
    spawnLocalStack([
      '--dynamodb-endpoint',
      dynamo.endpoint,
      '--table',
      `console-${randomUUID()}`,
      '--seed',
      '--console-port',
      '0',
    ]),
    startBrowser(),
  ]);
  project.provide('consoleStack', {
    apiUrl: stack.apiUrl,
    consoleUrl: stack.consoleUrl ?? '',
    sesUrl: stack.sesUrl,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
    tableName: stack.tableName,
    webhookSecret: stack.webhookSecret,
  });
  project.provide('browserWsEndpoint', browserServer?.wsEndpoint() ?? '');
  return async () => {
    await browserServer?.close();
    await stack.stop();
    await dynamo.release();
  };
}
