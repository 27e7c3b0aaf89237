import { ActivityRepository } from '#shared/activities/activity.repository.ts';
import type { Actor } from '#shared/auth/actor.ts';
import { actsAsTicketAgent } from '#shared/auth/policy.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { CompanyRepository } from '#shared/companies/company.repository.ts';
import { ContactRepository } from '#shared/contacts/contact.repository.ts';
import { systemContext, type AppContext } from '#shared/context.ts';
import { tableRefFromEnvironment, type TableRef } from '#shared/db/document-client.ts';
import { DealRepository } from '#shared/deals/deal.repository.ts';
import { PipelineRepository } from '#shared/deals/pipeline.repository.ts';
import { OwnerRepository } from '#shared/owners/owner.repository.ts';
import { TeamRepository } from '#shared/owners/team.repository.ts';
import { SegmentRepository } from '#shared/segments/segment.repository.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { FormRepository } from '#shared/forms/form.repository.ts';
import { ConsentRepository } from '#shared/leads/consent.repository.ts';
import type { FormSubmissionDeps } from '#shared/leads/form-submission.service.ts';
import { IdempotencyRepository } from '#shared/leads/idempotency.repository.ts';
import { RateLimitRepository } from '#shared/leads/rate-limit.repository.ts';
import { appSecrets } from './secrets.ts';
import type { DoubleOptInDeps } from '#shared/leads/double-opt-in.service.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { defaultReopenWithinDays, type TicketEmailSettings } from '#shared/tickets/ticket-reply.service.ts';
import { turnstileVerifier } from './turnstile.ts';
import { EngagementRepository } from '#shared/scoring/engagement.repository.ts';
import { ScoringModel } from '#shared/scoring/scoring-model.schema.ts';
import { LeadFailureRepository } from '#shared/leads/lead-failure.repository.ts';
import { RoutingCursorRepository } from '#shared/routing/routing-cursor.repository.ts';
import { RoutingPolicy } from '#shared/routing/routing.schema.ts';
import { SettingsRepository } from '#shared/settings/settings.repository.ts';
import { CampaignRepository } from '#shared/campaigns/campaign.repository.ts';
import { EnrollmentRepository } from '#shared/campaigns/enrollment.repository.ts';
import { StepCountRepository } from '#shared/campaigns/step-counts.repository.ts';
import { EmailFeedbackRepository } from '#shared/campaigns/email-feedback.repository.ts';
import { CampaignSpendRepository } from '#shared/reports/campaign-spend.ts';
import { CampaignResultsRepository } from '#shared/reports/campaign-results.repository.ts';
import { KpiRepository } from '#shared/reports/kpi.repository.ts';
import { SurveyRepository } from '#shared/surveys/survey.repository.ts';
import { WebhookRepository } from '#shared/webhooks/webhook.repository.ts';
import { SurveySendRepository } from '#shared/surveys/survey-send.repository.ts';
import { SuppressionRepository } from '#shared/campaigns/suppression.repository.ts';
import { ContactFootprintRepository } from '#shared/privacy/contact-footprint.repository.ts';
import { ContactTimelineRepository } from '#shared/contacts/contact-timeline.repository.ts'; // contact record (issue 17)
import { TicketRepository } from '#shared/tickets/ticket.repository.ts';
import { ServiceKpiRepository } from '#shared/reports/service-kpi.repository.ts';
import { StoredSlaSettings } from '#shared/sla/sla-settings.schema.ts';
import { SupportRoutingPolicy } from '#shared/tickets/ticket-routing.schema.ts';

export interface Dependencies {
  context: AppContext;
  contacts: ContactRepository;
  companies: CompanyRepository;
  owners: OwnerRepository;
  teams: TeamRepository;
  pipelines: PipelineRepository;
  deals: DealRepository;
  activities: ActivityRepository;
  segments: SegmentRepository;
  forms: FormRepository;
  consents: ConsentRepository;
  idempotency: IdempotencyRepository;
  rateLimits: RateLimitRepository;
  outbox: OutboxRepository;
  engagements: EngagementRepository;
  leadFailures: LeadFailureRepository;
  scoringModel: SettingsRepository<ScoringModel>;
  routingPolicy: SettingsRepository<RoutingPolicy>;
  routingCursors: RoutingCursorRepository;
  /** How tickets without an assignee are routed to support agents (issue 19). */
  supportRoutingPolicy: SettingsRepository<SupportRoutingPolicy>;
  campaigns: CampaignRepository;
  enrollments: EnrollmentRepository;
  /** A campaign version's per-step counters (written by the enrollment moves themselves; read here). */
  stepCounts: StepCountRepository;
  suppressions: SuppressionRepository;
  emailFeedback: EmailFeedbackRepository;
  surveys: SurveyRepository;
  surveySends: SurveySendRepository;
  kpis: KpiRepository;
  campaignSpends: CampaignSpendRepository;
  /** A campaign's results per day (sends, opens, clicks, replies...), counted from its events. */
  campaignResults: CampaignResultsRepository;
  /** The service desk's day counters (issue 19). */
  serviceKpis: ServiceKpiRepository;
  webhooks: WebhookRepository;
  contactFootprints: ContactFootprintRepository;
  /** contact record (issue 17): the streams a contact's timeline merges. */
  contactTimelines: ContactTimelineRepository;
  /** Service desk (issue 19): tickets, their history, conversation and number markers. */
  tickets: TicketRepository;
  /** Service desk: the SLA policies and business calendars (one settings document). */
  slaSettings: SettingsRepository<StoredSlaSettings>;
  /** How long a rep has to touch an assigned lead (LEAD_SLA_SECONDS, default 4 hours). */
  leadSlaSeconds: number;
  /** The support mailbox (SUPPORT_ADDRESS) and the reopen window (TICKET_REOPEN_WITHIN_DAYS, default 7). */
  ticketEmail: TicketEmailSettings;
}

