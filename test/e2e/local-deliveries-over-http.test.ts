import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack()));
afterAll(async () => void (await stack?.stop()));

describe('the local stack in the tests’ mode (at least once, out of order)', () => {
  it('says so at /_local/deliveries, really delivers some events twice, and nothing ends in a dead letter', async () => {
    const before = (await stack.api('GET', '/_local/deliveries', undefined, { as: null })).json;
    expect(before).toMatchObject({ mode: 'at-least-once', options: { seed: 16 } });
    for (let i = 0; i < 20; i++)
      expect((await stack.api('POST', '/contacts', { email: `twice.${i}@example.com` })).status).toBe(201);
    const report = await eventually(
      async () => (await stack.api('GET', '/_local/deliveries', undefined, { as: null })).json,
      (answer) => answer.duplicates.events > 0,
      15_000,
    );
    expect(report.duplicateCount).toBeGreaterThan(0);
    const created = await eventually(
      async () =>
        (await stack.api('GET', '/_local/events?detailType=Contact%20Created', undefined, { as: null })).json
          .events as unknown[],
      (events) => events.length >= 20,
    );
    expect(created).toHaveLength(20); // published once each; only the deliveries to rules are doubled
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await stack.api('GET', '/_local/dead-letters', undefined, { as: null })).json.count).toBe(0);
  });
});
