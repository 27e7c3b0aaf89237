import { createHash } from 'node:crypto';
import type { IndexName } from './table-design.ts';

/**
 * Every key of the single table is built here and nowhere else.
 *
 * Entity            pk / sk                                   index keys (pk → sk)
 * Contact           CONTACT#<id> / CONTACT                    gsi1 OWNER#<owner>#CONTACTS | UNOWNED#CONTACTS → <createdAt>#<id>
 *                                                             gsi2 STAGE#<stage>#CONTACTS → <createdAt>#<id>
 *                                                             gsi3 CONTACTS → <createdAt>#<id>
 *                                                             gsi5 COMPANY#<company>#CONTACTS → <createdAt>#<id> (sparse)
 * Contact email     CONTACT_EMAIL#<normalised> / CONTACT_EMAIL (uniqueness marker)
 * Contact name      CONTACT_NAME#<first 2 chars> / <entry>#<id>  (the quick find: a name entry, written with the contact;
 *                                                             spaces in the entry as _, so whole words sort first)
 * Company           COMPANY#<id> / COMPANY                    gsi1 OWNER#<owner>#COMPANIES → <nameKey>#<id> (sparse)
 *                                                             gsi3 COMPANIES → <nameKey>#<id>
 * Company domain    COMPANY_DOMAIN#<domain> / COMPANY_DOMAIN  (uniqueness marker; also links contacts by email domain)
 * Pipeline          PIPELINE#<id> / PIPELINE                  gsi3 PIPELINES → <nameKey>#<id>
 * Deal              DEAL#<id> / DEAL                          gsi1 OWNER#<owner>#DEALS → <createdAt>#<id>
 *                                                             gsi2 PIPELINE#<pipeline>#STAGE#<stage>#DEALS → <createdAt>#<id>
 *                                                             gsi3 DEALS#WON → <wonAt>#<id> (sparse: won deals, for KPIs)
 *                                                             gsi5 COMPANY#<company>#DEALS → <createdAt>#<id> (sparse)
 *                                                             gsi6 CONTACT#<contact>#DEALS → <createdAt>#<id> (sparse)
 * Deal stage change DEAL#<id> / STAGE_CHANGE#<at>#<eventId>   (history, read with the deal's partition)
 * Ticket            TICKET#<id> / TICKET                      gsi1 OWNER#<assignee>#OPEN_TICKETS | TICKETS#UNASSIGNED → <createdAt>#<id>
 *                                                             (sparse: unfinished tickets only, i.e. not resolved or closed)
 *                                                             gsi2 TEAM#<team>#OPEN_TICKETS → <createdAt>#<id> (sparse: unfinished, with a team)
 *                                                             gsi3 TICKETS#KIND#<status kind> → <createdAt>#<id>
 *                                                             gsi4 TICKETS#SLA_DUE → <slaDueAt>#<id> (sparse: unfinished, with an SLA
 *                                                             target still counting: the breaching-soon queue)
 *                                                             gsi5 COMPANY#<company>#TICKETS → <createdAt>#<id> (sparse)
 *                                                             gsi6 CONTACT#<contact>#TICKETS → <createdAt>#<id>
 * Ticket status chg TICKET#<id> / STATUS_CHANGE#<at>#<eventId> (history, read with the ticket's partition)
 * Ticket message    TICKET#<id> / MESSAGE#<at>#<id>           (the conversation: inbound, outbound, internal notes, in order)
 * Ticket number     TICKET_NUMBER#<n> / TICKET_NUMBER         (the number's ticket: unique, written with the ticket)
 * Ticket email      TICKET_EMAIL#<sha256 of Message-ID> / TICKET_EMAIL  (an email Relay received or sent on a ticket: threads
 *                                                             replies by In-Reply-To/References; claimed with the message, so a
 *                                                             redelivered email is recorded once)
 * Ticket follow-up  TICKET#<id> / FOLLOW_UP                   (the new ticket a customer's late reply to this finished one opened: one)
 * Ticket counter    TICKET_COUNTER / TICKET_COUNTER           (atomic counter: the last ticket number handed out)
 * Activity          ACTIVITY#<id> / ACTIVITY                  gsi1 CONTACT#<contact>#TIMELINE → <occurredAt>#<id> (sparse)
 *                                                             gsi2 DEAL#<deal>#TIMELINE → <occurredAt>#<id> (sparse)
 *                                                             gsi5 COMPANY#<company>#TIMELINE → <occurredAt>#<id> (sparse)
 *                                                             gsi3 OWNER#<owner>#OPEN_TASKS → <dueAt>#<id> (sparse: open tasks)
 * Owner (sales rep) OWNER#<id> / OWNER                        gsi1 TEAM#<team>#OWNERS | NO_TEAM#OWNERS → <nameKey>#<id>
 *                                                             gsi3 OWNERS → <nameKey>#<id>
 * Owner user        OWNER_USER#<sub> / OWNER_USER             (the signed-in user's owner record; unique)
 * Owner email       OWNER_EMAIL#<email> / OWNER_EMAIL         (uniqueness marker)
 * Territory member  TERRITORY#<code> / OWNER#<id>             (owners by territory, written with the owner)
 * Team              TEAM#<id> / TEAM                          gsi3 TEAMS → <nameKey>#<id>
 * Segment           SEGMENT#<id> / SEGMENT                    gsi3 SEGMENTS → <nameKey>#<id>
 * Consent record    CONTACT#<id> / CONSENT#<at>#<id>          (proof of each consent change, kept with the contact)
 * Form              FORM#<id> / FORM                          gsi3 FORMS → <nameKey>#<id>
 * Idempotency       IDEMPOTENCY#<scope>#<key> / IDEMPOTENCY   (first response of a submission or webhook, TTL 24 h)
 * Rate counter      RATE#<bucket> / <windowStart>             (requests per window, TTL)
 * Email sent        EMAIL_SENT#<key> / EMAIL_SENT             (at most one send per key)
 * Campaign          CAMPAIGN#<id> / CAMPAIGN                  gsi3 CAMPAIGNS → <nameKey>#<id>
 * Campaign version  CAMPAIGN#<id> / VERSION#<000001>          (immutable published definitions; enrollments keep theirs)
 * Campaign trigger  CAMPAIGN_TRIGGER#<event:type|form:id> / CAMPAIGN#<id>  (the live trigger, found by the event that fires it)
 * Enrollment        ENROLLMENT#<campaign>#<contact> / ENROLLMENT  gsi1 CAMPAIGN#<campaign>#ENROLLMENTS → <status>#<enrolledAt>#<contact>
 *                                                             gsi6 CONTACT#<contact>#ENROLLMENTS → <enrolledAt>#<campaign> (a contact's enrollments)
 * Marketing send    CONTACT#<id> / MARKETING_SENT#<at>#<key>  (every campaign email to a contact, for the frequency cap)
 * Suppression       SUPPRESSION#<sha256 of email> / SUPPRESSION  (unsubscribed, bounced, complained or erased: no marketing email;
 *                                                             the address is never stored in clear, so an erased person stays suppressed)
 * Settings          SETTINGS#<name> / SETTINGS                (one versioned document each: scoring model, routing policy, SLA)
 * Engagement        CONTACT#<id> / ENGAGEMENT#<at>#<id>       (scoring input: form submitted, page viewed, ...; with the contact)
 * Lead failure      CONTACT#<id> / LEAD_FAILURE#<at>#<id>     (a lead-lifecycle step that failed after retries)
 * Routing cursor    ROUTING_CURSOR#<team> / ROUTING_CURSOR    (atomic counter behind round-robin and weighted routing)
 * Ticket cursor     ROUTING_CURSOR#TICKETS#<team> / ROUTING_CURSOR (the same, for a support team's tickets)
 * Open tickets      OWNER#<id> / OPEN_TICKETS                 (an agent's unfinished tickets, ADDed with every ticket write)
 * Survey            SURVEY#<id> / SURVEY                      gsi3 SURVEYS → <nameKey>#<id>
 * Survey trigger    SURVEY_TRIGGER#<event> / SURVEY_TRIGGER   (the one active survey an event sends; unique)
 * Survey send       SURVEY_SEND#<id> / SEND                   gsi6 CONTACT#<contact>#SURVEY_SENDS → <createdAt>#<id> (one survey to one contact
 *                                                             for one trigger event; its task token)
 * Survey response   SURVEY_SEND#<id> / RESPONSE               gsi1 SURVEY#<survey>#RESPONSES → <answeredAt>#<sendId>
 * KPI day           KPI / DAY#<yyyy-mm-dd>                    (atomic counters of one day: the KPI report reads a range of these)
 * KPI marker        KPI_MARK#<kind>#<id> / KPI_MARK           (an event counted, a deal counted, a customer's first win: counted once;
 *                                                             an event's id as its SHA-256, see kpiKeys.mark; a ticket's first
 *                                                             resolution, first breach and first reopening)
 * Service KPI day   SERVICE_KPI / DAY#<yyyy-mm-dd>            (the service desk's counters of one day, company-wide and per team;
 *                                                             the backlog is kept on the day each ticket was opened)
 * Campaign spend    CAMPAIGN#<id> / SPEND#<date>#<id>          (money spent on a campaign, for CAC and ROI)
 * Step counters     CAMPAIGN#<id> / STEP_COUNTS#<000001>#<step>#<shard>  (a version's per-step counters, ADDed in the
 *                                                             transaction of each enrollment move; one query per version)
 * Campaign results  CAMPAIGN#<id> / RESULTS#<yyyy-mm-dd>#<shard>  (a campaign's sends, opens, clicks... of one day)
 * Webhook subscr.   WEBHOOK_SUB#<id> / WEBHOOK_SUB            gsi3 WEBHOOK_SUBS → <createdAt>#<id>
 * Webhook claim     WEBHOOK_DELIVERY#<sub>#<event>#<attempt> / CLAIM  (the attempt is being made: one POST at a time, 60 s lease)
 * Webhook delivery  WEBHOOK_DELIVERY#<sub>#<event>#<attempt> / WEBHOOK_DELIVERY  gsi1 WEBHOOK_SUB#<sub>#DELIVERIES → <at>#<event>#<attempt> (TTL 30 d)
 * Outbox event      OUTBOX#<eventId> / OUTBOX                 gsi4 OUTBOX#PENDING → <occurredAt>#<eventId> (sparse: removed once relayed)
 * Timer fired       TIMER_FIRED#<name> / AT#<due time>        (the firing of a one-time timer claimed by its target: at most once, TTL)
 */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** A page-able index partition: the index to query and the partition value. */
