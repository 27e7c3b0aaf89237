import { getSegment } from '#shared/segments/segment.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { segmentRoutes } from './segment-routes.ts';

export const handler = httpHandler(segmentRoutes.getSegment, async ({ path }) => {
  const segment = await getSegment(deps(), path.segmentId);
  return json(200, segment, { etag: etagOf(segment) });
});
