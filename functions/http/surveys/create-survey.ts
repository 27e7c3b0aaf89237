import { createSurvey } from '#shared/surveys/survey.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { surveyRoutes } from './survey-routes.ts';

export const handler = httpHandler(surveyRoutes.createSurvey, async ({ body }) => {
  const survey = await createSurvey(deps(), body);
  return json(201, survey, { location: `/surveys/${survey.id}`, etag: etagOf(survey) });
});
