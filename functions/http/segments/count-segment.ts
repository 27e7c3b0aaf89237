import { countSegment } from '#shared/segments/segment.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { segmentRoutes } from './segment-routes.ts';

export const handler = httpHandler(segmentRoutes.countSegment, async ({ path }) => {
  return json(200, await countSegment(deps(), path.segmentId));
});
