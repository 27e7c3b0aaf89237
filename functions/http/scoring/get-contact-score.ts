import { currentScore } from '#shared/scoring/scoring.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { scoringRoutes } from './scoring-routes.ts';

export const handler = httpHandler(scoringRoutes.getContactScore, async ({ path }) =>
  json(200, await currentScore(deps(), path.contactId)),
);