export interface IndexPartition {
  indexName: IndexName;
  partitionKeyName: string;
  partitionKey: string;
}

const byTime = (at: string, id: string) => `${at}#${id}`;
/** Case- and accent-insensitive name for alphabetical listings. */
export const nameSortKey = (name: string, id: string) =>
  `${name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim()}#${id}`;

// `_` sorts after `#` and before every lower-case and non-ASCII letter: "ada#<id>" comes before "ada_lovelace#<id>" and "adam#<id>".
const nameEntrySortText = (entry: string) => entry.replaceAll(' ', '_');
const nameEntryPartition = (entry: string) =>
  `CONTACT_NAME#${Array.from(nameEntrySortText(entry)).slice(0, 2).join('')}`;

const partition = (indexName: IndexName, partitionKey: string): IndexPartition => ({
  indexName,
  partitionKeyName: `${indexName}pk`,
  partitionKey,
});

export const contactKeys = {
  item: (contactId: string): ItemKey => ({ pk: `CONTACT#${contactId}`, sk: 'CONTACT' }),
  emailMarker: (emailNormalised: string): ItemKey => ({ pk: `CONTACT_EMAIL#${emailNormalised}`, sk: 'CONTACT_EMAIL' }),
  indexAttributes: (contact: {
    id: string;
    createdAt: string;
    ownerId?: string;
    lifecycleStage: string;
    companyId?: string;
  }) => ({
    gsi1pk: contact.ownerId ? `OWNER#${contact.ownerId}#CONTACTS` : 'UNOWNED#CONTACTS',
    gsi1sk: byTime(contact.createdAt, contact.id),
    gsi2pk: `STAGE#${contact.lifecycleStage}#CONTACTS`,
    gsi2sk: byTime(contact.createdAt, contact.id),
    gsi3pk: 'CONTACTS',
    gsi3sk: byTime(contact.createdAt, contact.id),
    gsi5pk: contact.companyId ? `COMPANY#${contact.companyId}#CONTACTS` : undefined,
    gsi5sk: contact.companyId ? byTime(contact.createdAt, contact.id) : undefined,
  }),
  /** One entry of the quick find's name index (see contact-search.rules.ts): normalised, letters, digits and spaces. */
  nameEntry: (entry: string, contactId: string): ItemKey => ({
    pk: nameEntryPartition(entry),
    sk: `${nameEntrySortText(entry)}#${contactId}`,
  }),
  /** Where entries starting with `query` (normalised, at least 2 characters) are, and the sort key prefix they share. */
  nameEntriesStartingWith: (query: string) => ({ pk: nameEntryPartition(query), skPrefix: nameEntrySortText(query) }),
  /** The contact id at the end of a name entry's sort key. */
  contactIdOfNameEntry: (sk: string) => sk.slice(sk.lastIndexOf('#') + 1),
  byOwner: (ownerId: string) => partition('gsi1', `OWNER#${ownerId}#CONTACTS`),
  unowned: () => partition('gsi1', 'UNOWNED#CONTACTS'),
  byLifecycleStage: (stage: string) => partition('gsi2', `STAGE#${stage}#CONTACTS`),
  byCompany: (companyId: string) => partition('gsi5', `COMPANY#${companyId}#CONTACTS`),
  all: () => partition('gsi3', 'CONTACTS'),
};

