import type { DealStageHistory, PipelineStages } from '#shared/forecasts/stage-probabilities.rules.ts';
import type { GeneratedHistory } from './generate-history.ts';

/** The generated history in the estimators' shapes, each pipeline's id being its generator key (for tests and the bench). */
export function historyForLearning(history: GeneratedHistory): {
  pipelines: PipelineStages[];
  deals: DealStageHistory[];
} {
  return {
    pipelines: history.pipelines.map((pipeline) => ({
      id: pipeline.key,
      stages: pipeline.request.stages.map((stage) => ({ ...stage, kind: stage.kind })),
    })),
    deals: history.deals.map((deal) => ({
      dealId: deal.key,
      pipelineId: deal.pipelineKey,
      amount: deal.amount,
      currency: deal.currency,
      changes: deal.moves.map(({ toStageId, at }) => ({ toStageId, at })),
    })),
  };
}
