import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFormLoad } from '../../bench/form-load.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack()), 60_000);
afterAll(async () => void (await stack?.stop()));

// Bounded at 10 s so the suite stays predictable; `npm run load` runs the same check for 30 s (README: Reliability).
describe('the public form endpoint under load, with 10% exact duplicates', () => {
  it('loses no lead, doubles none and answers no 5xx', async () => {
    const figures = await runFormLoad(stack.apiUrl, { seconds: 10, connections: 32, duplicateEvery: 10 });
    expect(figures.distinctLeads).toBeGreaterThan(0);
    expect(figures.duplicates).toBeGreaterThan(0);
    expect(figures).toMatchObject({ serverErrors: 0, unanswered: 0, lost: 0, doubled: 0 });
    expect(Object.keys(figures.status)).toEqual(['202']);
  }, 180_000);
});
