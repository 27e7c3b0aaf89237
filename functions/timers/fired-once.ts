import * as z from 'zod';
import { systemContext } from '#shared/context.ts';
import { tableRefFromEnvironment } from '#shared/db/document-client.ts';
import { TimerMarkerRepository, type TimerFiring } from '#shared/scheduling/timer-marker.repository.ts';
import { logger } from '../observability.ts';

/** The `firing` a timer adds to its target's input (shared/scheduling/timers.ts `timerInput`). */
export const TimerFiringInput = z.object({ name: z.string().min(1), at: z.string().min(1) });

/** What a workflow task reads from `$$.Execution`: its id (the claim's owner) and the input it started with. */
export const ExecutionContext = z.object({
  Id: z.string().min(1),
  Input: z.object({ firing: TimerFiringInput.optional() }).loose(),
});

/**
 * Runs the work a timer fired at most once per firing: the first delivery claims a marker (TTL) and
 * does it; a second delivery (Scheduler, EventBridge and Express are at-least-once; a direct Express
 * start is not deduplicated by name) gets `duplicate()` instead. A failure gives the claim back, so the
 * retry does the work. Input that no timer set (no `firing`) is run as is.
 */
export async function oncePerFiring<R, D>(
  firing: TimerFiring | undefined,
  owner: string,
  work: () => Promise<R>,
  duplicate: () => D,
  markers: TimerMarkerRepository = new TimerMarkerRepository(tableRefFromEnvironment()),
  now: () => Date = systemContext.now,
): Promise<R | D> {
  if (!firing) return work();
  if (!(await markers.claim(firing, owner, now()))) {
    logger.info('Timer already fired: this delivery is a duplicate', { timer: firing.name, at: firing.at });
    return duplicate();
  }
  try {
    return await work();
  } catch (error) {
    await markers.release(firing, owner);
    throw error;
  }
}
