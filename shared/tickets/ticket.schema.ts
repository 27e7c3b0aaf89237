import * as z from 'zod';
import { Cursor, CustomFields, IntegerText, Limit, Name, Ulid, versionedFields } from '../common/fields.ts';
import { ticketPriorities } from '../sla/sla-policy.schema.ts';
import { StoredPause, TicketSla } from '../sla/ticket-sla.rules.ts';
import { ticketStatusKinds } from './ticket-pipeline.ts';

/** How a ticket came in: an email, the support form, an integrator's API call, or an agent logging a call or chat. */
export const ticketChannels = ['email', 'form', 'api', 'agent'] as const;
export const ticketMessageKinds = ['inbound', 'outbound', 'note'] as const;

const Tag = z.string().trim().min(1).max(64);
const Subject = Name(300);
const StatusId = z.string().max(40);

export const CreateTicketRequest = z.strictObject({
  subject: Subject,
  /** The customer; the ticket's company is the contact's. */
  contactId: Ulid,
  channel: z.enum(ticketChannels).default('api'),
  priority: z.enum(ticketPriorities).default('normal'),
  /** The owner (agent) working it; none puts it in the unassigned queue. */
  assigneeId: Ulid.optional(),
  teamId: Ulid.optional(),
  tags: z.array(Tag).max(50).default([]),
  customFields: CustomFields.default({}),
  /** The finished ticket this one follows up (a customer's reply to it came too late to reopen it). */
  linkedTicketId: Ulid.optional(),
});
export type CreateTicketRequest = z.infer<typeof CreateTicketRequest>;

/** Everything but the status, which moves through its own endpoint so every move is recorded. */
export const UpdateTicketRequest = z
  .strictObject({
    subject: Subject.optional(),
    priority: z.enum(ticketPriorities).optional(),
    assigneeId: Ulid.nullable().optional(),
    teamId: Ulid.nullable().optional(),
    tags: z.array(Tag).max(50).optional(),
    /** Merged key by key; null removes a field. */
    customFields: CustomFields.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateTicketRequest = z.infer<typeof UpdateTicketRequest>;

export const MoveTicketRequest = z.strictObject({
  statusId: StatusId,
  /** Why, for the history (e.g. what resolved it). */
  note: z.string().trim().min(1).max(500).optional(),
});
export type MoveTicketRequest = z.infer<typeof MoveTicketRequest>;

export const Ticket = z.object({
  ...versionedFields,
  /** Sequential, for people to say on the phone and to write as `[#1042]` in subjects. */
  number: z.number().int().positive(),
  subject: z.string(),
  contactId: z.string(),
  companyId: z.string().optional(),
  channel: z.enum(ticketChannels),
  priority: z.enum(ticketPriorities),
  statusId: z.string(),
  statusKind: z.enum(ticketStatusKinds),
  statusEnteredAt: z.string(),
  assigneeId: z.string().optional(),
  teamId: z.string().optional(),
  tags: z.array(z.string()),
  customFields: CustomFields,
  /** When an agent first answered the customer (the first outbound message): what the first-response SLA counts to. */
  firstRespondedAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  closedAt: z.string().optional(),
  /** The stretches in which the SLA clocks stood still (waiting on the customer, resolved), kept by every move. */
  slaPauses: z.array(StoredPause).optional(),
  /**
   * When its next SLA target falls due, as of its last write or SLA settings change: the order of the
   * breaching-soon queue (`?slaDueBefore=`). `sla` is the live reading.
   */
  slaDueAt: z.string().optional(),
  /** The finished ticket this one follows up. */
  linkedTicketId: z.string().optional(),
});
export type Ticket = z.infer<typeof Ticket>;

/** A ticket as the API reads it: with its SLA as of the read, when a policy applies to it. */
export const TicketWithSla = Ticket.extend({ sla: TicketSla.optional() });
export type TicketWithSla = z.infer<typeof TicketWithSla>;

export const TicketStatusChange = z.object({
  ticketId: z.string(),
  fromStatusId: z.string().optional(),
  toStatusId: z.string(),
  toKind: z.enum(ticketStatusKinds),
  at: z.string(),
  note: z.string().optional(),
  byPrincipal: z.string(),
});
export type TicketStatusChange = z.infer<typeof TicketStatusChange>;

const MessageBody = z.string().trim().min(1).max(20_000);

export const AddTicketMessageRequest = z.strictObject({
  /** inbound: the customer wrote (logged from a call or chat); outbound: the agent answered; note: internal only. */
  kind: z.enum(ticketMessageKinds),
  body: MessageBody,
});
export type AddTicketMessageRequest = z.infer<typeof AddTicketMessageRequest>;

/** Why an agent's answer was recorded but not emailed. */
export const notEmailedReasons = [
  /** No support address is configured (SUPPORT_ADDRESS): Relay has no address to answer from. */
  'no-support-address',
  /** The ticket's contact is gone (erased or deleted). */
  'no-contact',
  /** The address bounced, its owner complained, or the person was erased: SES must not be asked again. */
  'suppressed-bounced',
  'suppressed-complained',
  'suppressed-erased',
] as const;

/** The email a message came in as or goes out as; Message-IDs without their angle brackets. */
export const TicketMessageEmail = z.object({
  messageId: z.string(),
  subject: z.string(),
  /** inbound: the sender's address. */
  from: z.string().optional(),
  /** The Message-ID this one answers. */
  inReplyTo: z.string().optional(),
  /** The thread's Message-IDs, oldest first. */
  references: z.array(z.string()).optional(),
});
export type TicketMessageEmail = z.infer<typeof TicketMessageEmail>;

/** An outbound message's email: queued (sent once by send-ticket-reply), or not emailed and why. */
export const TicketMessageDelivery = z.discriminatedUnion('status', [
  z.object({ status: z.literal('queued') }),
  z.object({ status: z.literal('not-emailed'), reason: z.enum(notEmailedReasons) }),
]);
export type TicketMessageDelivery = z.infer<typeof TicketMessageDelivery>;

export const TicketMessage = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: z.enum(ticketMessageKinds),
  body: z.string(),
  at: z.string(),
  byPrincipal: z.string(),
  /** The email it came in as (inbound by email) or goes out as (outbound, when emailed). */
  email: TicketMessageEmail.optional(),
  /** outbound only: whether the customer is emailed, and why not. */
  delivery: TicketMessageDelivery.optional(),
});
export type TicketMessage = z.infer<typeof TicketMessage>;

