import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import type { Deal } from '../deals/deal.schema.ts';
import type { PipelineRepository } from '../deals/pipeline.repository.ts';
import { NotFound } from '../errors.ts';
import { forecastReport, type ForecastReport } from './revenue-forecast.rules.ts';
import type { DealStageHistory } from './stage-probabilities.rules.ts';

export interface ForecastDeps {
  deals: DealRepository;
  pipelines: PipelineRepository;
  context: AppContext;
}

/**
 * A pipeline's revenue forecast in one currency, from every deal of the pipeline and its stage history: one query
 * per stage's deals (page by page) and one per deal. That is O(deals), so it runs off the request path (the CLI now;
 * a scheduled job is meant to store it for the API, not built yet), never in a handler.
 */
export async function computeForecast(
  deps: ForecastDeps,
  pipelineId: string,
  options: { currency: string; horizon: number; backTestMonths: number },
): Promise<ForecastReport> {
  const pipeline = await deps.pipelines.get(pipelineId);
  if (!pipeline) throw new NotFound(`There is no pipeline ${pipelineId}.`);
  const deals: Deal[] = [];
  for (const stage of pipeline.stages) {
    let cursor: string | undefined;
    do {
      const page = await deps.deals.listByStage(pipelineId, stage.id, 100, cursor);
      deals.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  const histories: DealStageHistory[] = [];
  for (const deal of deals.filter((candidate) => candidate.currency === options.currency)) {
    const changes = await deps.deals.history(deal.id);
    histories.push({ dealId: deal.id, pipelineId, amount: deal.amount, currency: deal.currency, changes });
  }
  return forecastReport(pipeline, histories, { ...options, asOf: isoNow(deps.context) });
}