export const companyKeys = {
  item: (companyId: string): ItemKey => ({ pk: `COMPANY#${companyId}`, sk: 'COMPANY' }),
  domainMarker: (domain: string): ItemKey => ({ pk: `COMPANY_DOMAIN#${domain}`, sk: 'COMPANY_DOMAIN' }),
  indexAttributes: (company: { id: string; name: string; ownerId?: string }) => ({
    gsi1pk: company.ownerId ? `OWNER#${company.ownerId}#COMPANIES` : undefined,
    gsi1sk: company.ownerId ? nameSortKey(company.name, company.id) : undefined,
    gsi3pk: 'COMPANIES',
    gsi3sk: nameSortKey(company.name, company.id),
  }),
  byOwner: (ownerId: string) => partition('gsi1', `OWNER#${ownerId}#COMPANIES`),
  all: () => partition('gsi3', 'COMPANIES'),
};

export const pipelineKeys = {
  item: (pipelineId: string): ItemKey => ({ pk: `PIPELINE#${pipelineId}`, sk: 'PIPELINE' }),
  /** Deal count and amount of one stage in one currency, kept in the pipeline's partition (one query per pipeline). */
  stageTotal: (pipelineId: string, stageId: string, currency: string): ItemKey => ({
    pk: `PIPELINE#${pipelineId}`,
    sk: `STAGE_TOTAL#${stageId}#${currency}`,
  }),
  stageTotalPrefix: 'STAGE_TOTAL#',
  indexAttributes: (pipeline: { id: string; name: string }) => ({
    gsi3pk: 'PIPELINES',
    gsi3sk: nameSortKey(pipeline.name, pipeline.id),
  }),
  all: () => partition('gsi3', 'PIPELINES'),
};

