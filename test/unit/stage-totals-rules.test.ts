import { describe, expect, it } from 'vitest';
import { openPipelineFromTotals, stageTotalDeltas } from '#shared/deals/stage-totals.rules.ts';

const deal = (stageId: string, amount: number, currency = 'EUR') => ({ stageId, amount, currency });

describe('stage totals', () => {
  it('count a new deal in its stage, a deleted one out, and a move out of one stage into the next', () => {
    expect(stageTotalDeltas(undefined, deal('proposal', 800))).toEqual([
      { stageId: 'proposal', currency: 'EUR', dealCount: 1, amount: 800 },
    ]);
    expect(stageTotalDeltas(deal('proposal', 800), undefined)).toEqual([
      { stageId: 'proposal', currency: 'EUR', dealCount: -1, amount: -800 },
    ]);
    expect(stageTotalDeltas(deal('proposal', 800), deal('won', 800))).toEqual([
      { stageId: 'proposal', currency: 'EUR', dealCount: -1, amount: -800 },
      { stageId: 'won', currency: 'EUR', dealCount: 1, amount: 800 },
    ]);
  });

  it('write one delta for a new amount in the same stage, none for a write that moves no money', () => {
    expect(stageTotalDeltas(deal('proposal', 0.1), deal('proposal', 0.3))).toEqual([
      { stageId: 'proposal', currency: 'EUR', dealCount: 0, amount: 0.2 },
    ]);
    expect(stageTotalDeltas(deal('proposal', 800), deal('proposal', 800))).toEqual([]);
    expect(stageTotalDeltas(deal('proposal', 800, 'EUR'), deal('proposal', 800, 'USD'))).toHaveLength(2);
  });

  it('weight the open stages by their probabilities and leave closed stages out', () => {
    const stages = [
      { id: 'proposal', kind: 'open', probability: 0.5 },
      { id: 'won', kind: 'won', probability: 1 },
    ];
    const open = openPipelineFromTotals(stages, [
      { stageId: 'proposal', currency: 'EUR', dealCount: 2, amount: 1000 },
      { stageId: 'proposal', currency: 'USD', dealCount: 1, amount: 10 },
      { stageId: 'won', currency: 'EUR', dealCount: 9, amount: 9000 },
      { stageId: 'removed-stage', currency: 'EUR', dealCount: 0, amount: 0 },
    ]);
    expect(open.openDeals).toBe(3);
    expect(Object.fromEntries(open.value)).toEqual({ EUR: 1000, USD: 10 });
    expect(Object.fromEntries(open.weightedForecast)).toEqual({ EUR: 500, USD: 5 });
  });
});
