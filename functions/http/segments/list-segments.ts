import { listSegments } from '#shared/segments/segment.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { segmentRoutes } from './segment-routes.ts';

export const handler = httpHandler(segmentRoutes.listSegments, async ({ query }) => {
  return json(200, await listSegments(deps(), query));
});