export const dealKeys = {
  item: (dealId: string): ItemKey => ({ pk: `DEAL#${dealId}`, sk: 'DEAL' }),
  stageChange: (dealId: string, at: string, eventId: string): ItemKey => ({
    pk: `DEAL#${dealId}`,
    sk: `STAGE_CHANGE#${at}#${eventId}`,
  }),
  stageChangePrefix: 'STAGE_CHANGE#',
  indexAttributes: (deal: {
    id: string;
    createdAt: string;
    ownerId?: string;
    pipelineId: string;
    stageId: string;
    wonAt?: string;
    companyId?: string;
    contactId?: string;
  }) => ({
    gsi1pk: deal.ownerId ? `OWNER#${deal.ownerId}#DEALS` : 'UNOWNED#DEALS',
    gsi1sk: byTime(deal.createdAt, deal.id),
    gsi2pk: `PIPELINE#${deal.pipelineId}#STAGE#${deal.stageId}#DEALS`,
    gsi2sk: byTime(deal.createdAt, deal.id),
    gsi3pk: deal.wonAt ? 'DEALS#WON' : undefined,
    gsi3sk: deal.wonAt ? byTime(deal.wonAt, deal.id) : undefined,
    gsi5pk: deal.companyId ? `COMPANY#${deal.companyId}#DEALS` : undefined,
    gsi5sk: deal.companyId ? byTime(deal.createdAt, deal.id) : undefined,
    gsi6pk: deal.contactId ? `CONTACT#${deal.contactId}#DEALS` : undefined,
    gsi6sk: deal.contactId ? byTime(deal.createdAt, deal.id) : undefined,
  }),
  byOwner: (ownerId: string) => partition('gsi1', `OWNER#${ownerId}#DEALS`),
  byStage: (pipelineId: string, stageId: string) => partition('gsi2', `PIPELINE#${pipelineId}#STAGE#${stageId}#DEALS`),
  won: () => partition('gsi3', 'DEALS#WON'),
  byCompany: (companyId: string) => partition('gsi5', `COMPANY#${companyId}#DEALS`),
  byContact: (contactId: string) => partition('gsi6', `CONTACT#${contactId}#DEALS`),
};

/** Unfinished tickets (not resolved or closed) are in the queues; finished ones only by status kind and by contact. */
const isUnfinishedKind = (kind: string) => kind !== 'resolved' && kind !== 'closed';

export const ticketKeys = {
  item: (ticketId: string): ItemKey => ({ pk: `TICKET#${ticketId}`, sk: 'TICKET' }),
  statusChange: (ticketId: string, at: string, eventId: string): ItemKey => ({
    pk: `TICKET#${ticketId}`,
    sk: `STATUS_CHANGE#${at}#${eventId}`,
  }),
  statusChangePrefix: 'STATUS_CHANGE#',
  message: (ticketId: string, at: string, messageId: string): ItemKey => ({
    pk: `TICKET#${ticketId}`,
    sk: `MESSAGE#${at}#${messageId}`,
  }),
  messagePrefix: 'MESSAGE#',
  numberMarker: (ticketNumber: number): ItemKey => ({ pk: `TICKET_NUMBER#${ticketNumber}`, sk: 'TICKET_NUMBER' }),
  /** A Message-ID (without angle brackets) as a key: hashed, since one may be 998 characters of anything. */
  emailMarker: (messageId: string): ItemKey => ({
    pk: `TICKET_EMAIL#${createHash('sha256').update(messageId, 'utf8').digest('base64url')}`,
    sk: 'TICKET_EMAIL',
  }),
  followUp: (ticketId: string): ItemKey => ({ pk: `TICKET#${ticketId}`, sk: 'FOLLOW_UP' }),
  counter: (): ItemKey => ({ pk: 'TICKET_COUNTER', sk: 'TICKET_COUNTER' }),
  indexAttributes: (ticket: {
    id: string;
    createdAt: string;
    statusKind: string;
    assigneeId?: string;
    teamId?: string;
    companyId?: string;
    contactId: string;
    slaDueAt?: string;
  }) => {
    const unfinished = isUnfinishedKind(ticket.statusKind);
    const at = byTime(ticket.createdAt, ticket.id);
    const slaDue = unfinished && ticket.slaDueAt ? byTime(ticket.slaDueAt, ticket.id) : undefined;
    return {
      gsi1pk: unfinished
        ? ticket.assigneeId
          ? `OWNER#${ticket.assigneeId}#OPEN_TICKETS`
          : 'TICKETS#UNASSIGNED'
        : undefined,
      gsi1sk: unfinished ? at : undefined,
      gsi2pk: unfinished && ticket.teamId ? `TEAM#${ticket.teamId}#OPEN_TICKETS` : undefined,
      gsi2sk: unfinished && ticket.teamId ? at : undefined,
      gsi3pk: `TICKETS#KIND#${ticket.statusKind}`,
      gsi3sk: at,
      gsi4pk: slaDue ? 'TICKETS#SLA_DUE' : undefined,
      gsi4sk: slaDue,
      gsi5pk: ticket.companyId ? `COMPANY#${ticket.companyId}#TICKETS` : undefined,
      gsi5sk: ticket.companyId ? at : undefined,
      gsi6pk: `CONTACT#${ticket.contactId}#TICKETS`,
      gsi6sk: at,
    };
  },
  openOfAssignee: (ownerId: string) => partition('gsi1', `OWNER#${ownerId}#OPEN_TICKETS`),
  unassigned: () => partition('gsi1', 'TICKETS#UNASSIGNED'),
  openOfTeam: (teamId: string) => partition('gsi2', `TEAM#${teamId}#OPEN_TICKETS`),
  byStatusKind: (kind: string) => partition('gsi3', `TICKETS#KIND#${kind}`),
  /** Unfinished tickets by their next SLA due time; the sort key range up to an instant is "due before it". */
  bySlaDue: () => partition('gsi4', 'TICKETS#SLA_DUE'),
  slaDueBefore: (before: Date): [string, string] => ['0', before.toISOString()],
  byCompany: (companyId: string) => partition('gsi5', `COMPANY#${companyId}#TICKETS`),
  byContact: (contactId: string) => partition('gsi6', `CONTACT#${contactId}#TICKETS`),
};

