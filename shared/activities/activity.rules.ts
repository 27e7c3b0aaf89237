import type { Principal } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { applyMergePatch, stampNew, type Change } from '../versioned.ts';
import type { Activity, CreateActivityRequest, UpdateActivityRequest } from './activity.schema.ts';

export function newActivity(request: CreateActivityRequest, by: Principal, context: AppContext): Activity {
  const occurredAt = request.occurredAt ? new Date(request.occurredAt).toISOString() : isoNow(context);
  return stampNew(
    { ...request, occurredAt, ...(request.type === 'task' ? { done: false } : {}), loggedBy: by.subject },
    context,
  );
}

/** Edits an activity; completing a task stamps `doneAt`, reopening clears it. */
export function applyActivityPatch(
  before: Activity,
  patch: UpdateActivityRequest,
  context: AppContext,
): Change<Activity> {
  const { done, details, ...rest } = patch;
  const completion =
    done === undefined || before.type !== 'task' || done === before.done
      ? {}
      : { done, doneAt: done ? isoNow(context) : null };
  return applyMergePatch(before, { ...rest, ...(details ? { details } : {}), ...completion }, context);
}

/** The due date under which an open task is listed for its owner; none once done or for other types. */
export function openTaskDueAt(activity: Activity): string | undefined {
  return activity.type === 'task' && !activity.done ? (activity.dueAt ?? activity.occurredAt) : undefined;
}
