import { describe, expect, it } from 'vitest';
import { forecastTrend, runSmoothing, varianceMultiplier } from '#shared/forecasts/exponential-smoothing.rules.ts';

const seasonalShape = [-30, -20, 10, 5, 0, -10, -40, -45, 15, 30, 50, 35];
/** 100 + 5 a month + a fixed season: a series Holt–Winters should continue exactly. */
const trendAndSeason = (months: number) =>
  Array.from({ length: months }, (_, t) => 100 + 5 * t + seasonalShape[t % 12]!);

describe('exponential smoothing, computed by hand', () => {
  it('simple smoothing with α = 0.5: level 10, then 11, then 11', () => {
    const run = runSmoothing([10, 12, 11], 'simple', { alpha: 0.5 }, 2);
    expect(run.errors).toEqual([2, 0]);
    expect(run.forecasts).toEqual([11, 11]);
  });

  it("Holt's linear trend with α = 0.5, β = 0.25", () => {
    // ℓ=10, b=2 → e=0 → ℓ=12, b=2 → e=1 → ℓ=14.5, b=2.25 → e=−0.75 → ℓ=16.375, b=2.0625.
    const run = runSmoothing([10, 12, 15, 16], 'holt-linear', { alpha: 0.5, beta: 0.25 }, 2);
    expect(run.errors).toEqual([0, 1, -0.75]);
    expect(run.forecasts).toEqual([18.4375, 20.5]);
  });

  it('Holt–Winters continues an exact trend and season, whatever its weights', () => {
    const run = runSmoothing(trendAndSeason(24), 'holt-winters-additive', { alpha: 0.3, beta: 0.1, gamma: 0.2 }, 13);
    for (const error of run.errors) expect(error).toBeCloseTo(0, 9);
    const expected = trendAndSeason(37).slice(24);
    run.forecasts.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 9));
  });

  it('Holt–Winters updates the level, slope and season by the error, by hand', () => {
    // Two flat seasons of 10 start level 10, slope 0, seasons 0; a month of 22 is an error of 12.
    const series = [...new Array<number>(24).fill(10), 22];
    const run = runSmoothing(series, 'holt-winters-additive', { alpha: 0.5, beta: 0.25, gamma: 0.25 }, 12);
    expect(run.errors[24]).toBe(12);
    // Level 10 + 6 = 16, slope 0 + 3 = 3, January's season 0 + 3 = 3; one step on is February: 16 + 3 + 0.
    expect(run.forecasts[0]).toBe(19);
    // Twelve steps on is January again: 16 + 12 × 3 + 3.
    expect(run.forecasts[11]).toBe(55);
  });

  it('widens the band as the horizon grows: 1 + Σ (α + βj + γ at whole seasons)²', () => {
    expect(varianceMultiplier({ alpha: 0.5 }, 1)).toBe(1);
    expect(varianceMultiplier({ alpha: 0.5 }, 3)).toBe(1.5);
    expect(varianceMultiplier({ alpha: 0.5, beta: 0.25 }, 3)).toBe(1 + 0.75 ** 2 + 1);
    expect(varianceMultiplier({ alpha: 0.5, beta: 0, gamma: 0.25 }, 2, 1)).toBe(1 + 0.75 ** 2);
  });
});

describe('the trend forecast', () => {
  it('uses Holt–Winters from two seasons of months and says why', () => {
    const forecast = forecastTrend(trendAndSeason(24), 3);
    expect(forecast.model).toBe('holt-winters-additive');
    expect(forecast.reason).toBe('24 months: at least two seasons of 12, so Holt–Winters with additive seasonality.');
    expect(forecast.forecast.map((point) => point.value)).toEqual(
      trendAndSeason(27)
        .slice(24)
        .map((value) => expect.closeTo(value, 6)),
    );
    expect(forecast.residualSd).toBeCloseTo(0, 6);
  });

  it("uses Holt's trend below two seasons, and simple smoothing below four months", () => {
    const holt = forecastTrend(trendAndSeason(23), 1);
    expect(holt.model).toBe('holt-linear');
    expect(holt.reason).toContain('fewer than two seasons (24)');
    const simple = forecastTrend([10, 12, 11], 1);
    expect(simple).toMatchObject({ model: 'simple', monthsUsed: 3 });
    expect(simple.reason).toBe(
      '3 months: too few for a trend (4 needed), so simple exponential smoothing (a level only).',
    );
  });

  it('fits the weights with the least squared error: a straight line is followed with its slope', () => {
    const line = [10, 20, 30, 40, 50, 60];
    const forecast = forecastTrend(line, 2);
    expect(forecast.forecast[0]!.value).toBeCloseTo(70, 9);
    expect(forecast.forecast[1]!.value).toBeCloseTo(80, 9);
  });

  it('picks the weights that track a level shift fastest when that errs least', () => {
    const forecast = forecastTrend([10, 10, 10, 50, 50, 50], 1);
    expect(forecast.model).toBe('holt-linear');
    expect(forecast.parameters.alpha).toBe(0.95);
    expect(forecast.forecast[0]!.value).toBeGreaterThan(45);
    // Three months: the errors are 0 and 40 whatever α is, a tie, which the first weight on the grid wins.
    const tie = forecastTrend([10, 10, 50], 1);
    expect(tie).toMatchObject({ model: 'simple', parameters: { alpha: 0.05 } });
    expect(tie.forecast[0]!.value).toBeCloseTo(12, 9);
  });

  it('gives 80 % and 95 % bands that widen with the horizon, cut at zero', () => {
    const noisy = [100, 130, 90, 120, 80, 140, 95, 125];
    const { forecast, residualSd, parameters } = forecastTrend(noisy, 3);
    expect(residualSd).toBeGreaterThan(0);
    const [first, , third] = forecast;
    const width = (point: typeof first) => point!.band95!.high - point!.band95!.low;
    expect(width(third)).toBeGreaterThan(width(first));
    expect(first!.band80!.high - first!.value).toBeCloseTo(1.2815515655446004 * residualSd!, 6);
    expect(third!.band95!.low).toBeGreaterThanOrEqual(0);
    expect(parameters.alpha).toBeGreaterThan(0);
  });

  it('gives no band when too few months are left to measure the errors', () => {
    expect(forecastTrend([5], 1).forecast[0]).toEqual({ step: 1, value: 5, band80: null, band95: null });
    expect(() => forecastTrend([], 1)).toThrow(RangeError);
    expect(() => forecastTrend([1, Number.NaN], 1)).toThrow(RangeError);
  });
});