export const activityKeys = {
  item: (activityId: string): ItemKey => ({ pk: `ACTIVITY#${activityId}`, sk: 'ACTIVITY' }),
  indexAttributes: (activity: {
    id: string;
    occurredAt: string;
    contactId?: string;
    dealId?: string;
    companyId?: string;
    ownerId?: string;
    openTaskDueAt?: string;
  }) => ({
    gsi1pk: activity.contactId ? `CONTACT#${activity.contactId}#TIMELINE` : undefined,
    gsi1sk: activity.contactId ? byTime(activity.occurredAt, activity.id) : undefined,
    gsi2pk: activity.dealId ? `DEAL#${activity.dealId}#TIMELINE` : undefined,
    gsi2sk: activity.dealId ? byTime(activity.occurredAt, activity.id) : undefined,
    gsi5pk: activity.companyId ? `COMPANY#${activity.companyId}#TIMELINE` : undefined,
    gsi5sk: activity.companyId ? byTime(activity.occurredAt, activity.id) : undefined,
    gsi3pk: activity.openTaskDueAt && activity.ownerId ? `OWNER#${activity.ownerId}#OPEN_TASKS` : undefined,
    gsi3sk: activity.openTaskDueAt && activity.ownerId ? byTime(activity.openTaskDueAt, activity.id) : undefined,
  }),
  contactTimeline: (contactId: string) => partition('gsi1', `CONTACT#${contactId}#TIMELINE`),
  dealTimeline: (dealId: string) => partition('gsi2', `DEAL#${dealId}#TIMELINE`),
  companyTimeline: (companyId: string) => partition('gsi5', `COMPANY#${companyId}#TIMELINE`),
  openTasksOf: (ownerId: string) => partition('gsi3', `OWNER#${ownerId}#OPEN_TASKS`),
};

export const ownerKeys = {
  item: (ownerId: string): ItemKey => ({ pk: `OWNER#${ownerId}`, sk: 'OWNER' }),
  /** One shard of the owner's open-lead counter (capacity routing); shards keep one busy rep's writes apart. */
  openLeadShard: (ownerId: string, shard: number): ItemKey => ({ pk: `OWNER#${ownerId}`, sk: `OPEN_LEADS#${shard}` }),
  openLeadShardPrefix: 'OPEN_LEADS#',
  /** The agent's unfinished tickets: one counter item (capacity is checked on it in the assigning transaction). */
  openTickets: (ownerId: string): ItemKey => ({ pk: `OWNER#${ownerId}`, sk: 'OPEN_TICKETS' }),
  userMarker: (userId: string): ItemKey => ({ pk: `OWNER_USER#${userId}`, sk: 'OWNER_USER' }),
  emailMarker: (email: string): ItemKey => ({ pk: `OWNER_EMAIL#${email}`, sk: 'OWNER_EMAIL' }),
  territoryMember: (territory: string, ownerId: string): ItemKey => ({
    pk: `TERRITORY#${territory}`,
    sk: `OWNER#${ownerId}`,
  }),
  territoryPartition: (territory: string) => `TERRITORY#${territory}`,
  indexAttributes: (owner: { id: string; name: string; teamId?: string }) => ({
    gsi1pk: owner.teamId ? `TEAM#${owner.teamId}#OWNERS` : 'NO_TEAM#OWNERS',
    gsi1sk: nameSortKey(owner.name, owner.id),
    gsi3pk: 'OWNERS',
    gsi3sk: nameSortKey(owner.name, owner.id),
  }),
  byTeam: (teamId: string) => partition('gsi1', `TEAM#${teamId}#OWNERS`),
  all: () => partition('gsi3', 'OWNERS'),
};

