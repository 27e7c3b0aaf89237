import { httpHandler } from '../kit/http-handler.ts';
import { answerRoutes } from './answer-routes.ts';
import { answerAndRender } from './answer-pages.ts';

export const handler = httpHandler(answerRoutes.answerSurvey, ({ query }) => answerAndRender(query, 'ask'));
