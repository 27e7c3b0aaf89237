import type { Actor } from '../auth/actor.ts';
import { actsAsTicketAgent } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { assertExpectedVersion, requireReferences, writeVersioned } from '../common/guards.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import { domainEvent, type DomainEvent } from '../events/catalog.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { RoutingStrategy } from '../routing/routing.schema.ts';
import type { TeamRepository } from '../owners/team.repository.ts';
import type { RoutingCursorRepository } from '../routing/routing-cursor.repository.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import { readSlaSettings } from '../sla/sla-settings.service.ts';
import type { SlaSettings, StoredSlaSettings } from '../sla/sla-settings.schema.ts';
import { nextSlaDueAt, ticketSla } from '../sla/ticket-sla.rules.ts';
import { defaultTicketPipeline, type TicketPipeline } from './ticket-pipeline.ts';
import { prepareReply, type TicketReplyDeps } from './ticket-reply.service.ts';
import { AgentAtCapacity, TicketNumberTaken, type RoutedAssignee, type TicketRepository } from './ticket.repository.ts';
import type { TicketQueueReason } from './ticket-routing.rules.ts';
import type { SupportRoutingPolicy } from './ticket-routing.schema.ts';
import { routeNewTicket } from './ticket-routing.service.ts';
import {
  newTicket,
  newTicketMessage,
  planTicketMove,
  planTicketUpdate,
  requireTicketAccess,
  type TicketMoveEffect,
  worksAsAssignee,
} from './ticket.rules.ts';
import type {
  AddTicketMessageRequest,
  CreateTicketRequest,
  ListTicketMessagesQuery,
  ListTicketsQuery,
  MoveTicketRequest,
  Ticket,
  TicketMessage,
  TicketStatusChange,
  TicketWithSla,
  UpdateTicketRequest,
} from './ticket.schema.ts';

export interface TicketDeps extends TicketReplyDeps {
  tickets: TicketRepository;
  contacts: ContactRepository;
  owners: OwnerRepository;
  teams: TeamRepository;
  /** The SLA policies and calendars: every write keeps the ticket's place in the breaching-soon queue. */
  slaSettings: SettingsRepository<StoredSlaSettings>;
  /** Where tickets created without an assignee go (support teams, their strategies and capacity). */
  supportRoutingPolicy: SettingsRepository<SupportRoutingPolicy>;
  routingCursors: RoutingCursorRepository;
  context: AppContext;
}

/** The contact a new ticket is for, as opening it needs: its company, and its country for territory routing. */
export interface TicketCustomer {
  id: string;
  companyId?: string;
  country?: string;
}

/**
 * What a caller writes with the new ticket in the same transaction: `before` goes ahead of the ticket's own
 * items (a new contact, say), `after` behind them (its first message, an idempotency record's completion).
 * Called again on each attempt, with the ticket as that attempt made it.
 */
export type TicketCompanions = (ticket: Ticket) => { before: TransactItem[]; after: TransactItem[] };

/** How opening a ticket went: the ticket, and when routing left it unassigned, why. */
export interface OpenedTicket {
  ticket: Ticket;
  queuedBecause?: TicketQueueReason;
}

/** The ticket statuses in order (one fixed pipeline for now; see ticket-pipeline.ts). */
export function ticketPipeline(): TicketPipeline {
  return defaultTicketPipeline;
}

/**
 * Opens a ticket for a contact (its company comes from the contact); emits Ticket Created, and Ticket
 * Assigned when assigned. Whatever the channel, a ticket created without an assignee is routed by the
 * support routing policy (see openTicket). `alongside` gives what is written in the same transaction (an
 * email channel's first message and its Message-ID claim); a failed condition of those is a
 * TransactionConditionFailed.
 */
export async function createTicket(
  deps: TicketDeps,
  request: CreateTicketRequest,
  actor: Actor,
  alongside?: (ticket: Ticket) => TransactItem[],
): Promise<Ticket> {
  await requireTicketWork(deps, actor, [request.assigneeId], [request.teamId]);
  const contact = await deps.contacts.get(request.contactId);
  if (!contact)
    throw new ValidationFailed(`There is no contact ${request.contactId}.`, [
      { pointer: '/contactId', message: 'no such contact' },
    ]);
  await requireAssignment(deps, request);
  if (request.linkedTicketId && !(await deps.tickets.get(request.linkedTicketId)))
    throw new ValidationFailed(`There is no ticket ${request.linkedTicketId}.`, [
      { pointer: '/linkedTicketId', message: 'no such ticket' },
    ]);
  const companions = alongside ? (ticket: Ticket) => ({ before: [], after: alongside(ticket) }) : undefined;
  return (await openTicket(deps, request, contact, actor, companions)).ticket;
}

