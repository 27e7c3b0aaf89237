import * as z from 'zod';
import { routeLead } from '#shared/routing/routing.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the lead-lifecycle workflow: give a qualified, unowned lead an owner. */
export const handler = taskHandler(
  z.object({ contactId: z.string(), causationId: z.string() }),
  ({ contactId, causationId }) => routeLead(deps(), contactId, { causationId }),
);
