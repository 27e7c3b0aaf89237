import * as z from 'zod';
import { noticeAssignedOwner } from '#shared/leads/lead-owner-notice.service.ts';
import { ownerNoticeDeps } from '../timed-dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the lead-lifecycle workflow: email the new owner and set the SLA timer. */
export const handler = taskHandler(
  z.object({ contactId: z.string(), ownerId: z.string(), assignedAt: z.string() }),
  (assignment) => noticeAssignedOwner(ownerNoticeDeps(), assignment),
);