/**
 * Writes a new ticket, checked already. Without an assignee it is routed to an agent of its support team
 * (Ticket Assigned says by which strategy); when nobody can take it, it waits unassigned and Ticket Created
 * says why (`queuedBecause`). The agent's open-ticket counter is ADDed in the ticket's transaction, on the
 * condition that the agent is still under capacity: an agent who filled up meanwhile is left out and the
 * ticket routed again. A number already held (the counter behind a restored table, say) is skipped.
 * `companions` are written in the same transaction (see TicketCompanions).
 */
export async function openTicket(
  deps: TicketDeps,
  request: CreateTicketRequest,
  customer: TicketCustomer,
  actor: Actor,
  companions?: TicketCompanions,
): Promise<OpenedTicket> {
  const fullAgents: string[] = [];
  const slaSettings = await readSlaSettings(deps);
  for (let attempt = 1; ; attempt++) {
    const routing =
      request.assigneeId === undefined
        ? await routeNewTicket(deps, { teamId: request.teamId, country: customer.country }, fullAgents)
        : undefined;
    const decision = routing?.decision;
    const routedRequest: CreateTicketRequest =
      decision?.kind === 'assign'
        ? { ...request, assigneeId: decision.assigneeId, teamId: decision.teamId }
        : decision?.teamId
          ? { ...request, teamId: decision.teamId }
          : request;
    const ticket = withSlaDue(
      newTicket(routedRequest, customer, ticketPipeline(), await deps.tickets.allocateNumber(), deps.context),
      slaSettings,
    );
    const queuedBecause = decision?.kind === 'queue' ? decision.reason : undefined;
    const strategy = decision?.kind === 'assign' ? decision.strategy : 'manual';
    const events = createdEvents(deps.context, ticket, strategy, queuedBecause);
    const extra = companions?.(ticket) ?? { before: [], after: [] };
    const routed: RoutedAssignee | undefined = routing?.routed;
    const items = [
      ...extra.before,
      ...deps.tickets.createItems(ticket, firstStatusChange(ticket, actor), events, routed),
      ...extra.after,
    ];
    try {
      await deps.tickets.writeNewTicket(items, extra.before.length, ticket, routed);
      return { ticket, ...(queuedBecause ? { queuedBecause } : {}) };
    } catch (error) {
      if (attempt >= openAttempts) throw error;
      if (error instanceof AgentAtCapacity) fullAgents.push(error.ownerId);
      else if (!(error instanceof TicketNumberTaken)) throw error;
    }
  }
}

/** How many taken numbers or agents found full one create gets past before it gives up. */
const openAttempts = 5;

function firstStatusChange(ticket: Ticket, actor: Actor): TicketStatusChange {
  return {
    ticketId: ticket.id,
    toStatusId: ticket.statusId,
    toKind: ticket.statusKind,
    at: ticket.createdAt,
    byPrincipal: actor.principal.subject,
  };
}

function createdEvents(
  context: AppContext,
  ticket: Ticket,
  strategy: 'manual' | RoutingStrategy,
  queuedBecause: TicketQueueReason | undefined,
): DomainEvent[] {
  return [
    domainEvent(
      'Ticket Created',
      {
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        contactId: ticket.contactId,
        companyId: ticket.companyId,
        channel: ticket.channel,
        priority: ticket.priority,
        statusId: ticket.statusId,
        assigneeId: ticket.assigneeId,
        teamId: ticket.teamId,
        queuedBecause,
      },
      meta(context),
    ),
    ...(ticket.assigneeId || ticket.teamId ? [assignedEvent(context, undefined, ticket, strategy)] : []),
  ];
}

export async function getTicket(deps: Pick<TicketDeps, 'tickets'>, ticketId: string): Promise<Ticket> {
  const ticket = await deps.tickets.get(ticketId);
  if (!ticket) throw new NotFound(`There is no ticket ${ticketId}.`);
  return ticket;
}

