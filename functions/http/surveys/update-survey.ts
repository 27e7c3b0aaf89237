import { updateSurvey } from '#shared/surveys/survey.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { surveyRoutes } from './survey-routes.ts';

export const handler = httpHandler(surveyRoutes.updateSurvey, async ({ path, body, event }) => {
  const survey = await updateSurvey(deps(), path.surveyId, body, expectedVersionFrom(event));
  return json(200, survey, { etag: etagOf(survey) });
});
