import * as z from 'zod';
import { askPromoterForReview } from '#shared/surveys/survey-outcome.service.ts';
import { surveyOutcomeDeps } from '../survey-dependencies.ts';
import { taskHandler } from '../kit/task-handler.ts';

/** Task of the post-sale-survey workflow: thank a promoter and ask for a review. */
export const handler = taskHandler(z.object({ sendId: z.string() }), ({ sendId }) =>
  askPromoterForReview(surveyOutcomeDeps(), sendId),
);