/** A ticket with its SLA as of now (one read of the SLA settings beside the ticket's). */
export async function readTicket(
  deps: Pick<TicketDeps, 'tickets' | 'slaSettings' | 'context'>,
  ticketId: string,
): Promise<TicketWithSla> {
  const [ticket, settings] = await Promise.all([getTicket(deps, ticketId), readSlaSettings(deps)]);
  return withSlaReading(ticket, settings, deps.context.now());
}

function withSlaReading(ticket: Ticket, settings: SlaSettings, now: Date): TicketWithSla {
  const sla = ticketSla(ticket, settings, now);
  return sla ? { ...ticket, sla } : ticket;
}

/** The ticket with the due time of its next SLA target (its place in the breaching-soon queue), or without one. */
function withSlaDue(ticket: Ticket, settings: SlaSettings): Ticket {
  const { slaDueAt: _previous, ...rest } = ticket;
  const slaDueAt = nextSlaDueAt(rest, settings);
  return slaDueAt ? { ...rest, slaDueAt } : rest;
}

/**
 * Changes a ticket's subject, priority, assignee, team, tags or custom fields; emits Ticket Assigned when
 * assignee or team change, and Ticket Priority Changed when the priority does (its SLA timers follow both).
 */
export async function updateTicket(
  deps: TicketDeps,
  ticketId: string,
  patch: UpdateTicketRequest,
  actor: Actor,
  expectedVersion?: number,
): Promise<Ticket> {
  const before = await getTicketAt(deps, ticketId, expectedVersion);
  const planned = planTicketUpdate(before, patch, deps.context);
  await requireTicketWork(
    deps,
    actor,
    [before.assigneeId, planned.after.assigneeId],
    [before.teamId, planned.after.teamId],
  );
  if (planned.changedFields.length === 0) return before;
  // A new priority or team can mean another policy or calendar: the due time moves with them.
  const after = withSlaDue(planned.after, await readSlaSettings(deps));
  await requireAssignment(deps, { assigneeId: patch.assigneeId ?? undefined, teamId: patch.teamId ?? undefined });
  const reassigned = before.assigneeId !== after.assigneeId || before.teamId !== after.teamId;
  const events: DomainEvent[] = reassigned ? [assignedEvent(deps.context, before, after, 'manual')] : [];
  if (before.priority !== after.priority)
    events.push(
      domainEvent(
        'Ticket Priority Changed',
        { ticketId, ticketNumber: after.number, fromPriority: before.priority, toPriority: after.priority },
        meta(deps.context),
      ),
    );
  await writeVersioned(() => deps.tickets.update(before, after, undefined, events), 'ticket', expectedVersion);
  return after;
}

/**
 * Moves a ticket to another status, recording the move; emits Ticket Status Changed, and Ticket
 * Resolved or Ticket Reopened when that is what the move means.
 */
export async function moveTicket(
  deps: TicketDeps,
  ticketId: string,
  move: MoveTicketRequest,
  actor: Actor,
  expectedVersion?: number,
): Promise<Ticket> {
  const before = await getTicketAt(deps, ticketId, expectedVersion);
  await requireTicketWork(deps, actor, [before.assigneeId], [before.teamId]);
  const { after, change, events } = await planMoveWithSla(deps, before, move, actor.principal);
  await writeVersioned(() => deps.tickets.update(before, after, change, events), 'ticket', expectedVersion);
  return after;
}

/**
 * A move as every path writes it (an agent's, or a customer's email): the ticket after it with its SLA
 * due time read again (a wait pauses the clocks, a reopening restarts them), its history item and its events.
 */
export async function planMoveWithSla(
  deps: Pick<TicketDeps, 'context' | 'slaSettings'>,
  before: Ticket,
  move: MoveTicketRequest,
  by: Principal,
): Promise<{ after: Ticket; change: TicketStatusChange; events: DomainEvent[] }> {
  const planned = planTicketMove(before, ticketPipeline(), move, by, deps.context);
  const after = withSlaDue(planned.after, await readSlaSettings(deps));
  return { after, change: planned.change, events: moveEvents(deps.context, before, after, planned.effect) };
}