/**
 * Wiring from the environment, built once per Lambda container and reused across invocations.
 * Repositories are cheap objects over one shared DynamoDB client.
 */
let dependencies: Dependencies | undefined;
export function deps(): Dependencies {
  dependencies ??= buildDependencies(tableRefFromEnvironment(), systemContext);
  return dependencies;
}

/** Every repository over `table`; the local runtime and tests build theirs with this too. */
export function buildDependencies(table: TableRef, context: AppContext): Dependencies {
  return {
    context,
    contacts: new ContactRepository(table),
    companies: new CompanyRepository(table),
    owners: new OwnerRepository(table),
    teams: new TeamRepository(table),
    pipelines: new PipelineRepository(table),
    deals: new DealRepository(table),
    activities: new ActivityRepository(table),
    segments: new SegmentRepository(table),
    forms: new FormRepository(table),
    consents: new ConsentRepository(table),
    idempotency: new IdempotencyRepository(table),
    rateLimits: new RateLimitRepository(table),
    outbox: new OutboxRepository(table),
    engagements: new EngagementRepository(table),
    leadFailures: new LeadFailureRepository(table),
    scoringModel: new SettingsRepository(table, 'scoring-model', ScoringModel),
    routingPolicy: new SettingsRepository(table, 'routing-policy', RoutingPolicy),
    routingCursors: new RoutingCursorRepository(table),
    supportRoutingPolicy: new SettingsRepository(table, 'support-routing-policy', SupportRoutingPolicy),
    campaigns: new CampaignRepository(table),
    enrollments: new EnrollmentRepository(table),
    stepCounts: new StepCountRepository(table),
    suppressions: new SuppressionRepository(table),
    emailFeedback: new EmailFeedbackRepository(table),
    surveys: new SurveyRepository(table),
    surveySends: new SurveySendRepository(table),
    kpis: new KpiRepository(table),
    campaignSpends: new CampaignSpendRepository(table),
    campaignResults: new CampaignResultsRepository(table),
    serviceKpis: new ServiceKpiRepository(table),
    webhooks: new WebhookRepository(table),
    contactFootprints: new ContactFootprintRepository(table),
    contactTimelines: new ContactTimelineRepository(table), // contact record (issue 17)
    tickets: new TicketRepository(table),
    slaSettings: new SettingsRepository(table, 'sla', StoredSlaSettings),
    leadSlaSeconds: Number(process.env.LEAD_SLA_SECONDS ?? 4 * 3600),
    // Read at each use, not once: locally every handler shares this object, but each sees only its own environment.
    get ticketEmail() {
      return ticketEmailFromEnvironment();
    },
  };
}

/** The support mailbox settings from the environment (see infra/config/stage-config.ts, `support`). */
export function ticketEmailFromEnvironment(): TicketEmailSettings {
  const reopenWithinDays = Number(process.env.TICKET_REOPEN_WITHIN_DAYS ?? defaultReopenWithinDays);
  return {
    ...(process.env.SUPPORT_ADDRESS ? { supportAddress: process.env.SUPPORT_ADDRESS } : {}),
    reopenWithinDays:
      Number.isFinite(reopenWithinDays) && reopenWithinDays >= 0 ? reopenWithinDays : defaultReopenWithinDays,
  };
}

let supportMail: EmailSender | undefined;
/** Sends as the support address (SUPPORT_ADDRESS), without the marketing configuration set: answers are not campaigns. */
export function supportMailSender(): EmailSender {
  supportMail ??= new EmailSender(tableRefFromEnvironment(), process.env.SUPPORT_ADDRESS ?? '');
  return supportMail;
}

const ownerIdCacheMs = 60_000;
const ownerIdsByUser = new Map<string, { ownerId: string | undefined; until: number }>();

/**
 * The actor for a principal. A sales rep or support agent acts as their owner record, looked up by their
 * user id and cached for a minute per container (a re-linked rep waits at most that long).
 */
export async function actorFor(principal: Principal): Promise<Actor> {
  if (!actsAsTicketAgent(principal)) return { principal };
  const cached = ownerIdsByUser.get(principal.subject);
  if (cached && cached.until > Date.now()) return { principal, ownerId: cached.ownerId };
  const ownerId = await deps().owners.findIdByUser(principal.subject);
  ownerIdsByUser.set(principal.subject, { ownerId, until: Date.now() + ownerIdCacheMs });
  return { principal, ...(ownerId ? { ownerId } : {}) };
}

/** Everything a public form submission needs, including its secrets (loaded once per container). */
export async function formSubmissionDeps(): Promise<FormSubmissionDeps> {
  const secrets = await appSecrets();
  return { ...deps(), secrets, verifyTurnstile: turnstileVerifier(secrets.turnstileSecret) };
}

/** What the double opt-in email and its confirmation link need. */
export async function doubleOptInDeps(): Promise<DoubleOptInDeps> {
  const secrets = await appSecrets();
  const base = deps();
  return {
    ...base,
    email: new EmailSender(tableRefFromEnvironment(), process.env.EMAIL_FROM ?? 'Relay <no-reply@relay.example>'),
    consentKey: secrets.consentKey,
    publicApiUrl: process.env.PUBLIC_API_URL ?? '',
  };
}
