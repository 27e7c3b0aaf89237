import { forecastTrend, type ForecastPoint, type SmoothingModel } from './exponential-smoothing.rules.ts';
import {
  dealAsOf,
  learnStageProbabilities,
  type DealStageHistory,
  type LearnedStageProbabilities,
  type PipelineStages,
} from './stage-probabilities.rules.ts';

/**
 * The revenue forecast's three views of one pipeline in one currency, by close month (issue 20): open deals weighted
 * by the configured stage probabilities, the same deals weighted by the probabilities learned from closed deals, and
 * the trend of won revenue; and the back-test that says which of them to trust.
 */

export type ForecastView = 'configured' | 'learned' | 'trend';

/** A stage's learned probability is used from this many closed deals that entered it; below, the configured one stands. */
export const minimumLearnedSample = 10;

const dayMs = 86_400_000;

/** `YYYY-MM` of an ISO instant (UTC). */
export const monthOf = (iso: string): string => iso.slice(0, 7);

/** The month `count` months after `month` (before, when negative). */
export function addMonths(month: string, count: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, monthNumber - 1 + count, 1));
  return date.toISOString().slice(0, 7);
}

/** The first instant of a month. */
export const monthStart = (month: string): string => `${month}-01T00:00:00.000Z`;

/**
 * Won revenue of the pipeline in one currency, for each month from `fromMonth` up to (not including) `toMonth`, as the
 * stage histories told it at `asOf` (now, when absent): a deal counts in the month of its win.
 */
export function wonRevenueByMonth(
  pipeline: PipelineStages,
  deals: readonly DealStageHistory[],
  currency: string,
  fromMonth: string,
  toMonth: string,
  asOf?: string,
): number[] {
  const months = monthsBetween(fromMonth, toMonth);
  const index = new Map(months.map((month, position) => [month, position]));
  const revenue = months.map(() => 0);
  for (const deal of deals) {
    if (deal.pipelineId !== pipeline.id || deal.currency !== currency) continue;
    const state = dealAsOf(pipeline, deal, asOf);
    if (state?.status !== 'won' || !state.closedAt) continue;
    const position = index.get(monthOf(state.closedAt));
    if (position !== undefined) revenue[position] = roundMoney(revenue[position]! + deal.amount);
  }
  return revenue;
}

/**
 * Open deals at `asOf`, weighted by their stage's probability, summed by the month they are expected to close: the
 * stage's median days to a win after the deal entered it (learned from the deals closed by then); a deal past that, or
 * in a stage with no won deal to time it by, is expected in the month of `asOf`. A deal's own close date is not used:
 * only its current one is stored, so a back-test could not know what it said at the time.
 */
export function weightedByCloseMonth(
  pipeline: PipelineStages,
  deals: readonly DealStageHistory[],
  options: {
    asOf: string;
    currency: string;
    months: readonly string[];
    probabilityOf: (stageId: string) => number;
    learned: LearnedStageProbabilities;
  },
): number[] {
  const index = new Map(options.months.map((month, position) => [month, position]));
  const totals = options.months.map(() => 0);
  const daysToWin = new Map(options.learned.stages.map((stage) => [stage.stageId, stage.medianDaysToWin]));
  for (const deal of deals) {
    if (deal.pipelineId !== pipeline.id || deal.currency !== options.currency) continue;
    const state = dealAsOf(pipeline, deal, options.asOf);
    if (state?.status !== 'open') continue;
    const days = daysToWin.get(state.stageId) ?? null;
    const expected =
      days === null ? options.asOf : new Date(Date.parse(state.stageEnteredAt) + days * dayMs).toISOString();
    const position = index.get(monthOf(expected < options.asOf ? options.asOf : expected));
    if (position !== undefined)
      totals[position] = totals[position]! + deal.amount * options.probabilityOf(state.stageId);
  }
  return totals.map(roundMoney);
}

