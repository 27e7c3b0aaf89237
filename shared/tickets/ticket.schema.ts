import * as z from 'zod';
import { Cursor, CustomFields, IntegerText, Limit, Name, Ulid, versionedFields } from '../common/fields.ts';
import { ticketPriorities } from '../sla/sla-policy.schema.ts';
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
});
export type Ticket = z.infer<typeof Ticket>;

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

export const TicketMessage = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: z.enum(ticketMessageKinds),
  body: z.string(),
  at: z.string(),
  byPrincipal: z.string(),
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
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine(
    (q) =>
      [q.assigneeId, q.teamId, q.unassigned, q.statusKind, q.contactId, q.companyId, q.number].filter(
        (filter) => filter !== undefined,
      ).length === 1,
    {
      message: 'filter by exactly one of assigneeId, teamId, unassigned, statusKind, contactId, companyId or number',
      path: ['assigneeId'],
    },
  );
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;

export const ListTicketMessagesQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export type ListTicketMessagesQuery = z.infer<typeof ListTicketMessagesQuery>;
