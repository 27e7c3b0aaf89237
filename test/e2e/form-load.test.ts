import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFormLoad } from '../../bench/form-load.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack()), 60_000);
afterAll(async () => void (await stack?.stop()));

// Bounded at 10 s so the suite stays predictable; `npm run load` runs the same check for 30 s (README: Reliability).
describe('the public form endpoint under load, with 10% exact duplicates and 10% near-duplicates', () => {
  it('loses no lead or engagement, doubles none, fails no execution and answers no 5xx', async () => {
    const figures = await runFormLoad(stack.apiUrl, {
      seconds: 10,
      connections: 32,
      duplicateEvery: 10,
      nearDuplicateEvery: 10,
    });
    console.log('[form-load]', JSON.stringify(figures));
    expect(figures.distinctLeads).toBeGreaterThan(0);
    // Sent, at least: on a busy machine a 10 s run may end before their answers come.
    expect(figures.nearDuplicates).toBeGreaterThan(0);
    expect(figures).toMatchObject({
      serverErrors: 0,
      unanswered: 0,
      lost: 0,
      doubled: 0,
      splitContacts: 0,
      failedExecutions: 0,
      deadLetters: 0,
      unscoredEngagements: 0,
    });
    expect(Object.keys(figures.status)).toEqual(['202']);
  }, 240_000);
});