/** Per stage, the probability the learned view uses, and whether it is learned or the configured one standing in. */
export function learnedProbabilities(
  pipeline: PipelineStages,
  learned: LearnedStageProbabilities,
): Map<string, { probability: number; basis: 'learned' | 'configured' }> {
  return new Map<string, { probability: number; basis: 'learned' | 'configured' }>(
    pipeline.stages.map((stage) => {
      const found = learned.stages.find((candidate) => candidate.stageId === stage.id);
      return found && found.probability !== null && found.sampleSize >= minimumLearnedSample
        ? [stage.id, { probability: found.probability, basis: 'learned' as const }]
        : [stage.id, { probability: stage.probability, basis: 'configured' as const }];
    }),
  );
}

export interface ViewsAtInstant {
  months: string[];
  configured: number[];
  learned: number[];
  trend: { model: SmoothingModel; reason: string; monthsUsed: number; forecast: ForecastPoint[] } | null;
  learnedStages: LearnedStageProbabilities;
  /** Won revenue per month before `asOf`'s month, from the month after the first win: what the trend learned from. */
  history: { fromMonth: string | null; revenue: number[] };
}

/** The three views for the `horizon` months from `asOf`'s month, knowing only what was known at `asOf`. */
export function forecastViews(
  pipeline: PipelineStages,
  deals: readonly DealStageHistory[],
  options: { asOf: string; currency: string; horizon: number },
): ViewsAtInstant {
  const firstMonth = monthOf(options.asOf);
  const months = Array.from({ length: options.horizon }, (_, step) => addMonths(firstMonth, step));
  const learnedStages = learnStageProbabilities(pipeline, deals, options.asOf);
  const learned = learnedProbabilities(pipeline, learnedStages);
  const configuredProbability = new Map(pipeline.stages.map((stage) => [stage.id, stage.probability]));
  const weighted = (probabilityOf: (stageId: string) => number) =>
    weightedByCloseMonth(pipeline, deals, { ...options, months, probabilityOf, learned: learnedStages });
  // The month of the first win is left out: a pipeline rarely starts on the 1st, so that month is a partial one.
  const firstWon = firstWonMonth(pipeline, deals, options.currency, options.asOf);
  const fromMonth = firstWon && addMonths(firstWon, 1);
  const revenue =
    fromMonth && fromMonth < firstMonth
      ? wonRevenueByMonth(pipeline, deals, options.currency, fromMonth, firstMonth, options.asOf)
      : [];
  const trend = revenue.length ? forecastTrend(revenue, options.horizon) : null;
  return {
    months,
    configured: weighted((stageId) => configuredProbability.get(stageId) ?? 0),
    learned: weighted((stageId) => learned.get(stageId)?.probability ?? 0),
    trend: trend && {
      model: trend.model,
      reason: trend.reason,
      monthsUsed: trend.monthsUsed,
      forecast: trend.forecast,
    },
    learnedStages,
    history: { fromMonth: revenue.length ? fromMonth : null, revenue },
  };
}

export interface BackTestMonth {
  month: string;
  actual: number;
  configured: number;
  learned: number;
  /** Null when no month before it had won revenue to learn a trend from. */
  trend: number | null;
}

export interface ViewError {
  /** Σ|forecast − actual| ÷ Σ actual over the months tested; null when nothing was won in them. */
  wape: number | null;
  /** Σ(forecast − actual) ÷ Σ actual: below 0 the view forecast too little, above too much. */
  bias: number | null;
  monthsCompared: number;
}

export interface BackTest {
  months: BackTestMonth[];
  errors: Record<ForecastView, ViewError>;
}

/**
 * For each of the `count` whole months before `asOf`'s month: what each view forecast for that month at its start,
 * knowing only the history up to then, against what was won in it (as known at `asOf`). The error is WAPE (weighted
 * absolute percentage error) rather than MAPE: a month with no revenue makes MAPE infinite, and WAPE weighs a month
 * by its revenue, as money does.
 */
