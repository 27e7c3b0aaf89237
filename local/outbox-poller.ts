import type { AppContext } from '#shared/context.ts';
import type { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { sweepPendingEvents, type EventPublisher } from '#shared/events/relay.ts';

/**
 * The local stand-in for DynamoDB Streams → relay Lambda: drains the outbox's pending index every
 * `intervalMs`, with the code the AWS sweeper runs (sweepPendingEvents, here with no age: locally
 * there is no stream to wait for). Returns a function that stops polling after the current round.
 */
export function startOutboxPoller(
  deps: { outbox: OutboxRepository; publisher: EventPublisher; context: AppContext },
  intervalMs = 100,
) {
  let stopped = false;
  let round: Promise<void> = Promise.resolve();
  const tick = async () => {
    while (!stopped) {
      try {
        // Drain fully before sleeping, so bursts do not queue behind the interval.
        while (!stopped) {
          const { relayed, unreadable } = await sweepPendingEvents(deps, { olderThanSeconds: 0, maxEvents: 50 });
          if (unreadable.length)
            console.error('[events] outbox items that no longer validate stay pending:', unreadable);
          if (relayed === 0) break;
        }
      } catch (error) {
        console.error('[events] outbox relay failed; retrying:', (error as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
  round = tick();
  return async () => {
    stopped = true;
    await round;
  };
}