/** What a move publishes: Ticket Status Changed, and Ticket Resolved or Ticket Reopened when that is what it means. */
export function moveEvents(
  context: AppContext,
  before: Ticket,
  after: Ticket,
  effect: TicketMoveEffect,
): DomainEvent[] {
  const common = { ticketId: after.id, ticketNumber: after.number, assigneeId: after.assigneeId };
  const events: DomainEvent[] = [
    domainEvent(
      'Ticket Status Changed',
      {
        ...common,
        fromStatusId: before.statusId,
        toStatusId: after.statusId,
        fromKind: before.statusKind,
        toKind: after.statusKind,
        teamId: after.teamId,
        ticketCreatedAt: after.createdAt,
      },
      meta(context),
    ),
  ];
  if (effect === 'resolved' || (effect === 'closed' && before.resolvedAt === undefined))
    events.push(
      domainEvent(
        'Ticket Resolved',
        {
          ...common,
          contactId: after.contactId,
          companyId: after.companyId,
          teamId: after.teamId,
          priority: after.priority,
          ticketCreatedAt: after.createdAt,
        },
        meta(context),
      ),
    );
  if (effect === 'reopened')
    events.push(
      domainEvent('Ticket Reopened', { ...common, toStatusId: after.statusId, teamId: after.teamId }, meta(context)),
    );
  return events;
}

export async function ticketHistory(
  deps: Pick<TicketDeps, 'tickets'>,
  ticketId: string,
): Promise<TicketStatusChange[]> {
  await getTicket(deps, ticketId);
  return deps.tickets.history(ticketId);
}

/**
 * Adds a message or an internal note to the ticket's conversation. An agent's answer (outbound) emits
 * Ticket Replied, and the first one also stamps the ticket's `firstRespondedAt` in the same transaction;
 * it is recorded with its email (queued, sent once from the event by send-ticket-reply) or with why it is
 * not emailed, and lands on the contact's timeline.
 */
export async function addTicketMessage(
  deps: TicketDeps,
  ticketId: string,
  request: AddTicketMessageRequest,
  actor: Actor,
): Promise<TicketMessage> {
  let slaSettings: SlaSettings | undefined;
  for (let attempt = 1; ; attempt++) {
    const ticket = await getTicket(deps, ticketId);
    await requireTicketWork(deps, actor, [ticket.assigneeId], [ticket.teamId]);
    const written = newTicketMessage(ticket, request, actor.principal, deps.context);
    if (written.kind !== 'outbound') {
      await deps.tickets.addMessage(written);
      return written;
    }
    const { message, alongside } = await prepareReply(deps, ticket, written, actor.principal);
    const firstResponse = ticket.firstRespondedAt === undefined;
    // The first answer stops the first-response clock: the ticket's next due time is the resolution's now.
    slaSettings ??= firstResponse ? await readSlaSettings(deps) : undefined;
    const ticketChange =
      firstResponse && slaSettings
        ? { before: ticket, after: withSlaDue(firstRespondedTicket(ticket, message), slaSettings) }
        : undefined;
    try {
      await deps.tickets.addMessage(
        message,
        [repliedEvent(deps.context, ticket, message, firstResponse)],
        ticketChange,
        alongside,
      );
      return message;
    } catch (error) {
      // Only the first answer writes the ticket, so only it can lose a race with an edit: read again and retry.
      if (!(error instanceof TransactionConditionFailed) || !ticketChange || attempt >= replyAttempts) throw error;
    }
  }
}

/** How often a first answer retries after an edit of the ticket slipped in between its read and its write. */
const replyAttempts = 3;

function firstRespondedTicket(ticket: Ticket, message: TicketMessage): Ticket {
  return { ...ticket, firstRespondedAt: message.at, version: ticket.version + 1, updatedAt: message.at };
}

/** Occurs when the message does (its `at`): the email sender finds the message by ticket, time and id. */
function repliedEvent(context: AppContext, ticket: Ticket, message: TicketMessage, firstResponse: boolean) {
  return domainEvent(
    'Ticket Replied',
    {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      messageId: message.id,
      contactId: ticket.contactId,
      companyId: ticket.companyId,
      assigneeId: ticket.assigneeId,
      teamId: ticket.teamId,
      priority: ticket.priority,
      firstResponse,
      ticketCreatedAt: ticket.createdAt,
    },
    { id: context.newId(), occurredAt: message.at },
  );
}

export async function listTicketMessages(
  deps: Pick<TicketDeps, 'tickets'>,
  ticketId: string,
  query: ListTicketMessagesQuery,
): Promise<Page<TicketMessage>> {
  await getTicket(deps, ticketId);
  return deps.tickets.messages(ticketId, query.limit, query.cursor);
}

