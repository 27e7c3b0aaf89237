import * as z from 'zod';
import { followUpDetractor } from '#shared/surveys/survey-outcome.service.ts';
import { surveyOutcomeDeps } from '../survey-dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the post-sale-survey workflow: a follow-up task for the detractor's owner, and an email to them. */
export const handler = taskHandler(z.object({ sendId: z.string() }), ({ sendId }) =>
  followUpDetractor(surveyOutcomeDeps(), sendId),
);
