import { routeGroup } from '../kit/route-group.ts';
import { handler as answerSurvey } from './answer-survey.ts';
import { handler as commentOnSurvey } from './comment-on-survey.ts';
import { answerRoutes } from './answer-routes.ts';

/** The Lambda behind the public survey answer routes (see routeGroup). */
export const handler = routeGroup([
  [answerRoutes.answerSurvey, answerSurvey],
  [answerRoutes.commentOnSurvey, commentOnSurvey],
]);