/**
 * The queues: an assignee's or a team's open tickets, the unassigned ones, by status kind, breaching soon; a
 * contact's or company's tickets. Each with its SLA as of now, from the ticket item alone (no history read).
 */
export async function listTickets(
  deps: Pick<TicketDeps, 'tickets' | 'slaSettings' | 'context'>,
  query: ListTicketsQuery,
): Promise<Page<TicketWithSla>> {
  const [page, settings] = await Promise.all([ticketPage(deps, query), readSlaSettings(deps)]);
  const now = deps.context.now();
  return { ...page, items: page.items.map((ticket) => withSlaReading(ticket, settings, now)) };
}

async function ticketPage(deps: Pick<TicketDeps, 'tickets'>, query: ListTicketsQuery): Promise<Page<Ticket>> {
  const { limit, cursor } = query;
  if (query.slaDueBefore) return deps.tickets.listBySlaDueBefore(new Date(query.slaDueBefore), limit, cursor);
  if (query.assigneeId) return deps.tickets.listOpenOfAssignee(query.assigneeId, limit, cursor);
  if (query.teamId) return deps.tickets.listOpenOfTeam(query.teamId, limit, cursor);
  if (query.unassigned) return deps.tickets.listUnassigned(limit, cursor);
  if (query.statusKind) return deps.tickets.listByStatusKind(query.statusKind, limit, cursor);
  if (query.contactId) return deps.tickets.listByContact(query.contactId, limit, cursor);
  if (query.companyId) return deps.tickets.listByCompany(query.companyId, limit, cursor);
  const ticketId = await deps.tickets.findIdByNumber(query.number as number);
  const ticket = ticketId ? await deps.tickets.get(ticketId) : undefined;
  return { items: ticket ? [ticket] : [] };
}

function meta(context: AppContext) {
  return { id: context.newId(), occurredAt: isoNow(context) };
}

/** `strategy`: how the assignee was chosen, by routing or by hand (`manual`: the creator or a later change). */
function assignedEvent(
  context: AppContext,
  before: Ticket | undefined,
  after: Ticket,
  strategy: 'manual' | RoutingStrategy,
) {
  return domainEvent(
    'Ticket Assigned',
    {
      ticketId: after.id,
      ticketNumber: after.number,
      assigneeId: after.assigneeId,
      previousAssigneeId: before?.assigneeId,
      teamId: after.teamId,
      previousTeamId: before?.teamId,
      statusKind: after.statusKind,
      ticketCreatedAt: after.createdAt,
      strategy,
    },
    meta(context),
  );
}

/**
 * requireTicketAccess, reading the teams only when assignment alone does not allow the agent: a team's
 * manager (its `managerOwnerId`) works every ticket of the team.
 */
async function requireTicketWork(
  deps: Pick<TicketDeps, 'teams'>,
  actor: Actor,
  assigneeIds: readonly (string | undefined)[],
  teamIds: readonly (string | undefined)[],
): Promise<void> {
  if (!actsAsTicketAgent(actor.principal) || worksAsAssignee(actor, assigneeIds))
    return requireTicketAccess(actor, assigneeIds);
  const named = [...new Set(teamIds.filter((teamId): teamId is string => teamId !== undefined))];
  const teams = await Promise.all(named.map((teamId) => deps.teams.get(teamId)));
  const managedTeamIds = new Set(
    teams.flatMap((team) =>
      team && actor.ownerId !== undefined && team.managerOwnerId === actor.ownerId ? [team.id] : [],
    ),
  );
  requireTicketAccess(actor, assigneeIds, { teamIds, managedTeamIds });
}

async function getTicketAt(deps: Pick<TicketDeps, 'tickets'>, ticketId: string, expectedVersion?: number) {
  const ticket = await getTicket(deps, ticketId);
  assertExpectedVersion(ticket, expectedVersion, 'ticket');
  return ticket;
}

/** The assignee and team named must exist. */
function requireAssignment(deps: TicketDeps, links: { assigneeId?: string; teamId?: string }): Promise<void> {
  return requireReferences({
    assigneeId: [links.assigneeId, (id) => deps.owners.get(id)],
    teamId: [links.teamId, (id) => deps.teams.get(id)],
  });
}
