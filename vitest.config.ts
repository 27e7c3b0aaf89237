import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/longest-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Integration and e2e tests share one DynamoDB Local; each file gets its own table.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two files at a time even on 2 cores (vitest's default there is one): e2e files spend most of their
    // time waiting on their stack's child process, the shared DynamoDB Local and time-scaled timers, so a
    // second file (often a CPU-bound CDK synth) fills the idle core. Forks, not threads: files set
    // process.env and patch SDK client prototypes, which must not leak into another file.
    pool: 'forks',
    maxWorkers: 2,
    // Longest files first (figures in the sequencer), so both workers are busy until near the end.
    sequence: { sequencer: LongestFirstSequencer },
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
