import type { AppContext } from '#shared/context.ts';
import type { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { sweepPendingEvents, type EventPublisher } from '#shared/events/relay.ts';

export interface OutboxPoller {
  /** Something may have written to the outbox (a handler finished): sweep soon, as a stream would deliver. */
  kick(): void;
  /** Stops polling after the current round. */
  stop(): Promise<void>;
}

/**
 * The local stand-in for DynamoDB Streams → relay Lambda: drains the outbox's pending index with the code
 * the AWS sweeper runs (sweepPendingEvents, here with no age: locally there is no stream to wait for).
 * It sweeps when kicked, at most once every `busyIntervalMs`, and otherwise every `idleIntervalMs`
 * for writes no handler made (the demo seed, a CLI writing to the table). Polling every 100 ms even when
 * nothing happened cost an idle stack and its DynamoDB Local about 8% of a core.
 */
export function startOutboxPoller(
  deps: { outbox: OutboxRepository; publisher: EventPublisher; context: AppContext },
  { busyIntervalMs = 100, idleIntervalMs = 1000 } = {},
): OutboxPoller {
  let stopped = false;
  let kicked = false;
  let wake: (() => void) | undefined;
  const sleep = (sweptAt: number) =>
    new Promise<void>((resolve) => {
      const idle = setTimeout(resolve, idleIntervalMs);
      wake = () => {
        wake = undefined;
        clearTimeout(idle);
        setTimeout(resolve, Math.max(0, sweptAt + busyIntervalMs - Date.now()));
      };
      if (kicked || stopped) wake();
    });
  const tick = async () => {
    while (!stopped) {
      kicked = false;
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
      await sleep(Date.now());
    }
  };
  const round = tick();
  return {
    kick: () => {
      kicked = true;
      wake?.();
    },
    stop: async () => {
      stopped = true;
      wake?.();
      await round;
    },
  };
}
