import { publicHttpHandler } from '../kit/public-handler.ts';
import { answerRoutes } from './answer-routes.ts';
import { answerAndRender } from './answer-pages.ts';

export const handler = publicHttpHandler(answerRoutes.commentOnSurvey, ({ query, body }) =>
  answerAndRender({ ...query, ...(body.comment ? { comment: body.comment } : {}) }, 'thank'),
);
