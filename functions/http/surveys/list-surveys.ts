import { listSurveys } from '#shared/surveys/survey.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { surveyRoutes } from './survey-routes.ts';

export const handler = httpHandler(surveyRoutes.listSurveys, async ({ query }) =>
  json(200, await listSurveys(deps(), query)),
);
