import * as z from 'zod';
import { expireSurvey } from '#shared/surveys/survey-send.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the post-sale-survey workflow: nobody answered in time. */
export const handler = taskHandler(z.object({ sendId: z.string() }), ({ sendId }) => expireSurvey(deps(), sendId));
