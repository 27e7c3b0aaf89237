import { segmentMembers } from '#shared/segments/segment.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { segmentRoutes } from './segment-routes.ts';

export const handler = httpHandler(segmentRoutes.segmentMembers, async ({ path, query }) => {
  return json(200, await segmentMembers(deps(), path.segmentId, query));
});
