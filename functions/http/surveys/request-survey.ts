import { requestSurvey } from '#shared/surveys/survey.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { surveyRoutes } from './survey-routes.ts';

export const handler = httpHandler(surveyRoutes.requestSurvey, async ({ path, body }) =>
  json(202, await requestSurvey(deps(), path.surveyId, body)),
);
