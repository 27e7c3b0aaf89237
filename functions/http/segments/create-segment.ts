import { createSegment } from '#shared/segments/segment.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { segmentRoutes } from './segment-routes.ts';

export const handler = httpHandler(segmentRoutes.createSegment, async ({ body }) => {
  const segment = await createSegment(deps(), body);
  return json(201, segment, { location: `/segments/${segment.id}`, etag: etagOf(segment) });
});
