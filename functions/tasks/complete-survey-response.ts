import * as z from 'zod';
import { completeSurveyResponse } from '#shared/surveys/survey-outcome.service.ts';
import { deps } from '../dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the post-sale-survey workflow: the answer is handled; publish Survey Response Received. */
export const handler = taskHandler(z.object({ sendId: z.string() }), ({ sendId }) =>
  completeSurveyResponse(deps(), sendId),
);
