import { describe, expect, it } from 'vitest';
import {
  fitLogisticRegression,
  penalisedLogLoss,
  penalisedLogLossGradient,
  sigmoid,
} from '#shared/conversion/logistic-regression.ts';

// A toy set: one feature, x = 1, 2, 3, labelled no, yes, yes.
const rows = [[1], [2], [3]];
const labels = [false, true, true];

describe('the penalised log-loss and its gradient on a toy set, by hand', () => {
  it('at b = 0, w = 0 every p is ½: ∂b = Σ(½ − y) = −0.5, ∂w = Σ x(½ − y) = 0.5 − 1 − 1.5 = −2', () => {
    expect(penalisedLogLossGradient(rows, labels, 0, [0], 1)).toEqual([-0.5, -2]);
    // f = 3 log 2 (each example's −log ½), no penalty at w = 0.
    expect(penalisedLogLoss(rows, labels, 0, [0], 1)).toBeCloseTo(3 * Math.log(2), 12);
  });

  it('at b = 0, w = 1: p = σ(1), σ(2), σ(3) = 0.731059, 0.880797, 0.952574', () => {
    // ∂b = 0.731059 − 0.119203 − 0.047426; ∂w = 0.731059 − 2 × 0.119203 − 3 × 0.047426 + λ × 1.
    const [db, dw] = penalisedLogLossGradient(rows, labels, 0, [1], 1);
    expect(db).toBeCloseTo(0.56443, 5);
    expect(dw).toBeCloseTo(1.350375, 5);
    // f = log(1 + e) + [log(1 + e²) − 2] + [log(1 + e³) − 3] + ½ = 1.313262 + 0.126928 + 0.048587 + 0.5.
    expect(penalisedLogLoss(rows, labels, 0, [1], 1)).toBeCloseTo(1.988777, 5);
  });

  it('agrees with central finite differences of the loss at an arbitrary point with two features', () => {
    const twoFeatureRows = [
      [0.5, 1],
      [1.5, 0],
      [-1, 2],
      [2, 1],
      [0, 0],
    ];
    const twoFeatureLabels = [true, false, true, true, false];
    const point = [0.3, -0.7, 1.1];
    const loss = (theta: number[]) =>
      penalisedLogLoss(twoFeatureRows, twoFeatureLabels, theta[0]!, theta.slice(1), 0.8);
    const analytic = penalisedLogLossGradient(twoFeatureRows, twoFeatureLabels, point[0]!, point.slice(1), 0.8);
    const h = 1e-6;
    point.forEach((_, k) => {
      const up = point.map((value, i) => (i === k ? value + h : value));
      const down = point.map((value, i) => (i === k ? value - h : value));
      expect(analytic[k]).toBeCloseTo((loss(up) - loss(down)) / (2 * h), 6);
    });
  });
});

describe('fitting', () => {
  it('with no features, finds the intercept logit(share of yes): 3 of 4 gives log 3', () => {
    const fit = fitLogisticRegression([[], [], [], []], [true, true, true, false], { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(Math.log(3), 9);
  });

  it('with one yes/no feature and almost no penalty, finds each group’s log-odds (2 in 10, then 6 in 10)', () => {
    const groupRows = [...Array.from({ length: 10 }, () => [0]), ...Array.from({ length: 10 }, () => [1])];
    const groupLabels = [
      ...Array.from({ length: 10 }, (_, i) => i < 2),
      ...Array.from({ length: 10 }, (_, i) => i < 6),
    ];
    const fit = fitLogisticRegression(groupRows, groupLabels, { l2: 1e-9 });
    expect(fit.intercept).toBeCloseTo(Math.log(2 / 8), 6);
    expect(fit.intercept + fit.weights[0]!).toBeCloseTo(Math.log(6 / 4), 6);
    expect(sigmoid(fit.intercept + fit.weights[0]!)).toBeCloseTo(0.6, 6);
  });

  it('stops where the gradient is zero, and the penalty shrinks the weight towards 0', () => {
    const light = fitLogisticRegression(rows, labels, { l2: 0.1 });
    const heavy = fitLogisticRegression(rows, labels, { l2: 10 });
    for (const [fit, l2] of [
      [light, 0.1],
      [heavy, 10],
    ] as const) {
      expect(fit.converged).toBe(true);
      for (const component of penalisedLogLossGradient(rows, labels, fit.intercept, fit.weights, l2))
        expect(Math.abs(component)).toBeLessThan(1e-8);
    }
    expect(Math.abs(heavy.weights[0]!)).toBeLessThan(Math.abs(light.weights[0]!));
  });

  it('keeps weights finite on separable data (where an unpenalised fit runs to infinity), and is deterministic', () => {
    const separable = [[-2], [-1], [1], [2]];
    const separated = [false, false, true, true];
    const fit = fitLogisticRegression(separable, separated, { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(fit.weights[0]!).toBeGreaterThan(0);
    expect(fitLogisticRegression(separable, separated, { l2: 1 })).toEqual(fit);
  });

  it('refuses a zero penalty and rows of different widths', () => {
    expect(() => fitLogisticRegression(rows, labels, { l2: 0 })).toThrow(/positive/);
    expect(() => fitLogisticRegression([[1], [1, 2]], [true, false], { l2: 1 })).toThrow(/same number/);
  });
});
