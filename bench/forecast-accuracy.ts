import { performance } from 'node:perf_hooks';
import { generateHistory, plantedStageWinRates } from '#local/history/generate-history.ts';
import { historyForLearning } from '#local/history/history-for-learning.ts';
import { backTest, forecastViews, type ViewError } from '#shared/forecasts/revenue-forecast.rules.ts';
import { learnStageProbabilities } from '#shared/forecasts/stage-probabilities.rules.ts';
import { round } from './stats.ts';

export interface ForecastFigure {
  seed: number;
  months: number;
  contacts: number;
  deals: number;
  generateMs: number;
  pipelines: {
    pipeline: string;
    closedDeals: number;
    learnMs: number;
    backTestMonths: number;
    backTestMs: number;
    trendModel: string | null;
    stages: {
      stageId: string;
      configured: number;
      planted: number;
      learned: number | null;
      low: number | null;
      high: number | null;
      sampleSize: number;
    }[];
    errors: Record<'configured' | 'learned' | 'trend', ViewError>;
  }[];
}

/**
 * How well the forecast's estimators find what the generated history planted, and how long they take: the learned
 * stage rates against the planted ones, and the back-test error of each view over the last 12 months.
 */
export function measureForecasts(options: { seed: number; months: number; contactsPerMonth: number }): ForecastFigure {
  const generating = performance.now();
  const history = generateHistory({ ...options, endMonth: '2026-12' });
  const generateMs = performance.now() - generating;
  const { pipelines, deals } = historyForLearning(history);
  const planted = plantedStageWinRates(history);
  const backTestMonths = 12;
  return {
    seed: options.seed,
    months: options.months,
    contacts: history.contacts.length,
    deals: history.deals.length,
    generateMs: round(generateMs),
    pipelines: pipelines.map((pipeline) => {
      const learning = performance.now();
      const learned = learnStageProbabilities(pipeline, deals);
      const learnMs = performance.now() - learning;
      const testing = performance.now();
      const tested = backTest(pipeline, deals, { asOf: history.to, currency: 'EUR', count: backTestMonths });
      const backTestMs = performance.now() - testing;
      const views = forecastViews(pipeline, deals, { asOf: history.to, currency: 'EUR', horizon: 1 });
      return {
        pipeline: pipeline.id,
        closedDeals: learned.closedDeals,
        learnMs: round(learnMs, 1),
        backTestMonths,
        backTestMs: round(backTestMs),
        trendModel: views.trend?.model ?? null,
        stages: learned.stages.map((stage) => ({
          stageId: stage.stageId,
          configured: stage.configuredProbability,
          planted: round(
            planted.find((rate) => rate.pipelineKey === pipeline.id && rate.stageId === stage.stageId)?.rate ??
              Number.NaN,
            3,
          ),
          learned: stage.probability === null ? null : round(stage.probability, 3),
          low: stage.interval ? round(stage.interval.low, 3) : null,
          high: stage.interval ? round(stage.interval.high, 3) : null,
          sampleSize: stage.sampleSize,
        })),
        errors: tested.errors,
      };
    }),
  };
}

const percent = (value: number | null) => (value === null ? '–' : `${round(value * 100, 1)} %`);

/** The bench report's section for the forecasts. */
export function forecastMarkdown(figure: ForecastFigure): string[] {
  return [
    `## Forecasts on a generated history (seed ${figure.seed}, ${figure.months} months: ${figure.contacts} contacts, ${figure.deals} deals, generated in ${figure.generateMs} ms)`,
    ``,
    `| pipeline | stage | configured | planted | learned (95 % Wilson) | closed deals that entered it |`,
    `| --- | --- | ---: | ---: | ---: | ---: |`,
    ...figure.pipelines.flatMap((pipeline) =>
      pipeline.stages.map(
        (stage) =>
          `| ${pipeline.pipeline} | ${stage.stageId} | ${percent(stage.configured)} | ${percent(stage.planted)} | ${percent(stage.learned)} (${percent(stage.low)}–${percent(stage.high)}) | ${stage.sampleSize} |`,
      ),
    ),
    ``,
    `| pipeline | back-test | WAPE configured | WAPE learned | WAPE trend | bias configured | bias learned | bias trend | learning (ms) | back-test (ms) |`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...figure.pipelines.map(
      (p) =>
        `| ${p.pipeline} | last ${p.backTestMonths} months, trend by ${p.trendModel ?? 'none'} | ${percent(p.errors.configured.wape)} | ${percent(p.errors.learned.wape)} | ${percent(p.errors.trend.wape)} | ${percent(p.errors.configured.bias)} | ${percent(p.errors.learned.bias)} | ${percent(p.errors.trend.bias)} | ${p.learnMs} | ${p.backTestMs} |`,
    ),
    ``,
  ];
}