export function backTest(
  pipeline: PipelineStages,
  deals: readonly DealStageHistory[],
  options: { asOf: string; currency: string; count: number },
): BackTest {
  const lastMonth = monthOf(options.asOf);
  const tested = Array.from({ length: options.count }, (_, index) => addMonths(lastMonth, index - options.count));
  const actuals = wonRevenueByMonth(pipeline, deals, options.currency, tested[0] ?? lastMonth, lastMonth, options.asOf);
  const months = tested.map((month, index): BackTestMonth => {
    const views = forecastViews(pipeline, deals, { asOf: monthStart(month), currency: options.currency, horizon: 1 });
    return {
      month,
      actual: actuals[index]!,
      configured: views.configured[0]!,
      learned: views.learned[0]!,
      trend: views.trend ? roundMoney(views.trend.forecast[0]!.value) : null,
    };
  });
  const errorOf = (view: ForecastView): ViewError => {
    const compared = months.filter((month) => month[view] !== null);
    const actual = compared.reduce((sum, month) => sum + month.actual, 0);
    const absolute = compared.reduce((sum, month) => sum + Math.abs(month[view]! - month.actual), 0);
    const signed = compared.reduce((sum, month) => sum + (month[view]! - month.actual), 0);
    return {
      wape: actual > 0 ? absolute / actual : null,
      bias: actual > 0 ? signed / actual : null,
      monthsCompared: compared.length,
    };
  };
  return {
    months,
    errors: { configured: errorOf('configured'), learned: errorOf('learned'), trend: errorOf('trend') },
  };
}

function firstWonMonth(
  pipeline: PipelineStages,
  deals: readonly DealStageHistory[],
  currency: string,
  asOf: string,
): string | null {
  let first: string | null = null;
  for (const deal of deals) {
    if (deal.pipelineId !== pipeline.id || deal.currency !== currency) continue;
    const state = dealAsOf(pipeline, deal, asOf);
    if (state?.status === 'won' && state.closedAt && (first === null || monthOf(state.closedAt) < first))
      first = monthOf(state.closedAt);
  }
  return first;
}

function monthsBetween(fromMonth: string, toMonth: string): string[] {
  const months: string[] = [];
  for (let month = fromMonth; month < toMonth; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** Money to the cent, so sums of many amounts do not print floating-point noise. */
const roundMoney = (amount: number) => Math.round(amount * 100) / 100;

export interface ForecastReport {
  pipelineId: string;
  currency: string;
  /** The instant the forecast was made at: the views know only what was known then. */
  asOf: string;
  months: {
    month: string;
    configured: number;
    learned: number;
    trend: Pick<ForecastPoint, 'value' | 'band80' | 'band95'> | null;
  }[];
  /** Per open stage, both probabilities side by side, and which one the learned view used. */
  stages: {
    stageId: string;
    configuredProbability: number;
    learnedProbability: number | null;
    interval: { low: number; high: number } | null;
    sampleSize: number;
    medianDaysToWin: number | null;
    basis: 'learned' | 'configured';
  }[];
  trend: { model: SmoothingModel; reason: string; monthsUsed: number } | null;
  backTest: BackTest;
}

/** The forecast a manager reads: the three views for the next `horizon` months, the stages' probabilities, the back-test. */
export function forecastReport(
  pipeline: PipelineStages,
  deals: readonly DealStageHistory[],
  options: { asOf: string; currency: string; horizon: number; backTestMonths: number },
): ForecastReport {
  const views = forecastViews(pipeline, deals, options);
  const basis = learnedProbabilities(pipeline, views.learnedStages);
  return {
    pipelineId: pipeline.id,
    currency: options.currency,
    asOf: options.asOf,
    months: views.months.map((month, index) => {
      const point = views.trend?.forecast[index];
      return {
        month,
        configured: views.configured[index]!,
        learned: views.learned[index]!,
        trend: point ? { value: roundMoney(point.value), band80: point.band80, band95: point.band95 } : null,
      };
    }),
    stages: views.learnedStages.stages.map((stage) => ({
      stageId: stage.stageId,
      configuredProbability: stage.configuredProbability,
      learnedProbability: stage.probability,
      interval: stage.interval,
      sampleSize: stage.sampleSize,
      medianDaysToWin: stage.medianDaysToWin,
      basis: basis.get(stage.stageId)?.basis ?? 'configured',
    })),
    trend: views.trend && { model: views.trend.model, reason: views.trend.reason, monthsUsed: views.trend.monthsUsed },
    backTest: backTest(pipeline, deals, {
      asOf: options.asOf,
      currency: options.currency,
      count: options.backTestMonths,
    }),
  };
}
