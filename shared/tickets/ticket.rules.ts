import type { Actor } from '../auth/actor.ts';
import { actsAsTicketAgent } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { mergeKeys } from '../common/merge.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { Conflict, Forbidden, ValidationFailed } from '../errors.ts';
import { pausesAfterMove } from '../sla/ticket-sla.rules.ts';
import { applyMergePatch, stampNew, type Change } from '../versioned.ts';
import type { TicketPipeline, TicketStatus } from './ticket-pipeline.ts';
import type {
  AddTicketMessageRequest,
  CreateTicketRequest,
  MoveTicketRequest,
  Ticket,
  TicketMessage,
  TicketStatusChange,
  UpdateTicketRequest,
} from './ticket.schema.ts';

/** The teams a ticket belongs to before and after a change, and which of them the acting agent manages. */
export interface ManagedTeams {
  teamIds: readonly (string | undefined)[];
  managedTeamIds: ReadonlySet<string>;
}

/**
 * Who may work a ticket. Admins (and marketing, which the routes keep out) are not limited. An agent (a
 * sales rep or a support agent) works tickets assigned to them or to nobody: they may take an unassigned
 * one or give theirs up, and may not touch another agent's ticket or hand one to another agent. A team's
 * manager also works every ticket of that team, and may hand it to anyone, as long as the ticket is in a
 * team they manage before and after the change. `assigneeIds` are the ticket's assignee before and after.
 */
export function requireTicketAccess(
  actor: Actor,
  assigneeIds: readonly (string | undefined)[],
  teams?: ManagedTeams,
): void {
  if (!actsAsTicketAgent(actor.principal)) return;
  if (worksAsAssignee(actor, assigneeIds) || managesEveryTeamOf(teams)) return;
  throw new Forbidden("Agents may work only tickets assigned to them or to nobody, and their managed team's tickets.");
}

/** Whether the agent is allowed by assignment alone (so no team needs reading). */
export function worksAsAssignee(actor: Actor, assigneeIds: readonly (string | undefined)[]): boolean {
  return assigneeIds.every((assigneeId) => assigneeId === undefined || assigneeId === actor.ownerId);
}

function managesEveryTeamOf(teams: ManagedTeams | undefined): boolean {
  return (
    teams !== undefined &&
    teams.teamIds.length > 0 &&
    teams.teamIds.every((teamId) => teamId !== undefined && teams.managedTeamIds.has(teamId))
  );
}

/** A new ticket, in the pipeline's first status of kind `new`, with the number allocated for it. */
export function newTicket(
  request: CreateTicketRequest,
  contact: { id: string; companyId?: string },
  pipeline: TicketPipeline,
  ticketNumber: number,
  context: AppContext,
): Ticket {
  const status = pipeline.statuses.find((candidate) => candidate.kind === 'new');
  if (!status) throw new Error('The ticket pipeline has no status of kind "new".');
  const now = isoNow(context);
  return stampNew(
    {
      ...request,
      number: ticketNumber,
      contactId: contact.id,
      companyId: contact.companyId,
      statusId: status.id,
      statusKind: status.kind,
      statusEnteredAt: now,
      tags: [...new Set(request.tags)],
    },
    context,
  );
}

/** A patch of everything but the status: tags deduplicated, custom fields merged key by key (null removes). */
export function planTicketUpdate(before: Ticket, patch: UpdateTicketRequest, context: AppContext): Change<Ticket> {
  const { customFields, tags, ...rest } = patch;
  return applyMergePatch(
    before,
    {
      ...rest,
      ...(tags ? { tags: [...new Set(tags)] } : {}),
      ...(customFields ? { customFields: mergeKeys(before.customFields, customFields) } : {}),
    },
    context,
  );
}

/** What a status move means beyond the move itself (each has its event). */
export type TicketMoveEffect = 'moved' | 'resolved' | 'reopened' | 'closed';

/**
 * Moving a ticket to another status: the next ticket, the history record and what it means. Resolving
 * sets `resolvedAt`; reopening a resolved ticket (to a status of kind open or waiting) clears it;
 * closing sets `closedAt` (and `resolvedAt`, when the ticket was closed without being resolved first).
 * A closed ticket is final, and no ticket goes back to a status of kind `new`.
 */
