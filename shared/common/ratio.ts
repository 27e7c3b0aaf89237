/** A ratio to four decimals (a rate of 12.34%), or null when there is nothing to divide by (no email sent, no answers). */
export const ratioOf = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