export const teamKeys = {
  item: (teamId: string): ItemKey => ({ pk: `TEAM#${teamId}`, sk: 'TEAM' }),
  indexAttributes: (team: { id: string; name: string }) => ({
    gsi3pk: 'TEAMS',
    gsi3sk: nameSortKey(team.name, team.id),
  }),
  all: () => partition('gsi3', 'TEAMS'),
};

export const segmentKeys = {
  item: (segmentId: string): ItemKey => ({ pk: `SEGMENT#${segmentId}`, sk: 'SEGMENT' }),
  /** The latest count of a segment too big to count within one request. */
  count: (segmentId: string): ItemKey => ({ pk: `SEGMENT#${segmentId}`, sk: 'COUNT' }),
  indexAttributes: (segment: { id: string; name: string }) => ({
    gsi3pk: 'SEGMENTS',
    gsi3sk: nameSortKey(segment.name, segment.id),
  }),
  all: () => partition('gsi3', 'SEGMENTS'),
};

export const consentKeys = {
  record: (contactId: string, at: string, id: string): ItemKey => ({
    pk: `CONTACT#${contactId}`,
    sk: `CONSENT#${at}#${id}`,
  }),
  prefix: 'CONSENT#',
  contactPartition: (contactId: string) => `CONTACT#${contactId}`,
};

export const formKeys = {
  item: (formId: string): ItemKey => ({ pk: `FORM#${formId}`, sk: 'FORM' }),
  indexAttributes: (form: { id: string; name: string }) => ({
    gsi3pk: 'FORMS',
    gsi3sk: nameSortKey(form.name, form.id),
  }),
  all: () => partition('gsi3', 'FORMS'),
};

export const idempotencyKeys = {
  record: (scope: string, key: string): ItemKey => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
};

export const timerKeys = {
  /** Claimed by the work a timer (or a direct start standing in for one) fires: a second delivery finds it. */
  fired: (name: string, at: string): ItemKey => ({ pk: `TIMER_FIRED#${name}`, sk: `AT#${at}` }),
};

export const rateKeys = {
  counter: (bucket: string, windowStart: number): ItemKey => ({ pk: `RATE#${bucket}`, sk: String(windowStart) }),
};

export const emailKeys = {
  sent: (key: string): ItemKey => ({ pk: `EMAIL_SENT#${key}`, sk: 'EMAIL_SENT' }),
  /** The first report of one kind (open, click, bounce...) about one sent email. */
  feedback: (messageKey: string, type: string): ItemKey => ({
    pk: `EMAIL_FEEDBACK#${messageKey}#${type}`,
    sk: 'EMAIL_FEEDBACK',
  }),
};

const campaignVersionSortKey = (number: number) => `VERSION#${String(number).padStart(6, '0')}`;

export const campaignKeys = {
  item: (campaignId: string): ItemKey => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' }),
  version: (campaignId: string, number: number): ItemKey => ({
    pk: `CAMPAIGN#${campaignId}`,
    sk: campaignVersionSortKey(number),
  }),
  /** The sort keys of versions `from` to `to` in the campaign's partition (a BETWEEN range; numbers are padded). */
  versionRange: (campaignId: string, from: number, to: number) => ({
    pk: `CAMPAIGN#${campaignId}`,
    from: campaignVersionSortKey(from),
    to: campaignVersionSortKey(to),
  }),
  indexAttributes: (campaign: { id: string; name: string }) => ({
    gsi3pk: 'CAMPAIGNS',
    gsi3sk: nameSortKey(campaign.name, campaign.id),
  }),
  all: () => partition('gsi3', 'CAMPAIGNS'),
};

export const campaignTriggerKeys = {
  item: (triggerKey: string, campaignId: string): ItemKey => ({
    pk: `CAMPAIGN_TRIGGER#${triggerKey}`,
    sk: `CAMPAIGN#${campaignId}`,
  }),
  partition: (triggerKey: string) => `CAMPAIGN_TRIGGER#${triggerKey}`,
};

export const surveyKeys = {
  item: (surveyId: string): ItemKey => ({ pk: `SURVEY#${surveyId}`, sk: 'SURVEY' }),
  trigger: (trigger: string): ItemKey => ({ pk: `SURVEY_TRIGGER#${trigger}`, sk: 'SURVEY_TRIGGER' }),
  indexAttributes: (survey: { id: string; name: string }) => ({
    gsi3pk: 'SURVEYS',
    gsi3sk: nameSortKey(survey.name, survey.id),
  }),
  all: () => partition('gsi3', 'SURVEYS'),
};

