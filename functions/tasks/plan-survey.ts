import * as z from 'zod';
import { planSurvey } from '#shared/surveys/survey-send.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

const Trigger = z.object({
  detailType: z.string(),
  detail: z.object({
    id: z.string(),
    contactId: z.string().optional(),
    dealId: z.string().optional(),
    surveyId: z.string().optional(),
    ticketId: z.string().optional(),
    teamId: z.string().optional(),
  }),
});

/** Task of the post-sale-survey workflow: which survey the event sends, to whom, and when. */
export const handler = taskHandler(Trigger, (trigger) => planSurvey(deps(), trigger));