export function planTicketMove(
  ticket: Ticket,
  pipeline: TicketPipeline,
  move: MoveTicketRequest,
  by: Principal,
  context: AppContext,
): { after: Ticket; change: TicketStatusChange; effect: TicketMoveEffect } {
  const target = pipeline.statuses.find((status) => status.id === move.statusId);
  if (!target)
    throw new ValidationFailed(`There is no ticket status "${move.statusId}".`, [
      { pointer: '/statusId', message: 'no such status' },
    ]);
  if (ticket.statusKind === 'closed')
    throw new Conflict(`Ticket #${ticket.number} is closed, and a closed ticket is final.`, {
      statusId: ticket.statusId,
    });
  if (target.id === ticket.statusId)
    throw new ValidationFailed(`The ticket is already ${target.name}.`, [
      { pointer: '/statusId', message: 'already in this status' },
    ]);
  if (target.kind === 'new')
    throw new ValidationFailed('A ticket does not go back to new; move it to an open or waiting status.', [
      { pointer: '/statusId', message: 'a ticket cannot return to a status of kind new' },
    ]);
  const now = isoNow(context);
  const effect = moveEffect(ticket, target);
  const { resolvedAt, closedAt: _closedAt, ...rest } = ticket;
  // The SLA clocks' pauses live on the ticket, so reading its SLA needs no history query.
  const slaPauses = pausesAfterMove(ticket.slaPauses, ticket.statusKind, target.kind, now);
  const after: Ticket = {
    ...rest,
    statusId: target.id,
    statusKind: target.kind,
    statusEnteredAt: now,
    ...(slaPauses.length ? { slaPauses } : {}),
    ...(target.kind === 'resolved' ? { resolvedAt: now } : {}),
    ...(target.kind === 'closed' ? { resolvedAt: resolvedAt ?? now, closedAt: now } : {}),
    version: ticket.version + 1,
    updatedAt: now,
  };
  const change: TicketStatusChange = {
    ticketId: ticket.id,
    fromStatusId: ticket.statusId,
    toStatusId: target.id,
    toKind: target.kind,
    at: now,
    byPrincipal: by.subject,
    ...(move.note ? { note: move.note } : {}),
  };
  return { after, change, effect };
}

function moveEffect(ticket: Ticket, target: TicketStatus): TicketMoveEffect {
  if (target.kind === 'resolved') return 'resolved';
  if (target.kind === 'closed') return 'closed';
  if (ticket.statusKind === 'resolved') return 'reopened';
  return 'moved';
}

/** A message or internal note on the ticket, stamped with its time and author. A closed ticket takes notes only. */
export function newTicketMessage(
  ticket: Ticket,
  request: AddTicketMessageRequest,
  by: Principal,
  context: AppContext,
): TicketMessage {
  if (!ticketTakesMessage(ticket, request.kind))
    throw new Conflict(
      `Ticket #${ticket.number} is closed: it takes internal notes only; a new request is a new ticket.`,
    );
  return {
    id: context.newId(),
    ticketId: ticket.id,
    kind: request.kind,
    body: request.body,
    at: isoNow(context),
    byPrincipal: by.subject,
  };
}

/** Whether a message of this kind may be added to the ticket now: a closed ticket takes internal notes only. */
export function ticketTakesMessage(ticket: Pick<Ticket, 'statusKind'>, kind: AddTicketMessageRequest['kind']): boolean {
  return ticket.statusKind !== 'closed' || kind === 'note';
}

/**
 * The statuses a ticket may be moved to now, in pipeline order: none from a closed ticket (final), never its own
 * status, never one of kind `new`. The same checks `planTicketMove` makes, so a client offers exactly the moves
 * the API accepts.
 */
export function ticketMoveTargets(
  ticket: Pick<Ticket, 'statusId' | 'statusKind'>,
  pipeline: TicketPipeline,
): TicketStatus[] {
  if (ticket.statusKind === 'closed') return [];
  return pipeline.statuses.filter((status) => status.id !== ticket.statusId && status.kind !== 'new');
}
