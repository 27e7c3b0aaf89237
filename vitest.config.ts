import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Integration and e2e tests share one DynamoDB Local; each file gets its own table.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      // The local stack's test mode: at least once and out of order, as EventBridge, Scheduler and Express
      // deliver (local/delivery.ts). The in-process runners read it, and so does every stack a test spawns.
      // RELAY_LOCAL_DELIVERY_SEED=off on the command line turns it off; another number reseeds it.
      RELAY_LOCAL_DELIVERY_SEED: process.env.RELAY_LOCAL_DELIVERY_SEED ?? '16',
    },
  },
});
