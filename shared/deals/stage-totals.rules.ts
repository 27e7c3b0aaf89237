import type { Deal } from './deal.schema.ts';

/** How many deals of one currency a pipeline stage holds, and their summed amount. */
export interface StageTotal {
  stageId: string;
  currency: string;
  dealCount: number;
  amount: number;
}

type Counted = Pick<Deal, 'stageId' | 'currency' | 'amount'>;

/**
 * What a deal's write changes in its pipeline's stage totals: the old (stage, currency) loses the deal,
 * the new one gains it. One entry per (stage, currency) that changes, none for a write that moves no money
 * (an erasure unlinking the contact), so the totals items are written only when they change.
 */
export function stageTotalDeltas(before: Counted | undefined, after: Counted | undefined): StageTotal[] {
  const deltas = new Map<string, StageTotal>();
  const add = (deal: Counted, sign: 1 | -1) => {
    const key = JSON.stringify([deal.stageId, deal.currency]);
    const delta = deltas.get(key) ?? { stageId: deal.stageId, currency: deal.currency, dealCount: 0, amount: 0 };
    deltas.set(key, { ...delta, dealCount: delta.dealCount + sign, amount: delta.amount + sign * deal.amount });
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  // Money to the micro-unit: summing -0.1 and 0.3 in floating point must not store 0.19999999999999998.
  const money = (amount: number) => Math.round(amount * 1e6) / 1e6;
  return [...deltas.values()]
    .map((delta) => ({ ...delta, amount: money(delta.amount) }))
    .filter((delta) => delta.dealCount !== 0 || delta.amount !== 0);
}

/** Open pipeline value and probability-weighted forecast, per currency, from stage totals and the stages' probabilities. */
export function openPipelineFromTotals(
  stages: readonly { id: string; kind: string; probability: number }[],
  totals: readonly StageTotal[],
): { openDeals: number; value: Map<string, number>; weightedForecast: Map<string, number> } {
  const openStages = new Map(stages.filter((stage) => stage.kind === 'open').map((stage) => [stage.id, stage]));
  const value = new Map<string, number>();
  const weightedForecast = new Map<string, number>();
  let openDeals = 0;
  for (const total of totals) {
    const stage = openStages.get(total.stageId);
    if (!stage || total.dealCount <= 0) continue;
    openDeals += total.dealCount;
    value.set(total.currency, (value.get(total.currency) ?? 0) + total.amount);
    weightedForecast.set(
      total.currency,
      (weightedForecast.get(total.currency) ?? 0) + total.amount * stage.probability,
    );
  }
  return { openDeals, value, weightedForecast };
}
