import { segmentCount } from '#shared/segments/segment-count.service.ts';
import { segmentCountDeps } from '../../timed-dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { segmentRoutes } from './segment-routes.ts';

export const handler = httpHandler(segmentRoutes.countSegment, async ({ path, query }) => {
  const count = await segmentCount(segmentCountDeps(), path.segmentId, { refresh: query.refresh === 'true' });
  return json(count.status === 'done' ? 200 : 202, count);
});
