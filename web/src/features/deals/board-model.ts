/**
 * The board as the console shows it between two answers from the API: a card moved before the API has
 * answered (the optimistic board), or a card refreshed after someone else changed it. The API's board
 * (GET /pipelines/{id}/board) replaces this as soon as it is read again; nothing here decides what a move
 * may do.
 */

export interface ColumnTotal {
  currency: string;
  dealCount: number;
  amount: number;
  weighted: number;
}

export interface CardLike {
  id: string;
  stageId: string;
  status: 'open' | 'won' | 'lost';
  probability: number;
  amount: number;
  currency: string;
}

export interface StageLike {
  id: string;
  name: string;
  probability: number;
  kind: 'open' | 'won' | 'lost';
}

export interface BoardLike<D extends CardLike> {
  columns: { stage: StageLike; deals: D[]; totals: ColumnTotal[]; nextCursor?: string }[];
}

// The API rounds money to cents the same way (shared/deals/deal.service.ts).
const roundMoney = (amount: number) => Math.round(amount * 100) / 100;

/** The deal with this id and the stage it is in on the board. */
export function findCard<D extends CardLike>(
  board: BoardLike<D>,
  dealId: string,
): { deal: D; stage: StageLike } | undefined {
  for (const column of board.columns) {
    const deal = column.deals.find((card) => card.id === dealId);
    if (deal) return { deal, stage: column.stage };
  }
  return undefined;
}

/** A column's totals after adding (sign 1) or removing (sign -1) one deal; empty currencies drop out, as in the API. */
function adjustTotals(totals: ColumnTotal[], deal: CardLike, probability: number, sign: 1 | -1): ColumnTotal[] {
  const existing = totals.find((total) => total.currency === deal.currency);
  const rest = totals.filter((total) => total !== existing);
  const dealCount = (existing?.dealCount ?? 0) + sign;
  const amount = roundMoney((existing?.amount ?? 0) + sign * deal.amount);
  if (dealCount <= 0) return rest;
  const changed = { currency: deal.currency, dealCount, amount, weighted: roundMoney(amount * probability) };
  return [...rest, changed].sort((a, b) => a.currency.localeCompare(b.currency));
}

/**
 * The board once `dealId` is in `toStageId`: the card leaves its column for the top of the other one, and
 * both columns' totals follow (the weighted value with the stage's own probability, as the API weighs it).
 * An unknown deal or stage, or a move to the stage the deal is already in, leaves the board as it was.
 */
export function moveOnBoard<D extends CardLike, B extends BoardLike<D>>(
  board: B,
  dealId: string,
  toStageId: string,
): B {
  const found = findCard(board, dealId);
  const target = board.columns.find((column) => column.stage.id === toStageId);
  if (!found || !target || found.stage.id === toStageId) return board;
  const moved: D = {
    ...found.deal,
    stageId: toStageId,
    status: target.stage.kind,
    probability: target.stage.probability,
  };
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage.id === found.stage.id)
        return {
          ...column,
          deals: column.deals.filter((card) => card.id !== dealId),
          totals: adjustTotals(column.totals, found.deal, column.stage.probability, -1),
        };
      if (column.stage.id === toStageId)
        return {
          ...column,
          deals: [moved, ...column.deals],
          totals: adjustTotals(column.totals, moved, column.stage.probability, 1),
        };
      return column;
    }),
  };
}

/**
 * The board with `deal` as the API now has it (after a 412: someone else changed it). The card keeps its
 * place when it is still in the same stage, and goes to the top of its new stage otherwise; the totals
 * wait for the board to be read again.
 */
export function replaceCard<D extends CardLike, B extends BoardLike<D>>(board: B, deal: D): B {
  const found = findCard(board, deal.id);
  if (found && found.stage.id === deal.stageId)
    return {
      ...board,
      columns: board.columns.map((column) =>
        column.stage.id === deal.stageId
          ? { ...column, deals: column.deals.map((card) => (card.id === deal.id ? deal : card)) }
          : column,
      ),
    };
  return {
    ...board,
    columns: board.columns.map((column) => {
      const others = column.deals.filter((card) => card.id !== deal.id);
      return column.stage.id === deal.stageId ? { ...column, deals: [deal, ...others] } : { ...column, deals: others };
    }),
  };
}

/** The number of deals in a column, all currencies together (the API's totals count every deal, not the page). */
export function dealCountOf(totals: ColumnTotal[]): number {
  return totals.reduce((count, total) => count + total.dealCount, 0);
}

/** Closing a deal (won or lost) asks why; the API requires the reason for lost (shared/deals/deal.rules.ts). */
export function asksForReason(stage: StageLike): boolean {
  return stage.kind !== 'open';
}
