import { deleteSurvey } from '#shared/surveys/survey.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, noContent } from '../kit/http-handler.ts';
import { expectedVersionFrom } from '../kit/versioning.ts';
import { surveyRoutes } from './survey-routes.ts';

export const handler = httpHandler(surveyRoutes.deleteSurvey, async ({ path, event }) => {
  await deleteSurvey(deps(), path.surveyId, expectedVersionFrom(event));
  return noContent();
});
