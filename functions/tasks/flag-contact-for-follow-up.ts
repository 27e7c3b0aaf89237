import * as z from 'zod';
import { flagContactForFollowUp } from '#shared/contacts/follow-up.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the contact-follow-up workflow. */
export const handler = taskHandler(
  z.object({ contactId: z.string(), expectedVersion: z.number().int().positive() }),
  ({ contactId, expectedVersion }) => flagContactForFollowUp(deps(), contactId, expectedVersion),
);
