/**
 * Exponential smoothing of a monthly series (won revenue), in the error-correction form of Hyndman and
 * Athanasopoulos, "Forecasting: Principles and Practice", chapters 8.1–8.3 and 8.7: simple smoothing, Holt's linear
 * trend, and Holt–Winters with additive seasonality. npm has no maintained implementation of these (the packages
 * found do ARIMA, or are unmaintained), so this is a small one, tested on series computed by hand.
 */

export type SmoothingModel = 'holt-winters-additive' | 'holt-linear' | 'simple';

/** Smoothing weights in the error-correction form: `beta` and `gamma` only for the models that have them. */
export interface SmoothingParameters {
  alpha: number;
  beta?: number;
  gamma?: number;
}

export interface SmoothingRun {
  /** One-step-ahead errors over the months the model forecast (all but the first for simple and Holt). */
  errors: number[];
  /** The point forecast 1..horizon months after the series. */
  forecasts: number[];
}

export interface ForecastPoint {
  /** Months after the last month of the series: 1 is the next month. */
  step: number;
  value: number;
  /** Prediction intervals at 80 % and 95 %, from the one-step errors' spread; null with too few months to measure it. */
  band80: { low: number; high: number } | null;
  band95: { low: number; high: number } | null;
}

export interface TrendForecast {
  model: SmoothingModel;
  /** Why this model, in words. */
  reason: string;
  parameters: SmoothingParameters;
  seasonLength: number;
  monthsUsed: number;
  /** Standard deviation of the one-step errors (n − number of weights degrees of freedom); null when unmeasurable. */
  residualSd: number | null;
  forecast: ForecastPoint[];
}

const z80 = 1.2815515655446004;
const z95 = 1.959963984540054;
/** Holt's trend needs two months to start and a few more to fit its two weights. */
export const minimumMonthsForTrend = 4;

/** Runs one model with fixed weights over the series and forecasts `horizon` months on. */
export function runSmoothing(
  series: readonly number[],
  model: SmoothingModel,
  parameters: SmoothingParameters,
  horizon: number,
  seasonLength = 12,
): SmoothingRun {
  const { alpha, beta = 0, gamma = 0 } = parameters;
  const errors: number[] = [];
  if (model === 'holt-winters-additive') {
    const m = seasonLength;
    if (series.length < 2 * m) throw new RangeError(`Holt–Winters needs two seasons (${2 * m} months)`);
    // Start from the first two seasons: their means give the level and the slope; the first season, detrended,
    // gives the seasonal terms. The first season's mean is the level at its middle, (m − 1) / 2.
    const firstMean = mean(series.slice(0, m));
    let trend = (mean(series.slice(m, 2 * m)) - firstMean) / m;
    let level = firstMean - ((m - 1) / 2 + 1) * trend;
    const seasonal = series.slice(0, m).map((value, index) => value - (firstMean + (index - (m - 1) / 2) * trend));
    series.forEach((value, t) => {
      const error = value - (level + trend + seasonal[t % m]!);
      errors.push(error);
      level = level + trend + alpha * error;
      trend = trend + beta * error;
      seasonal[t % m] = seasonal[t % m]! + gamma * error;
    });
    const n = series.length;
    const forecasts = range(horizon).map((h) => level + h * trend + seasonal[(n + h - 1) % m]!);
    return { errors, forecasts };
  }
  if (series.length < 1) throw new RangeError('an empty series has nothing to smooth');
  let level = series[0]!;
  let trend = model === 'holt-linear' ? series[1]! - series[0]! : 0;
  if (model === 'holt-linear' && series.length < 2) throw new RangeError("Holt's trend needs two months");
  for (let t = 1; t < series.length; t += 1) {
    const error = series[t]! - (level + trend);
    errors.push(error);
    level = level + trend + alpha * error;
    if (model === 'holt-linear') trend = trend + beta * error;
  }
  return { errors, forecasts: range(horizon).map((h) => level + h * trend) };
}

/**
 * The forecast variance multiplier h steps on for these linear models: 1 + Σ_{j=1}^{h−1} (α + βj + γ·[j is a whole
 * number of seasons])² (Hyndman and Athanasopoulos, table 8.8, in its general form).
 */
