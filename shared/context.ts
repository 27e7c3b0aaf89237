import { monotonicFactory } from 'ulid';

/** What the core needs from the outside world to stay deterministic: a clock and an id source. */
export interface AppContext {
  now: () => Date;
  newId: () => string;
}

const monotonicUlid = monotonicFactory();

/** The real clock and ULIDs; tests and the local runner pass their own AppContext instead. */
export const systemContext: AppContext = {
  // The one place the real clock is read.
  // eslint-disable-next-line no-restricted-syntax
  now: () => new Date(),
  newId: () => monotonicUlid(),
};

/** An ISO-8601 UTC timestamp of the context's current time. */
export const isoNow = (context: AppContext): string => context.now().toISOString();
