import { routeGroup } from '../kit/route-group.ts';
import { handler as createSurvey } from './create-survey.ts';
import { handler as deleteSurvey } from './delete-survey.ts';
import { handler as getSurvey } from './get-survey.ts';
import { handler as listSurveyResponses } from './list-survey-responses.ts';
import { handler as listSurveys } from './list-surveys.ts';
import { handler as requestSurvey } from './request-survey.ts';
import { handler as updateSurvey } from './update-survey.ts';
import { surveyRoutes } from './survey-routes.ts';

/** The Lambda behind every surveys route (see routeGroup). */
export const handler = routeGroup([
  [surveyRoutes.createSurvey, createSurvey],
  [surveyRoutes.listSurveys, listSurveys],
  [surveyRoutes.getSurvey, getSurvey],
  [surveyRoutes.updateSurvey, updateSurvey],
  [surveyRoutes.deleteSurvey, deleteSurvey],
  [surveyRoutes.requestSurvey, requestSurvey],
  [surveyRoutes.listSurveyResponses, listSurveyResponses],
]);
