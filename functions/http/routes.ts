import { activityRoutes } from './activities/activity-routes.ts';
import { campaignRoutes } from './campaigns/campaign-routes.ts';
import { companyRoutes } from './companies/company-routes.ts';
import { consentRoutes } from './consent/consent-routes.ts';
import { contactRoutes } from './contacts/contact-routes.ts';
import { contactRecordRoutes } from './contacts/contact-record-routes.ts'; // contact record (issue 17)
import { dealRoutes } from './deals/deal-routes.ts';
import { formRoutes } from './forms/form-routes.ts';
import { importRoutes } from './imports/import-routes.ts';
import type { RouteSpec } from './kit/route.ts';
import { openApiRoutes } from './openapi/openapi-routes.ts';
import { ownerRoutes } from './owners/owner-routes.ts';
import { pipelineRoutes } from './pipelines/pipeline-routes.ts';
import { routingRoutes } from './routing/routing-routes.ts';
import { scoringRoutes } from './scoring/scoring-routes.ts';
import { reportRoutes } from './reports/report-routes.ts';
import { segmentRoutes } from './segments/segment-routes.ts';
import { slaSettingsRoutes } from './sla-settings/sla-settings-routes.ts';
import { answerRoutes } from './survey-answers/answer-routes.ts';
import { surveyRoutes } from './surveys/survey-routes.ts';
import { teamRoutes } from './teams/team-routes.ts';
import { ticketRoutes } from './tickets/ticket-routes.ts';
import { unsubscribeRoutes } from './unsubscribe/unsubscribe-routes.ts';
import { webhookSubscriptionRoutes } from './webhook-subscriptions/webhook-subscription-routes.ts';
import { webhookRoutes } from './webhooks/webhook-routes.ts';

/**
 * The HTTP API's route table: CDK creates one Lambda and one API route per entry, the local server
 * dispatches to the very same modules, and the OpenAPI document is generated from it.
 */
export const httpRoutes: readonly RouteSpec[] = [
  contactRoutes,
  contactRecordRoutes, // contact record (issue 17)
  companyRoutes,
  dealRoutes,
  pipelineRoutes,
  ticketRoutes,
  slaSettingsRoutes,
  activityRoutes,
  segmentRoutes,
  importRoutes,
  formRoutes,
  webhookRoutes,
  consentRoutes,
  ownerRoutes,
  teamRoutes,
  scoringRoutes,
  routingRoutes,
  campaignRoutes,
  unsubscribeRoutes,
  surveyRoutes,
  answerRoutes,
  reportRoutes,
  webhookSubscriptionRoutes,
  openApiRoutes,
].flatMap((routes) => Object.values(routes) as RouteSpec[]);
