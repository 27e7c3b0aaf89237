import * as z from 'zod';
import { sendSurvey } from '#shared/surveys/survey-send.service.ts';
import { surveySendDeps } from '../survey-dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the post-sale-survey workflow (waitForTaskToken): send the survey or its reminder and park the token. */
export const handler = taskHandler(
  z.object({ sendId: z.string(), taskToken: z.string().min(1), reminder: z.boolean() }),
  async (input) => sendSurvey(await surveySendDeps(), input),
);
