import * as z from 'zod';
import { eventCatalog } from '#shared/events/catalog.ts';
import { scoringCauseOf } from '#shared/leads/lead-lifecycle.rules.ts';
import { scoreContact } from '#shared/scoring/scoring.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

const Trigger = z.discriminatedUnion('detailType', [
  z.object({ detailType: z.literal('Lead Received'), detail: eventCatalog['Lead Received'].detail }),
  z.object({ detailType: z.literal('Engagement Tracked'), detail: eventCatalog['Engagement Tracked'].detail }),
]);

/** Task of the lead-lifecycle workflow: (re)score the contact the trigger event is about. */
export const handler = taskHandler(Trigger, (trigger) =>
  scoreContact(deps(), trigger.detail.contactId, scoringCauseOf(trigger)),
);
