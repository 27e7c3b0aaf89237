import { previewSegment } from '#shared/segments/segment-count.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { segmentRoutes } from './segment-routes.ts';

export const handler = httpHandler(segmentRoutes.previewSegment, async ({ body }) =>
  json(200, await previewSegment(deps(), body)),
);
