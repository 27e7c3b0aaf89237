import type { Random } from './async-retries.ts';

/** How the local stack delivers: exactly once and in order, or at least once and out of order, as AWS does. */
export interface DeliveryOptions {
  /** Seeds every random choice (duplicates, delays, jitter), so a run can be repeated. */
  seed: number;
  /** The share of deliveries made twice (0 to 1). */
  duplicateRate: number;
  /** Each delivery waits a random time up to this (real milliseconds), so events overtake each other. */
  reorderMs: number;
}

/** The test mode's defaults: one delivery in ten twice, up to 25 ms late. */
export const testDelivery = { duplicateRate: 0.1, reorderMs: 25 } as const;

/** Reads RELAY_LOCAL_DELIVERY_SEED (turns the test mode on), RELAY_LOCAL_DUPLICATE_RATE and RELAY_LOCAL_REORDER_MS. */
export function deliveryFromEnvironment(env: NodeJS.ProcessEnv = process.env): DeliveryOptions | undefined {
  const seed = env.RELAY_LOCAL_DELIVERY_SEED;
  if (seed === undefined || seed === '' || seed === 'off') return undefined;
  const number = (name: string, fallback: number) => {
    const raw = env[name];
    const parsed = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
    return parsed;
  };
  return {
    seed: number('RELAY_LOCAL_DELIVERY_SEED', 0),
    duplicateRate: Math.min(1, number('RELAY_LOCAL_DUPLICATE_RATE', testDelivery.duplicateRate)),
    reorderMs: number('RELAY_LOCAL_REORDER_MS', testDelivery.reorderMs),
  };
}

/** A small, fast, seedable generator (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type DeliveryKind = 'events' | 'timers' | 'executions';

/**
 * The local stack's delivery semantics, shared by the bus, the timers and the workflow runner. Off (the
 * default of `npm start`): every delivery once, at once. On (the tests): at least once, out of order.
 */
export class Delivery {
  readonly random: Random;
  private readonly duplicates: Record<DeliveryKind, number> = { events: 0, timers: 0, executions: 0 };
  private readonly deliveries: Record<DeliveryKind, number> = { events: 0, timers: 0, executions: 0 };

  constructor(readonly options?: DeliveryOptions) {
    this.random = options ? seededRandom(options.seed) : Math.random;
  }

  /** As the environment says (RELAY_LOCAL_DELIVERY_SEED): what a local component uses when given none. */
  static fromEnvironment(): Delivery {
    return new Delivery(deliveryFromEnvironment());
  }

  /** How many times to deliver this one (1, or 2 for a duplicate), counted under `kind`. */
  copies(kind: DeliveryKind): number {
    this.deliveries[kind]++;
    if (!this.options || this.random() >= this.options.duplicateRate) return 1;
    this.duplicates[kind]++;
    return 2;
  }

  /** How late (real milliseconds) this delivery is. */
  delayMs(): number {
    return this.options ? this.random() * this.options.reorderMs : 0;
  }

  /** What GET /_local/deliveries answers: the mode and what was delivered twice. */
  report() {
    return {
      mode: this.options ? ('at-least-once' as const) : ('exactly-once' as const),
      ...(this.options ? { options: this.options } : {}),
      deliveries: { ...this.deliveries },
      duplicates: { ...this.duplicates },
      duplicateCount: this.duplicates.events + this.duplicates.timers + this.duplicates.executions,
    };
  }
}
