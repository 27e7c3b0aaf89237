import { publishAndEnrollSegment } from '#shared/campaigns/segment-enrollment.service.ts';
import { enrollmentDeps } from '../../timed-dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.publishCampaign, async ({ path, event, principal }) => {
  const campaign = await publishAndEnrollSegment(
    enrollmentDeps(),
    path.campaignId,
    { principal },
    expectedVersionFrom(event),
  );
  return json(200, campaign, { etag: etagOf(campaign) });
});
