import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/longest-first-sequencer.ts';

/** What every project's files run with. */
const shared = {
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
};
const consoleFiles = 'test/e2e/console/**/*.test.ts';
const pureFiles = ['test/unit/**/*.test.ts', 'test/web/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        // The pure core and the console's logic: no stack, no emulator. One process runs many files in turn
        // (isolate: false), which spares each file the start of a process and the import of zod, the SDK and
        // the core again: 31 s of CPU instead of 53 s for these 79 files.
        test: { ...shared, name: 'pure', include: pureFiles, isolate: false },
      },
      {
        // Integration, e2e and infra files, each in a process of its own (forks, not threads: files set
        // process.env and patch SDK client prototypes, which must not leak into another file). They share
        // one DynamoDB Local, a table each (test/support/global-setup.ts).
        test: {
          ...shared,
          name: 'stack',
          include: ['test/**/*.test.ts'],
          exclude: [...pureFiles, consoleFiles],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        // The console's browser files share one seeded local stack and one Chromium, started once per run
        // (test/support/console-setup.ts says how a file uses them).
        test: {
          ...shared,
          name: 'console',
          include: [consoleFiles],
          globalSetup: ['test/support/global-setup.ts', 'test/support/console-setup.ts'],
        },
      },
    ],
    // Two files at a time even on 2 cores (vitest's default there is one): e2e files spend most of their
    // time waiting on their stack's child process, the shared DynamoDB Local and time-scaled timers, so a
    // second file (often a CPU-bound CDK synth) fills the idle core.
    pool: 'forks',
    maxWorkers: 2,
    // Longest files first (figures in the sequencer), so both workers are busy until near the end.
    sequence: { sequencer: LongestFirstSequencer },
  },
});
