import { publicHttpHandler } from '../kit/public-handler.ts';
import { answerRoutes } from './answer-routes.ts';
import { answerAndRender } from './answer-pages.ts';

export const handler = publicHttpHandler(answerRoutes.answerSurvey, ({ query }) => answerAndRender(query, 'ask'));
