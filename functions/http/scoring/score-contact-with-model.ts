import { scoreWithModel } from '#shared/scoring/scoring.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { scoringRoutes } from './scoring-routes.ts';

export const handler = httpHandler(scoringRoutes.scoreContactWithModel, async ({ path, body }) =>
  json(200, await scoreWithModel(deps(), path.contactId, body)),
);
