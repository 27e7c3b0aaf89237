import { describe, expect, it } from 'vitest';
import { areaUnderRocCurve } from '#shared/conversion/auc.ts';

const scored = (pairs: [number, boolean][]) => pairs.map(([score, positive]) => ({ score, positive }));

describe('the area under the ROC curve, by hand', () => {
  it('is the share of (positive, negative) pairs the score orders right: 3 of 4', () => {
    // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 > 0.1, 0.35 < 0.4, 0.8 > both.
    expect(
      areaUnderRocCurve(
        scored([
          [0.1, false],
          [0.4, false],
          [0.35, true],
          [0.8, true],
        ]),
      ),
    ).toBe(0.75);
  });

  it('counts a tie as half a pair: (½ + 1) ÷ 2', () => {
    expect(
      areaUnderRocCurve(
        scored([
          [0.5, true],
          [0.5, false],
          [0.2, false],
        ]),
      ),
    ).toBe(0.75);
  });

  it('is 1 for a perfect order, 0 for a reversed one, ½ when every score is the same', () => {
    expect(
      areaUnderRocCurve(
        scored([
          [1, true],
          [0, false],
          [2, true],
        ]),
      ),
    ).toBe(1);
    expect(
      areaUnderRocCurve(
        scored([
          [0, true],
          [1, false],
          [2, false],
        ]),
      ),
    ).toBe(0);
    expect(
      areaUnderRocCurve(
        scored([
          [3, true],
          [3, false],
          [3, false],
          [3, true],
        ]),
      ),
    ).toBe(0.5);
  });

  it('refuses examples with only one label, or a score that is not a number', () => {
    expect(() => areaUnderRocCurve(scored([[1, true]]))).toThrow(/one positive and one negative/);
    expect(() =>
      areaUnderRocCurve(
        scored([
          [Number.NaN, true],
          [1, false],
        ]),
      ),
    ).toThrow(/not a number/);
  });
});
