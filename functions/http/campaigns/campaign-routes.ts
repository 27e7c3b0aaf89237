import { Enrollment, EnrollRequest } from '#shared/campaigns/enrollment.schema.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { Campaign, CampaignId, CampaignVersion, CampaignVersionPath, ChangeCampaignStatusRequest, EmailPreview, ListCampaignsQuery, PreviewRequest } from '#shared/campaigns/campaign.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';
import * as z from 'zod';

const tag = 'Campaigns';
const entry = 'functions/http/campaigns/index.ts';

export const campaignRoutes = {
  createCampaign: defineRoute({
    name: 'CreateCampaign', method: 'POST', path: '/campaigns', entry,
    access: access.marketing, tableAccess: 'readWrite', tag, summary: 'Create a campaign (a draft) from its definition; errors name the step and field',
    request: { body: CampaignDefinition },
    responses: { 201: { description: 'Created, in draft', body: Campaign }, 400: problems[400], 403: problems[403] },
  }),
  listCampaigns: defineRoute({
    name: 'ListCampaigns', method: 'GET', path: '/campaigns', entry,
    access: access.everyone, tableAccess: 'read', tag, summary: 'List campaigns by name',
    request: { query: ListCampaignsQuery },
    responses: { 200: { description: 'A page of campaigns', body: pageOf(Campaign) } },
  }),
  getCampaign: defineRoute({
    name: 'GetCampaign', method: 'GET', path: '/campaigns/{campaignId}', entry,
    access: access.everyone, tableAccess: 'read', tag, summary: 'Read a campaign: its status, draft and last published version',
    request: { path: CampaignId },
    responses: { 200: { description: 'The campaign', body: Campaign }, 404: problems[404] },
  }),
  replaceDraft: defineRoute({
    name: 'ReplaceCampaignDraft', method: 'PUT', path: '/campaigns/{campaignId}/draft', entry,
    access: access.marketing, tableAccess: 'readWrite', tag, summary: 'Replace the draft (If-Match); running enrollments keep their published version',
    request: { path: CampaignId, body: CampaignDefinition },
    responses: { 200: { description: 'The campaign', body: Campaign }, 400: problems[400], 404: problems[404], 409: problems[409], 412: problems[412] },
  }),
  publishCampaign: defineRoute({
    name: 'PublishCampaign', method: 'POST', path: '/campaigns/{campaignId}/publish', entry,
    access: access.marketing, tableAccess: 'readWrite', tag, setsTimers: true,
    summary: 'Publish the draft as the next immutable version (a draft campaign becomes active; one triggered by a segment starts enrolling it)',
    request: { path: CampaignId },
    responses: { 200: { description: 'The campaign', body: Campaign }, 400: problems[400], 404: problems[404], 409: problems[409], 412: problems[412] },
  }),
  changeCampaignStatus: defineRoute({
    name: 'ChangeCampaignStatus', method: 'PATCH', path: '/campaigns/{campaignId}', entry,
    access: access.marketing, tableAccess: 'readWrite', tag, setsTimers: true, summary: 'Pause (enrollments hold at their next step), resume (they go on) or archive a campaign',
    request: { path: CampaignId, body: ChangeCampaignStatusRequest },
    responses: { 200: { description: 'The campaign', body: Campaign }, 400: problems[400], 404: problems[404], 409: problems[409], 412: problems[412] },
  }),
  getCampaignVersion: defineRoute({
    name: 'GetCampaignVersion', method: 'GET', path: '/campaigns/{campaignId}/versions/{number}', entry,
    access: access.everyone, tableAccess: 'read', tag, summary: 'A published version, as enrollments on it run',
    request: { path: CampaignVersionPath },
    responses: { 200: { description: 'The version', body: CampaignVersion }, 404: problems[404] },
  }),
  previewEmail: defineRoute({
    name: 'PreviewCampaignEmail', method: 'POST', path: '/campaigns/{campaignId}/preview', entry,
    access: access.marketing, tableAccess: 'read', tag, summary: 'Render one email of the draft for a contact (or a sample contact), as it would be sent',
    request: { path: CampaignId, body: PreviewRequest },
    responses: { 200: { description: 'Subject, HTML and text', body: EmailPreview }, 400: problems[400], 404: problems[404] },
  }),
  enrollContact: defineRoute({
    name: 'EnrollContact', method: 'POST', path: '/campaigns/{campaignId}/enrollments', entry,
    access: access.marketing, tableAccess: 'readWrite', tag, setsTimers: true, summary: 'Enroll a contact by hand (the campaign must be published; its re-enrollment policy applies)',
    request: { path: CampaignId, body: EnrollRequest },
    responses: { 201: { description: 'Enrolled; the first step runs at once', body: Enrollment }, 400: problems[400], 404: problems[404], 409: problems[409] },
  }),
  getEnrollment: defineRoute({
    name: 'GetEnrollment', method: 'GET', path: '/campaigns/{campaignId}/enrollments/{contactId}', entry,
    access: access.everyone, tableAccess: 'read', tag, summary: 'Where a contact is in a campaign: step, emails sent, next due time, or why it ended',
    request: { path: z.object({ campaignId: CampaignId.shape.campaignId, contactId: CampaignId.shape.campaignId }) },
    responses: { 200: { description: 'The enrollment', body: Enrollment }, 404: problems[404] },
  }),
  enrollSegment: defineRoute({
    name: 'EnrollSegment', method: 'POST', path: '/campaigns/{campaignId}/segment-enrollments', entry,
    access: access.marketing, tableAccess: 'readWrite', tag, setsTimers: true,
    summary: 'Enroll every member of a segment (the trigger segment by default), page by page, first emails spread to the SES send rate',
    request: { path: CampaignId, body: z.strictObject({ segmentId: CampaignId.shape.campaignId.optional() }) },
    responses: { 202: { description: 'Started', body: z.object({ campaignId: z.string(), segmentId: z.string(), startAt: z.string() }) }, 400: problems[400], 404: problems[404], 409: problems[409] },
  }),
};
