/**
 * The area under the ROC curve: the chance that a positive example, drawn at random, scores above a negative one
 * (ties count half). Computed as the Mann–Whitney U statistic from ranks, with tied scores given their mean rank:
 * O(n log n), exact, and the same for any score that orders the examples the same way (a probability or points).
 */
export function areaUnderRocCurve(scored: readonly { score: number; positive: boolean }[]): number {
  const positives = scored.filter((example) => example.positive).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError('the AUC needs at least one positive and one negative');
  if (scored.some((example) => Number.isNaN(example.score))) throw new RangeError('a score is not a number');
  const sorted = scored.toSorted((a, b) => a.score - b.score);
  let positiveRankSum = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1]!.score === sorted[start]!.score) end += 1;
    // Ranks start + 1 to end + 1 are tied: each takes their mean.
    const meanRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index += 1) if (sorted[index]!.positive) positiveRankSum += meanRank;
    start = end + 1;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}
