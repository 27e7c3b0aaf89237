import { updateSegment } from '#shared/segments/segment.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { segmentRoutes } from './segment-routes.ts';

export const handler = httpHandler(segmentRoutes.updateSegment, async ({ path, body, event }) => {
  const segment = await updateSegment(deps(), path.segmentId, body, expectedVersionFrom(event));
  return json(200, segment, { etag: etagOf(segment) });
});
