import { deleteSegment } from '#shared/segments/segment.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, noContent } from '../kit/http-handler.ts';
import { expectedVersionFrom } from '../kit/versioning.ts';
import { segmentRoutes } from './segment-routes.ts';

export const handler = httpHandler(segmentRoutes.deleteSegment, async ({ path, event }) => {
  await deleteSegment(deps(), path.segmentId, expectedVersionFrom(event));
  return noContent();
});
