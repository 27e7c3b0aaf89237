import { routeGroup } from '../kit/route-group.ts';
import { campaignRoutes } from './campaign-routes.ts';
import { handler as changeCampaignStatus } from './change-campaign-status.ts';
import { handler as createCampaign } from './create-campaign.ts';
import { handler as enrollContact } from './enroll-contact.ts';
import { handler as enrollSegment } from './enroll-segment.ts';
import { handler as getEnrollment } from './get-enrollment.ts';
import { handler as getCampaign } from './get-campaign.ts';
import { handler as getCampaignVersion } from './get-campaign-version.ts';
import { handler as listCampaigns } from './list-campaigns.ts';
import { handler as listCampaignVersions } from './list-campaign-versions.ts';
import { handler as previewEmail } from './preview-email.ts';
import { handler as publishCampaign } from './publish-campaign.ts';
import { handler as replaceDraft } from './replace-draft.ts';
import { handler as sendTestEmail } from './send-test-email.ts';

/** The Lambda behind every campaign route (see routeGroup). */
export const handler = routeGroup([
  [campaignRoutes.createCampaign, createCampaign],
  [campaignRoutes.listCampaigns, listCampaigns],
  [campaignRoutes.getCampaign, getCampaign],
  [campaignRoutes.replaceDraft, replaceDraft],
  [campaignRoutes.publishCampaign, publishCampaign],
  [campaignRoutes.changeCampaignStatus, changeCampaignStatus],
  [campaignRoutes.getCampaignVersion, getCampaignVersion],
  [campaignRoutes.listCampaignVersions, listCampaignVersions],
  [campaignRoutes.previewEmail, previewEmail],
  [campaignRoutes.sendTestEmail, sendTestEmail],
  [campaignRoutes.enrollContact, enrollContact],
  [campaignRoutes.getEnrollment, getEnrollment],
  [campaignRoutes.enrollSegment, enrollSegment],
]);
