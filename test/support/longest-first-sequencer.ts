import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each of the slowest files took on an idle run of the whole suite (2026-12-07, two forks; the console
 * files added since, halved from runs at a load average of 12). A hint for the order only: a stale or missing
 * figure makes the run slower, never wrong. Not measured again since six console files share a stack
 * (test/support/console-setup.ts): each saves its stack's start, 2 to 3 s, which does not change the order, and
 * no quiet machine was to be had (load average 15 to 33 on 2026-12-07 from 23:00 UTC, where every file took two
 * to four times these figures).
 */
export const expectedSeconds: Readonly<Record<string, number>> = {
  'test/e2e/hostile-input.test.ts': 110,
  'test/infra/relay-stack.test.ts': 80,
  'test/e2e/bench-smoke.test.ts': 50,
  'test/e2e/csv-import.test.ts': 50,
  'test/e2e/console/contacts.test.ts': 45,
  'test/e2e/console/marketing.test.ts': 50,
  'test/e2e/console/journey-live.test.ts': 40,
  'test/e2e/console/import.test.ts': 35,
  'test/e2e/console/journey-builder.test.ts': 35,
  'test/e2e/console/email-editor.test.ts': 30,
  'test/e2e/console-build.test.ts': 30,
  'test/e2e/campaign-journey-over-http.test.ts': 38,
  'test/e2e/console/my-day.test.ts': 30,
  'test/e2e/console/service-dashboard.test.ts': 30,
  'test/e2e/console/tickets.test.ts': 35,
  'test/e2e/console/contact-record.test.ts': 22,
  'test/e2e/form-load.test.ts': 21,
  'test/e2e/console/deals.test.ts': 19,
  'test/e2e/lead-intake-over-http.test.ts': 18,
  'test/integration/campaign-steps.test.ts': 17,
  'test/e2e/contacts-over-http.test.ts': 15,
  'test/e2e/campaign-numbers-over-http.test.ts': 12,
  'test/integration/fault-matrix.test.ts': 12,
  'test/e2e/console/shell.test.ts': 11,
  'test/e2e/campaign-cli.test.ts': 10,
  'test/e2e/survey-over-http.test.ts': 9,
  'test/integration/segments.test.ts': 8,
  'test/e2e/lead-lifecycle-over-http.test.ts': 7,
  'test/unit/zod-arbitrary.test.ts': 7,
};

/**
 * Longest files first, so the two workers finish together: a long file started last would run alone at the
 * end. Vitest's own order does this only from the durations it cached on an earlier run in this checkout;
 * a fresh clone (CI) has none, and vitest then starts the largest files first, which put the one-minute
 * benchmark smoke run (45 lines) at the very end. Cached durations still win where there are any.
 */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const seconds = (file: TestSpecification) => {
      const path = relative(root, file.moduleId);
      const cached = this.ctx.cache.getFileTestResults(`${file.project.name}:${path}`);
      return cached ? cached.duration / 1000 : (expectedSeconds[path] ?? 0);
    };
    // Array.prototype.sort is stable: files with the same figure keep vitest's order.
    return sorted.sort((a, b) => seconds(b) - seconds(a));
  }
}