/** What a support form's submission asks for, read through the form's mapping (`ticket.subject`, ...). */
export const SupportFormTicket = z.object({
  subject: Subject,
  message: MessageBody,
  customFields: CustomFields,
});
export type SupportFormTicket = z.infer<typeof SupportFormTicket>;

export const TicketId = z.object({ ticketId: Ulid });

export const ListTicketsQuery = z
  .strictObject({
    /** The open tickets (not resolved or closed) assigned to this owner, oldest first: "mine". */
    assigneeId: Ulid.optional(),
    /** The team's open tickets, oldest first. */
    teamId: Ulid.optional(),
    /** `true`: open tickets with no assignee, oldest first. */
    unassigned: z.literal('true').optional(),
    /** Tickets whose status is of this kind, oldest first. */
    statusKind: z.enum(ticketStatusKinds).optional(),
    /** A contact's tickets, newest first. */
    contactId: Ulid.optional(),
    /** A company's tickets, newest first. */
    companyId: Ulid.optional(),
    /** The ticket with this number (a page of at most one). */
    number: IntegerText(1).optional(),
    /** Breaching soon: unfinished tickets whose next SLA target falls due before this instant, soonest (most overdue) first. */
    slaDueBefore: z.iso.datetime({ offset: true }).optional(),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine(
    (q) =>
      [q.assigneeId, q.teamId, q.unassigned, q.statusKind, q.contactId, q.companyId, q.number, q.slaDueBefore].filter(
        (filter) => filter !== undefined,
      ).length === 1,
    {
      message:
        'filter by exactly one of assigneeId, teamId, unassigned, statusKind, contactId, companyId, number or slaDueBefore',
      path: ['assigneeId'],
    },
  );
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;

export const ListTicketMessagesQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export type ListTicketMessagesQuery = z.infer<typeof ListTicketMessagesQuery>;
