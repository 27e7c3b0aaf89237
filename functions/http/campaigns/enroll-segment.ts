import { startSegmentEnrollment } from '#shared/campaigns/segment-enrollment.service.ts';
import { enrollmentDeps } from '../../timed-dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.enrollSegment, async ({ path, body }) =>
  json(202, await startSegmentEnrollment(enrollmentDeps(), path.campaignId, body.segmentId)),
);
