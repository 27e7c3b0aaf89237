import { describe, expect, it } from 'vitest';
import {
  asksForReason,
  dealCountOf,
  moveOnBoard,
  replaceCard,
  type BoardLike,
  type CardLike,
} from '../../../web/src/features/deals/board-model.ts';

type Card = CardLike & { name: string; version: number };

const card = (id: string, stageId: string, amount: number, currency = 'EUR'): Card => ({
  id,
  name: `Deal ${id}`,
  version: 1,
  stageId,
  status: 'open',
  probability: stageId === 'qualified' ? 0.25 : 0.5,
  amount,
  currency,
});

/** Two open stages and the won one; totals as GET /pipelines/{id}/board answers them. */
function board(): BoardLike<Card> {
  return {
    columns: [
      {
        stage: { id: 'qualified', name: 'Qualified', probability: 0.25, kind: 'open' },
        deals: [card('a', 'qualified', 24_000), card('b', 'qualified', 12_000), card('c', 'qualified', 500, 'USD')],
        totals: [
          { currency: 'EUR', dealCount: 2, amount: 36_000, weighted: 9_000 },
          { currency: 'USD', dealCount: 1, amount: 500, weighted: 125 },
        ],
      },
      {
        stage: { id: 'proposal', name: 'Proposal', probability: 0.5, kind: 'open' },
        deals: [],
        totals: [],
      },
      {
        stage: { id: 'won', name: 'Won', probability: 1, kind: 'won' },
        deals: [{ ...card('w', 'won', 6_000), status: 'won', probability: 1 }],
        totals: [{ currency: 'EUR', dealCount: 1, amount: 6_000, weighted: 6_000 }],
      },
    ],
  };
}

describe('the optimistic board after a move', () => {
  it('takes the card from its column to the top of the target, as won with the stage’s probability', () => {
    const after = moveOnBoard(board(), 'a', 'won');
    expect(after.columns[0]!.deals.map((deal) => deal.id)).toEqual(['b', 'c']);
    expect(after.columns[2]!.deals.map((deal) => deal.id)).toEqual(['a', 'w']);
    expect(after.columns[2]!.deals[0]).toMatchObject({ stageId: 'won', status: 'won', probability: 1, amount: 24_000 });
  });

  it('moves the amount between both columns’ totals, weighted by each stage’s probability', () => {
    const after = moveOnBoard(board(), 'a', 'won');
    expect(after.columns[0]!.totals).toEqual([
      { currency: 'EUR', dealCount: 1, amount: 12_000, weighted: 3_000 },
      { currency: 'USD', dealCount: 1, amount: 500, weighted: 125 },
    ]);
    expect(after.columns[2]!.totals).toEqual([{ currency: 'EUR', dealCount: 2, amount: 30_000, weighted: 30_000 }]);
  });

  it('drops a currency from a column once its last deal leaves, and starts one in an empty column', () => {
    const after = moveOnBoard(board(), 'c', 'proposal');
    expect(after.columns[0]!.totals.map((total) => total.currency)).toEqual(['EUR']);
    expect(after.columns[1]!.totals).toEqual([{ currency: 'USD', dealCount: 1, amount: 500, weighted: 250 }]);
    expect(dealCountOf(after.columns[0]!.totals)).toBe(2);
  });

  it('leaves the board as it was for a move to the same stage, an unknown stage or an unknown deal', () => {
    const before = board();
    expect(moveOnBoard(before, 'a', 'qualified')).toBe(before);
    expect(moveOnBoard(before, 'a', 'nowhere')).toBe(before);
    expect(moveOnBoard(before, 'nobody', 'won')).toBe(before);
  });

  it('keeps amounts in cents, as the API rounds them', () => {
    const before = board();
    before.columns[0]!.deals[0]!.amount = 0.1;
    before.columns[0]!.totals[0]!.amount = 12_000.3;
    const after = moveOnBoard(before, 'a', 'proposal');
    expect(after.columns[0]!.totals[0]).toMatchObject({ amount: 12_000.2, weighted: 3_000.05 });
  });
});

describe('the board after someone else changed a deal (412)', () => {
  it('replaces the card in place when it is still in the same stage', () => {
    const changed = { ...card('b', 'qualified', 19_750), version: 2 };
    const after = replaceCard(board(), changed);
    expect(after.columns[0]!.deals.map((deal) => [deal.id, deal.amount, deal.version])).toEqual([
      ['a', 24_000, 1],
      ['b', 19_750, 2],
      ['c', 500, 1],
    ]);
  });

  it('moves the card to the stage it is in now', () => {
    const after = replaceCard(board(), { ...card('b', 'proposal', 12_000), version: 3 });
    expect(after.columns[0]!.deals.map((deal) => deal.id)).toEqual(['a', 'c']);
    expect(after.columns[1]!.deals.map((deal) => [deal.id, deal.version])).toEqual([['b', 3]]);
  });
});

describe('closing a deal', () => {
  it('asks why for won and lost, not for open stages', () => {
    const [qualified, , won] = board().columns.map((column) => column.stage);
    expect(asksForReason(won!)).toBe(true);
    expect(asksForReason({ id: 'lost', name: 'Lost', probability: 0, kind: 'lost' })).toBe(true);
    expect(asksForReason(qualified!)).toBe(false);
  });
});
