/** The q-quantile (0..1) of samples, nearest-rank. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export const median = (samples: number[]) => quantile(samples, 0.5);

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs `operation` `count` times one after another and returns each duration in ms. */
export async function timeEach(count: number, operation: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await operation(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * Times `operation` and `floor` alternately, `count` times each, so drift (JIT warm-up, the
 * emulator's state) affects both equally. Returns [operation samples, floor samples].
 */
export async function timeInterleaved(
  count: number,
  operation: (i: number) => Promise<unknown>,
  floor: (i: number) => Promise<unknown>,
): Promise<[number[], number[]]> {
  const operationSamples: number[] = [];
  const floorSamples: number[] = [];
  for (let i = 0; i < count; i++) {
    operationSamples.push(...(await timeEach(1, () => operation(i))));
    floorSamples.push(...(await timeEach(1, () => floor(i))));
  }
  return [operationSamples, floorSamples];
}
