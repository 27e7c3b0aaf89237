import type { Pipeline } from '../deals/pipeline.schema.ts';

/** What learning needs of a deal: its pipeline and its stage history (where it was created, then every move). */
export interface DealStageHistory {
  dealId: string;
  pipelineId: string;
  amount: number;
  currency: string;
  /** In any order; `at` is an ISO-8601 UTC instant. */
  changes: readonly { toStageId: string; at: string }[];
}

export type PipelineStages = Pick<Pipeline, 'id' | 'stages'>;

/** A deal as it stood at one instant: its stage then, when it entered it, and whether it was closed. */
export interface DealAsOf {
  dealId: string;
  amount: number;
  currency: string;
  status: 'open' | 'won' | 'lost';
  stageId: string;
  stageEnteredAt: string;
  /** The open stages it had entered by then, each with the first time it entered it. */
  reached: Map<string, string>;
  /** When it was won or lost (the last move into a closed stage), for a closed deal. */
  closedAt?: string;
}

export interface LearnedStage {
  stageId: string;
  /** The probability the pipeline configures for the stage. */
  configuredProbability: number;
  /** Closed deals that entered the stage at some time: the sample. */
  sampleSize: number;
  won: number;
  /** won ÷ sampleSize; null without a sample. */
  probability: number | null;
  /** The 95 % Wilson score interval of that share; null without a sample. */
  interval: { low: number; high: number } | null;
  /** Median days from first entering the stage to being won (won deals), and to closing either way (all closed). */
  medianDaysToWin: number | null;
  medianDaysToClose: number | null;
}

export interface LearnedStageProbabilities {
  pipelineId: string;
  /** Only deals closed before this instant were learned from (the whole history when absent). */
  asOf?: string;
  closedDeals: number;
  stages: LearnedStage[];
}

const dayMs = 86_400_000;
/** The normal quantile of 97.5 %: a two-sided 95 % interval. */
const z95 = 1.959963984540054;

/**
 * A deal's state at `asOf` (or now, when absent) read from its stage history alone: the last move before then says
 * its stage and status, so a deal lost and reopened is open again, and one reopened and won is won. Undefined for a
 * deal that did not exist yet, or whose stages are not all in the pipeline (a removed stage: nothing to learn from).
 */
export function dealAsOf(pipeline: PipelineStages, deal: DealStageHistory, asOf?: string): DealAsOf | undefined {
  const kinds = new Map(pipeline.stages.map((stage) => [stage.id, stage.kind]));
  const changes = deal.changes
    .filter((change) => asOf === undefined || change.at < asOf)
    .toSorted((a, b) => a.at.localeCompare(b.at));
  const last = changes[changes.length - 1];
  if (!last || changes.some((change) => !kinds.has(change.toStageId))) return undefined;
  const status = kinds.get(last.toStageId)!;
  const reached = new Map<string, string>();
  for (const change of changes) {
    if (kinds.get(change.toStageId) === 'open' && !reached.has(change.toStageId))
      reached.set(change.toStageId, change.at);
  }
  return {
    dealId: deal.dealId,
    amount: deal.amount,
    currency: deal.currency,
    status,
    stageId: last.toStageId,
    stageEnteredAt: last.at,
    reached,
    ...(status === 'open' ? {} : { closedAt: last.at }),
  };
}

/**
 * Learned stage probabilities of one pipeline: for each open stage, of the closed deals that entered it, the share
 * that was won, with its 95 % Wilson score interval (it stays inside 0–1 and is honest at small samples and at
 * shares of 0 or 1, where the normal approximation collapses to a point) and the sample size, and the median days
 * from the stage to a win and to a close. Open deals are left out: their outcome is unknown, so the sample leans
 * towards deals that closed fast.
 */
export function learnStageProbabilities(
  pipeline: PipelineStages,
  deals: readonly DealStageHistory[],
  asOf?: string,
): LearnedStageProbabilities {
  const closed = deals
    .filter((deal) => deal.pipelineId === pipeline.id)
    .map((deal) => dealAsOf(pipeline, deal, asOf))
    .filter((deal): deal is DealAsOf & { closedAt: string } => deal !== undefined && deal.status !== 'open');
  const stages = pipeline.stages
    .filter((stage) => stage.kind === 'open')
    .map((stage): LearnedStage => {
      const sample = closed.filter((deal) => deal.reached.has(stage.id));
      const won = sample.filter((deal) => deal.status === 'won');
      const daysFromStage = (deal: DealAsOf & { closedAt: string }) =>
        (Date.parse(deal.closedAt) - Date.parse(deal.reached.get(stage.id)!)) / dayMs;
      return {
        stageId: stage.id,
        configuredProbability: stage.probability,
        sampleSize: sample.length,
        won: won.length,
        probability: sample.length ? won.length / sample.length : null,
        interval: sample.length ? wilsonInterval(won.length, sample.length) : null,
        medianDaysToWin: median(won.map(daysFromStage)),
        medianDaysToClose: median(sample.map(daysFromStage)),
      };
    });
  return { pipelineId: pipeline.id, ...(asOf ? { asOf } : {}), closedDeals: closed.length, stages };
}

/** The Wilson score interval of `successes` out of `trials` at confidence z (default 95 %). */
export function wilsonInterval(successes: number, trials: number, z = z95): { low: number; high: number } {
  if (!(trials > 0) || successes < 0 || successes > trials)
    throw new RangeError('need 0 ≤ successes ≤ trials, trials > 0');
  const share = successes / trials;
  const z2 = z * z;
  const centre = (share + z2 / (2 * trials)) / (1 + z2 / trials);
  const halfWidth = (z / (1 + z2 / trials)) * Math.sqrt((share * (1 - share)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
