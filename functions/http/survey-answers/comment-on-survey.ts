import { httpHandler } from '../kit/http-handler.ts';
import { answerRoutes } from './answer-routes.ts';
import { answerAndRender } from './answer-pages.ts';

export const handler = httpHandler(answerRoutes.commentOnSurvey, ({ query, body }) => answerAndRender({ ...query, ...(body.comment ? { comment: body.comment } : {}) }, 'thank'));