export const surveySendKeys = {
  send: (sendId: string): ItemKey => ({ pk: `SURVEY_SEND#${sendId}`, sk: 'SEND' }),
  response: (sendId: string): ItemKey => ({ pk: `SURVEY_SEND#${sendId}`, sk: 'RESPONSE' }),
  responseIndexAttributes: (response: { surveyId: string; sendId: string; answeredAt: string }) => ({
    gsi1pk: `SURVEY#${response.surveyId}#RESPONSES`,
    gsi1sk: byTime(response.answeredAt, response.sendId),
  }),
  responsesOf: (surveyId: string) => partition('gsi1', `SURVEY#${surveyId}#RESPONSES`),
  sendIndexAttributes: (send: { id: string; contactId: string; createdAt: string }) => ({
    gsi6pk: `CONTACT#${send.contactId}#SURVEY_SENDS`,
    gsi6sk: byTime(send.createdAt, send.id),
  }),
  sendsOf: (contactId: string) => partition('gsi6', `CONTACT#${contactId}#SURVEY_SENDS`),
};

export const kpiKeys = {
  partition: 'KPI',
  day: (day: string): ItemKey => ({ pk: 'KPI', sk: `DAY#${day}` }),
  daySortKey: (day: string) => `DAY#${day}`,
  /**
   * An event's id is hashed: derived ids name the contact (`sent-campaign:<campaign>:<contact>:…`), and the marker
   * outlives the contact's erasure by up to 35 days. The other kinds name a deal or the contact itself,
   * which erasure deletes by key.
   */
  mark: (
    kind: 'event' | 'deal-won' | 'deal-lost' | 'customer' | 'ticket-resolved' | 'ticket-breached' | 'ticket-reopened',
    id: string,
  ): ItemKey => ({
    pk: `KPI_MARK#${kind}#${kind === 'event' ? createHash('sha256').update(id).digest('base64url') : id}`,
    sk: 'KPI_MARK',
  }),
};

/** The service desk's day counters (tickets opened, resolved, durations, SLA, backlog, CSAT/CES of tickets). */
export const serviceKpiKeys = {
  partition: 'SERVICE_KPI',
  day: (day: string): ItemKey => ({ pk: 'SERVICE_KPI', sk: `DAY#${day}` }),
  daySortKey: (day: string) => `DAY#${day}`,
};

export const campaignSpendKeys = {
  item: (campaignId: string, date: string, spendId: string): ItemKey => ({
    pk: `CAMPAIGN#${campaignId}`,
    sk: `SPEND#${date}#${spendId}`,
  }),
  partition: (campaignId: string) => `CAMPAIGN#${campaignId}`,
  prefix: 'SPEND#',
};

/** Version numbers sort as text in sort keys: six digits, as campaign versions are keyed. */
const versionSortText = (number: number) => String(number).padStart(6, '0');

/**
 * A campaign's counters, in the campaign's partition. The version, step (or day) and shard are in the
 * sort key: one query reads a version's (or a period's) items, and DynamoDB can split a hot partition
 * between sort keys, which a counter in a single item could never be.
 */
export const campaignCounterKeys = {
  stepCounts: (campaignId: string, version: number, stepId: string, shard: number): ItemKey => ({
    pk: `CAMPAIGN#${campaignId}`,
    sk: `STEP_COUNTS#${versionSortText(version)}#${stepId}#${shard}`,
  }),
  /** The sort-key prefix every step-counter item of one version starts with. */
  stepCountsPrefix: (version: number) => `STEP_COUNTS#${versionSortText(version)}#`,
  resultsDay: (campaignId: string, day: string, shard: number): ItemKey => ({
    pk: `CAMPAIGN#${campaignId}`,
    sk: `RESULTS#${day}#${shard}`,
  }),
  /** The sort-key range of the result items of the days from `from` to `to` (inclusive). */
  resultsBetween: (from: string, to: string): [string, string] => [`RESULTS#${from}#`, `RESULTS#${to}#~`],
  /** The day a result item's sort key holds. */
  dayOfResults: (sortKey: string) => sortKey.slice('RESULTS#'.length, 'RESULTS#'.length + 10),
  partition: (campaignId: string) => `CAMPAIGN#${campaignId}`,
};

export const webhookKeys = {
  subscription: (subscriptionId: string): ItemKey => ({ pk: `WEBHOOK_SUB#${subscriptionId}`, sk: 'WEBHOOK_SUB' }),
  subscriptionIndex: (subscription: { id: string; createdAt: string }) => ({
    gsi3pk: 'WEBHOOK_SUBS',
    gsi3sk: byTime(subscription.createdAt, subscription.id),
  }),
  allSubscriptions: () => partition('gsi3', 'WEBHOOK_SUBS'),
  delivery: (subscriptionId: string, eventId: string, attempt: number): ItemKey => ({
    pk: `WEBHOOK_DELIVERY#${subscriptionId}#${eventId}#${attempt}`,
    sk: 'WEBHOOK_DELIVERY',
  }),
  /** Taken just before an attempt's POST, so two deliveries of one event at once POST it once. */
  deliveryClaim: (subscriptionId: string, eventId: string, attempt: number): ItemKey => ({
    pk: `WEBHOOK_DELIVERY#${subscriptionId}#${eventId}#${attempt}`,
    sk: 'CLAIM',
  }),
  deliveryIndex: (attempt: { subscriptionId: string; at: string; eventId: string; attempt: number }) => ({
    gsi1pk: `WEBHOOK_SUB#${attempt.subscriptionId}#DELIVERIES`,
    gsi1sk: `${attempt.at}#${attempt.eventId}#${attempt.attempt}`,
  }),
  deliveriesOf: (subscriptionId: string) => partition('gsi1', `WEBHOOK_SUB#${subscriptionId}#DELIVERIES`),
};

