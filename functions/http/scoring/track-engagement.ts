import { trackEngagement } from '#shared/scoring/engagement.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { scoringRoutes } from './scoring-routes.ts';

export const handler = httpHandler(scoringRoutes.trackEngagement, async ({ body }) =>
  json(202, await trackEngagement(deps(), body)),
);
