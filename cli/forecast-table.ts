import type { ForecastReport } from '#shared/forecasts/revenue-forecast.rules.ts';

const money = (amount: number) => Math.round(amount).toLocaleString('en');
const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);

/** The forecast as plain-text tables: the views by month, the stages' probabilities, and the back-test's errors. */
export function forecastTable(report: ForecastReport): string {
  const lines = [
    `Forecast of pipeline ${report.pipelineId} in ${report.currency}, as of ${report.asOf}`,
    '',
    'month     configured      learned        trend  (80 % band)',
    ...report.months.map(
      (month) =>
        `${month.month}  ${money(month.configured).padStart(11)}  ${money(month.learned).padStart(11)}  ${
          month.trend ? money(month.trend.value).padStart(11) : '          –'
        }  ${month.trend?.band80 ? `(${money(month.trend.band80.low)} – ${money(month.trend.band80.high)})` : ''}`,
    ),
    '',
    `Trend: ${report.trend ? report.trend.reason : 'no whole month of won revenue to learn from yet.'}`,
    '',
    'stage                 configured    learned (95 % interval)      sample  median days to win  used',
    ...report.stages.map(
      (stage) =>
        `${stage.stageId.padEnd(20)}  ${percent(stage.configuredProbability).padStart(10)}    ${percent(
          stage.learnedProbability,
        ).padStart(
          7,
        )} ${stage.interval ? `(${percent(stage.interval.low)}–${percent(stage.interval.high)})` : ''}`.padEnd(62) +
        `${String(stage.sampleSize).padStart(6)}  ${
          stage.medianDaysToWin === null ? '–' : stage.medianDaysToWin.toFixed(1)
        }`.padEnd(28) +
        stage.basis,
    ),
    '',
    `Back-test over the last ${report.backTest.months.length} months (WAPE; bias: + forecast too much, − too little):`,
    ...(['configured', 'learned', 'trend'] as const).map((view) => {
      const error = report.backTest.errors[view];
      return `  ${view.padEnd(10)}  WAPE ${percent(error.wape).padStart(8)}  bias ${percent(error.bias).padStart(8)}  over ${error.monthsCompared} months`;
    }),
  ];
  return lines.join('\n');
}
