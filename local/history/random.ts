import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded source of the few distributions the history generator draws from; the same seed gives the same draws. */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of `items`, each as likely as its weight. */
  pick<T>(items: readonly (readonly [T, number])[]): T;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Log-normal with the given median and log-scale spread. */
  logNormal(median: number, sigma: number): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Poisson with mean `lambda` (Knuth's product of uniforms: exact, fine for the means used here, below a few hundred). */
  poisson(lambda: number): number;
}

export function seededRandom(seed: number): Random {
  const generator = xoroshiro128plus(seed);
  const uniform = () => uniformFloat64(generator);
  // 1 − u is in (0, 1], so the logarithms below never see 0.
  const positiveUniform = () => 1 - uniform();
  const random: Random = {
    uniform,
    chance: (p) => uniform() < p,
    pick(items) {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let threshold = uniform() * total;
      for (const [item, weight] of items) {
        threshold -= weight;
        if (threshold < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    normal: () => Math.sqrt(-2 * Math.log(positiveUniform())) * Math.cos(2 * Math.PI * uniform()),
    logNormal: (median, sigma) => median * Math.exp(sigma * random.normal()),
    exponential: (mean) => -mean * Math.log(positiveUniform()),
    poisson(lambda) {
      if (!(lambda >= 0 && lambda < 700)) throw new RangeError(`Poisson mean ${lambda} is outside [0, 700)`);
      const limit = Math.exp(-lambda);
      let count = 0;
      for (let product = positiveUniform(); product > limit; product *= positiveUniform()) count += 1;
      return count;
    },
  };
  return random;
}