export function varianceMultiplier(parameters: SmoothingParameters, step: number, seasonLength = 12): number {
  const { alpha, beta = 0, gamma = 0 } = parameters;
  let sum = 1;
  for (let j = 1; j < step; j += 1) sum += (alpha + beta * j + (j % seasonLength === 0 ? gamma : 0)) ** 2;
  return sum;
}

/**
 * Forecasts a monthly series `horizon` months on with the richest model its length supports: Holt–Winters with
 * additive seasonality from two whole seasons, Holt's linear trend from four months, else simple smoothing. The
 * weights are those with the least squared one-step error on a grid of steps of 0.05 (β ≤ α and γ ≤ 1 − α, the
 * models' usual bounds). Revenue is never negative, so values and bands are cut at 0.
 */
export function forecastTrend(series: readonly number[], horizon: number, seasonLength = 12): TrendForecast {
  if (series.length === 0) throw new RangeError('no months to forecast from');
  if (!series.every(Number.isFinite)) throw new RangeError('every month needs a finite amount');
  const n = series.length;
  const { model, reason } =
    n >= 2 * seasonLength
      ? {
          model: 'holt-winters-additive' as const,
          reason: `${n} months: at least two seasons of ${seasonLength}, so Holt–Winters with additive seasonality.`,
        }
      : n >= minimumMonthsForTrend
        ? {
            model: 'holt-linear' as const,
            reason: `${n} months: fewer than two seasons (${2 * seasonLength}) to learn seasonality from, so Holt's linear trend.`,
          }
        : {
            model: 'simple' as const,
            reason: `${n} month${n === 1 ? '' : 's'}: too few for a trend (${minimumMonthsForTrend} needed), so simple exponential smoothing (a level only).`,
          };
  const parameters = bestParameters(series, model, seasonLength);
  const { errors, forecasts } = runSmoothing(series, model, parameters, horizon, seasonLength);
  const weights = model === 'holt-winters-additive' ? 3 : model === 'holt-linear' ? 2 : 1;
  const freedom = errors.length - weights;
  const residualSd = freedom > 0 ? Math.sqrt(errors.reduce((sum, error) => sum + error * error, 0) / freedom) : null;
  const cut = (value: number) => Math.max(0, value);
  return {
    model,
    reason,
    parameters,
    seasonLength,
    monthsUsed: n,
    residualSd,
    forecast: forecasts.map((value, index) => {
      const step = index + 1;
      const sd =
        residualSd === null ? null : residualSd * Math.sqrt(varianceMultiplier(parameters, step, seasonLength));
      const band = (z: number) => (sd === null ? null : { low: cut(value - z * sd), high: cut(value + z * sd) });
      return { step, value: cut(value), band80: band(z80), band95: band(z95) };
    }),
  };
}

/** The grid's weights with the least sum of squared one-step errors; the first found wins a tie, so it is deterministic. */
function bestParameters(series: readonly number[], model: SmoothingModel, seasonLength: number): SmoothingParameters {
  const steps = range(19).map((k) => Math.round(k * 5) / 100); // 0.05 … 0.95
  const candidates: SmoothingParameters[] =
    model === 'simple'
      ? steps.map((alpha) => ({ alpha }))
      : model === 'holt-linear'
        ? steps.flatMap((alpha) => [0, ...steps].filter((beta) => beta <= alpha).map((beta) => ({ alpha, beta })))
        : steps.flatMap((alpha) =>
            [0, ...steps]
              .filter((beta) => beta <= alpha)
              .flatMap((beta) =>
                [0, ...steps].filter((gamma) => gamma <= 1 - alpha + 1e-9).map((gamma) => ({ alpha, beta, gamma })),
              ),
          );
  let best = candidates[0]!;
  let bestError = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const { errors } = runSmoothing(series, model, candidate, 0, seasonLength);
    const squared = errors.reduce((sum, error) => sum + error * error, 0);
    // Better by more than rounding noise, so a tie keeps the first found (on an infinite first error, any is better).
    if (bestError === Number.POSITIVE_INFINITY || squared < bestError - 1e-9 * Math.max(1, bestError)) {
      best = candidate;
      bestError = squared;
    }
  }
  return best;
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
/** 1..count */
const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
