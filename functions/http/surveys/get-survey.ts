import { getSurvey } from '#shared/surveys/survey.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { surveyRoutes } from './survey-routes.ts';

export const handler = httpHandler(surveyRoutes.getSurvey, async ({ path }) => {
  const survey = await getSurvey(deps(), path.surveyId);
  return json(200, survey, { etag: etagOf(survey) });
});
