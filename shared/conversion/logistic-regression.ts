import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/**
 * L2-regularised (ridge) logistic regression, fitted by Newton's method: a pure, deterministic optimiser with no
 * learning rate to tune, that converges in a handful of steps for the few dozen features a conversion model has.
 *
 * The objective is the penalised negative log-likelihood
 *   f(b, w) = Σᵢ [log(1 + e^zᵢ) − yᵢ zᵢ] + (λ/2) Σⱼ wⱼ²,  zᵢ = b + w·xᵢ
 * (the intercept b is not penalised): the posterior of a Gaussian prior N(0, 1/λ) on each weight, so with few
 * examples the weights stay small and with many the data speaks. Its Hessian Xᵀ diag(p(1−p)) X + λI is positive
 * definite whenever λ > 0, so every Newton step is a Cholesky solve (ml-matrix) and separable data cannot send a
 * weight to infinity.
 */

export interface LogisticFit {
  intercept: number;
  weights: number[];
  /** Newton steps taken, and whether the largest gradient component fell below the tolerance. */
  iterations: number;
  converged: boolean;
  /** The penalised negative log-likelihood at the fit. */
  objective: number;
}

export interface LogisticOptions {
  /** λ, the ridge penalty on the weights (not the intercept). */
  l2: number;
  maxIterations?: number;
  /** Converged when every gradient component is below this times the number of examples. */
  tolerance?: number;
}

/** The logistic function, 1 / (1 + e^−z), without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z), without overflow for large z. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** A row as its non-zero entries only: most of a contact's features (other industries, kinds it never did) are 0. */
interface SparseRow {
  indices: Int32Array;
  values: Float64Array;
}

function sparse(rows: readonly ArrayLike<number>[]): SparseRow[] {
  return rows.map((row) => {
    const indices: number[] = [];
    for (let j = 0; j < row.length; j += 1) if (row[j] !== 0) indices.push(j);
    return { indices: Int32Array.from(indices), values: Float64Array.from(indices, (j) => row[j]!) };
  });
}

function linear(intercept: number, weights: readonly number[], row: SparseRow): number {
  let z = intercept;
  for (let k = 0; k < row.indices.length; k += 1) z += weights[row.indices[k]!]! * row.values[k]!;
  return z;
}

function lossOf(
  rows: readonly SparseRow[],
  labels: readonly boolean[],
  intercept: number,
  weights: readonly number[],
  l2: number,
) {
  let loss = 0;
  for (let i = 0; i < rows.length; i += 1) {
    const z = linear(intercept, weights, rows[i]!);
    loss += softplus(z) - (labels[i] ? z : 0);
  }
  return loss + (l2 / 2) * weights.reduce((total, weight) => total + weight * weight, 0);
}

function gradientOf(
  rows: readonly SparseRow[],
  labels: readonly boolean[],
  intercept: number,
  weights: readonly number[],
  l2: number,
): number[] {
  const gradient = new Array<number>(weights.length + 1).fill(0);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    const residual = sigmoid(linear(intercept, weights, row)) - (labels[i] ? 1 : 0);
    gradient[0]! += residual;
    for (let k = 0; k < row.indices.length; k += 1) gradient[row.indices[k]! + 1]! += residual * row.values[k]!;
  }
  for (let j = 0; j < weights.length; j += 1) gradient[j + 1]! += l2 * weights[j]!;
  return gradient;
}

/** The penalised negative log-likelihood f(b, w) above. */
export function penalisedLogLoss(
  rows: readonly ArrayLike<number>[],
  labels: readonly boolean[],
  intercept: number,
  weights: readonly number[],
  l2: number,
): number {
  return lossOf(sparse(rows), labels, intercept, weights, l2);
}

/** ∇f: [Σ(pᵢ − yᵢ), Σ(pᵢ − yᵢ) xᵢⱼ + λ wⱼ], the intercept's component first. */
export function penalisedLogLossGradient(
  rows: readonly ArrayLike<number>[],
  labels: readonly boolean[],
  intercept: number,
  weights: readonly number[],
  l2: number,
): number[] {
  return gradientOf(sparse(rows), labels, intercept, weights, l2);
}

/** Fits b and w to the rows (one number per feature) and their labels; the same input always gives the same fit. */
export function fitLogisticRegression(
  denseRows: readonly ArrayLike<number>[],
  labels: readonly boolean[],
  options: LogisticOptions,
): LogisticFit {
  if (denseRows.length !== labels.length) throw new RangeError('one label per row');
  if (!(options.l2 > 0)) throw new RangeError('the ridge penalty must be positive (it keeps the Hessian invertible)');
  const width = denseRows[0]?.length ?? 0;
  if (denseRows.some((row) => row.length !== width))
    throw new RangeError('every row needs the same number of features');
  const rows = sparse(denseRows);
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = (options.tolerance ?? 1e-9) * Math.max(1, rows.length);
  const size = width + 1;
  let intercept = 0;
  let weights = new Array<number>(width).fill(0);
  let objective = lossOf(rows, labels, intercept, weights, options.l2);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    const gradient = gradientOf(rows, labels, intercept, weights, options.l2);
    if (Math.max(...gradient.map(Math.abs)) < tolerance)
      return { intercept, weights, iterations: iteration, converged: true, objective };
    // The Hessian, with the intercept as column 0 (a constant 1 in every row): upper triangle, then mirrored.
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (const row of rows) {
      const p = sigmoid(linear(intercept, weights, row));
      const weight = p * (1 - p);
      hessian[0]![0]! += weight;
      for (let k = 0; k < row.indices.length; k += 1) {
        const a = row.indices[k]! + 1;
        const scaled = weight * row.values[k]!;
        hessian[0]![a]! += scaled;
        const hessianRow = hessian[a]!;
        for (let m = k; m < row.indices.length; m += 1) hessianRow[row.indices[m]! + 1]! += scaled * row.values[m]!;
      }
    }
    for (let a = 0; a < size; a += 1) {
      if (a > 0) hessian[a]![a]! += options.l2;
      for (let b = 0; b < a; b += 1) hessian[a]![b] = hessian[b]![a]!;
    }
    const step = new CholeskyDecomposition(new Matrix(hessian)).solve(Matrix.columnVector(gradient)).to1DArray();
    // Newton's step, halved until the objective decreases (it does at a full step near the optimum).
    let scale = 1;
    for (;;) {
      const nextIntercept = intercept - scale * step[0]!;
      const nextWeights = weights.map((weight, j) => weight - scale * step[j + 1]!);
      const nextObjective = lossOf(rows, labels, nextIntercept, nextWeights, options.l2);
      if (nextObjective <= objective || scale < 1e-10) {
        intercept = nextIntercept;
        weights = nextWeights;
        objective = nextObjective;
        break;
      }
      scale /= 2;
    }
  }
  const gradient = gradientOf(rows, labels, intercept, weights, options.l2);
  return {
    intercept,
    weights,
    iterations: maxIterations,
    converged: Math.max(...gradient.map(Math.abs)) < tolerance,
    objective,
  };
}