export const enrollmentKeys = {
  item: (campaignId: string, contactId: string): ItemKey => ({
    pk: `ENROLLMENT#${campaignId}#${contactId}`,
    sk: 'ENROLLMENT',
  }),
  indexAttributes: (enrollment: { campaignId: string; contactId: string; status: string; enrolledAt: string }) => ({
    gsi1pk: `CAMPAIGN#${enrollment.campaignId}#ENROLLMENTS`,
    gsi1sk: `${enrollment.status}#${enrollment.enrolledAt}#${enrollment.contactId}`,
    // contact record (issue 17): enrollments of a contact, on the enrollment item itself, so every write has it
    gsi6pk: `CONTACT#${enrollment.contactId}#ENROLLMENTS`,
    gsi6sk: byTime(enrollment.enrolledAt, enrollment.campaignId),
  }),
  ofCampaign: (campaignId: string) => partition('gsi1', `CAMPAIGN#${campaignId}#ENROLLMENTS`),
  ofContact: (contactId: string) => partition('gsi6', `CONTACT#${contactId}#ENROLLMENTS`),
};

export const marketingSendKeys = {
  item: (contactId: string, at: string, key: string): ItemKey => ({
    pk: `CONTACT#${contactId}`,
    sk: `MARKETING_SENT#${at}#${key}`,
  }),
  prefix: 'MARKETING_SENT#',
  contactPartition: (contactId: string) => `CONTACT#${contactId}`,
};

/** SHA-256 of the normalised email: suppression must outlive erasure, so it may not hold the address itself. */
const emailDigest = (emailNormalised: string) => createHash('sha256').update(emailNormalised, 'utf8').digest('hex');

export const suppressionKeys = {
  item: (emailNormalised: string): ItemKey => ({
    pk: `SUPPRESSION#${emailDigest(emailNormalised)}`,
    sk: 'SUPPRESSION',
  }),
  /** Suppressions written before keys were hashed: read (so nobody is mailed again) and removed on erasure; never written. */
  legacyItem: (emailNormalised: string): ItemKey => ({ pk: `SUPPRESSION#${emailNormalised}`, sk: 'SUPPRESSION' }),
};

export const settingsKeys = {
  item: (name: string): ItemKey => ({ pk: `SETTINGS#${name}`, sk: 'SETTINGS' }),
};

export const engagementKeys = {
  item: (contactId: string, occurredAt: string, id: string): ItemKey => ({
    pk: `CONTACT#${contactId}`,
    sk: `ENGAGEMENT#${occurredAt}#${id}`,
  }),
  prefix: 'ENGAGEMENT#',
  contactPartition: (contactId: string) => `CONTACT#${contactId}`,
};

export const leadFailureKeys = {
  item: (contactId: string, at: string, id: string): ItemKey => ({
    pk: `CONTACT#${contactId}`,
    sk: `LEAD_FAILURE#${at}#${id}`,
  }),
};

export const routingCursorKeys = {
  item: (teamId: string): ItemKey => ({ pk: `ROUTING_CURSOR#${teamId}`, sk: 'ROUTING_CURSOR' }),
  /** A support team's own cursor, so tickets and leads take turns separately. */
  tickets: (teamId: string): ItemKey => ({ pk: `ROUTING_CURSOR#TICKETS#${teamId}`, sk: 'ROUTING_CURSOR' }),
};

export const outboxKeys = {
  item: (eventId: string): ItemKey => ({ pk: `OUTBOX#${eventId}`, sk: 'OUTBOX' }),
  pendingIndexAttributes: (occurredAt: string, eventId: string) => ({
    gsi4pk: 'OUTBOX#PENDING',
    gsi4sk: `${occurredAt}#${eventId}`,
  }),
  pending: () => partition('gsi4', 'OUTBOX#PENDING'),
  pendingSortKeyName: 'gsi4sk',
  /** The occurredAt a pending index sort key starts with. */
  occurredAtOfPending: (sortKey: string) => sortKey.slice(0, sortKey.indexOf('#')),
};

/** The names of the key attributes a query on `partition` pages through (its LastEvaluatedKey). */
export function pageKeyNames(partition: IndexPartition): string[] {
  const n = partition.indexName.replace('gsi', '');
  return ['pk', 'sk', `gsi${n}pk`, `gsi${n}sk`];
}
