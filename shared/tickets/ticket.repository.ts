import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { ownerKeys, ticketKeys, type ItemKey } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import { readableItems } from '../db/unreadable-items.ts';
import { ValidationFailed } from '../errors.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { openTicketDeltas } from './ticket-routing.rules.ts';
import { Ticket, TicketMessage, TicketStatusChange } from './ticket.schema.ts';

/** A message page's cursor: the sort key of the last message listed. */
const MessageCursor = z.object({ sk: z.string().startsWith(ticketKeys.messagePrefix) });

const EmailMarker = z.object({ ticketId: z.string(), ticketMessageId: z.string() });

/** The number's marker is held by another ticket: the counter is behind the tickets (a restored table). */
export class TicketNumberTaken extends Error {
  constructor(readonly ticketNumber: number) {
    super(`Ticket number ${ticketNumber} is already taken`);
    this.name = 'TicketNumberTaken';
  }
}

/** Routing picked an agent who filled up before the ticket was written (their open-ticket counter is at capacity). */
export class AgentAtCapacity extends Error {
  constructor(readonly ownerId: string) {
    super(`Agent ${ownerId} has no capacity left`);
    this.name = 'AgentAtCapacity';
  }
}

/** What a new ticket's transaction is told about its assignee when routing chose them. */
export interface RoutedAssignee {
  ownerId: string;
  /** The agent's capacity: the counter must still be below it when the ticket is written. */
  capacity?: number;
}

/**
 * Tickets with their status history and conversation (items in the ticket's partition), their number
 * markers and their events, always written together.
 */
export class TicketRepository {
  private readonly store: EntityStore<Ticket>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, {
      entity: 'Ticket',
      schema: Ticket,
      key: ticketKeys.item,
      indexAttributes: ticketKeys.indexAttributes,
    });
  }

  get(ticketId: string): Promise<Ticket | undefined> {
    return this.store.get(ticketId);
  }

  /**
   * The next ticket number: one atomic ADD on the counter item, so concurrent creates never get the
   * same number. It is taken before the ticket's transaction (an ADD inside a transaction cannot
   * return the new value): when that transaction then fails, its number is never used and never handed
   * out again, so numbers can have gaps but never repeat.
   */
  async allocateNumber(): Promise<number> {
    const { Attributes } = await this.store.table.db.send(
      new UpdateCommand({
        TableName: this.store.table.tableName,
        Key: ticketKeys.counter(),
        UpdateExpression: 'SET #entity = :entity ADD lastNumber :one',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':entity': 'TicketCounter', ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return z.number().int().positive().parse(Attributes?.lastNumber);
  }

  /**
   * Writes a new ticket with `alongside` (what the caller writes with it, such as its first email);
   * TicketNumberTaken when another ticket holds the number, AgentAtCapacity when the routed assignee filled
   * up meanwhile.
   */
  async create(
    ticket: Ticket,
    change: TicketStatusChange,
    events: DomainEvent[],
    routed?: RoutedAssignee,
    alongside: TransactItem[] = [],
  ): Promise<void> {
    await this.writeNewTicket([...this.createItems(ticket, change, events, routed), ...alongside], 0, ticket, routed);
  }

  /**
   * Runs a transaction holding a new ticket's items at `offset` (after the caller's own items), turning a
   * failed number claim into TicketNumberTaken and a full routed assignee into AgentAtCapacity.
   */
  async writeNewTicket(
    items: TransactItem[],
    offset: number,
    ticket: Ticket,
    routed: RoutedAssignee | undefined,
  ): Promise<void> {
    try {
      await this.store.write(items);
    } catch (error) {
      if (error instanceof TransactionConditionFailed && error.failedItems[offset + 1])
        throw new TicketNumberTaken(ticket.number);
      if (error instanceof TransactionConditionFailed && routed && error.failedItems[offset + 3])
        throw new AgentAtCapacity(routed.ownerId);
      throw error;
    }
  }

  /**
   * A new ticket's items: [ticket, its number's marker, first status change, the assignee's open-ticket
   * counter (+1; conditional on capacity when routing chose them), events...].
   */
  createItems(
    ticket: Ticket,
    change: TicketStatusChange,
    events: DomainEvent[],
    routed?: RoutedAssignee,
  ): TransactItem[] {
    const { items } = this.store;
    return [
      items.create(this.store.toItem(ticket)),
      items.claimUnique(ticketKeys.numberMarker(ticket.number), 'TicketNumber', { ticketId: ticket.id }),
      items.put(this.changeItem(change, ticket.id)),
      ...this.openTicketCounterItems(undefined, ticket, routed?.ownerId === ticket.assigneeId ? routed : undefined),
      ...events.map((event) => items.event(event)),
    ];
  }

  /** The agents' open-ticket counts (unfinished tickets assigned to them), one consistent read each. */
  async openTicketCounts(ownerIds: readonly string[]): Promise<Map<string, number>> {
    const counts = await Promise.all(
      ownerIds.map(async (ownerId) => {
        const { Item } = await this.store.table.db.send(
          new GetCommand({
            TableName: this.store.table.tableName,
            Key: ownerKeys.openTickets(ownerId),
            ProjectionExpression: 'openTickets',
            ConsistentRead: true,
          }),
        );
        return [ownerId, Number(Item?.openTickets ?? 0)] as const;
      }),
    );
    return new Map(counts);
  }

  /** Items: [ticket (version check), status change?, open-ticket counters..., events..., `alongside`...]. */
  update(
    before: Ticket,
    after: Ticket,
    change: TicketStatusChange | undefined,
    events: DomainEvent[],
    alongside: TransactItem[] = [],
  ): Promise<void> {
    const { items } = this.store;
    return this.store.write([
      items.replaceVersioned(this.store.toItem(after), before.version),
      ...(change ? [items.put(this.changeItem(change, events[0]?.detail.id ?? after.updatedAt))] : []),
      ...this.openTicketCounterItems(before, after),
      ...events.map((event) => items.event(event)),
      ...alongside,
    ]);
  }

  /**
   * Writes what is derived from the ticket and its settings (its SLA due time, in the breaching-soon index)
   * under its current version, without a new one: the ticket as people see it did not change.
   */
  refreshDerived(ticket: Ticket): Promise<void> {
    const { items } = this.store;
    return this.store.write([items.replaceVersioned(this.store.toItem(ticket), ticket.version)]);
  }

  /** Events about the ticket (its SLA warnings and breaches), only while it exists. */
  publishAbout(ticketId: string, events: DomainEvent[]): Promise<void> {
    const { items, table } = this.store;
    return this.store.write([
      {
        ConditionCheck: {
          TableName: table.tableName,
          Key: ticketKeys.item(ticketId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      ...events.map((event) => items.event(event)),
    ]);
  }

  /**
   * The ADDs that keep agents' open-ticket counters right across a write: -1 for the agent a ticket stops
   * counting for, +1 for the one it starts counting for (see openTicketDeltas). `routed` makes the +1
   * conditional on the agent's capacity, so two tickets routed at once cannot both take an agent's last slot.
   */
  openTicketCounterItems(
    before: Ticket | undefined,
    after: Ticket | undefined,
    routed?: RoutedAssignee,
  ): TransactItem[] {
    return openTicketDeltas(before, after).map(({ ownerId, delta }) => {
      const capped = delta === 1 && routed?.ownerId === ownerId && routed.capacity !== undefined;
      return {
        Update: {
          TableName: this.store.table.tableName,
          Key: ownerKeys.openTickets(ownerId),
          UpdateExpression: 'SET #entity = :entity ADD openTickets :delta',
          ExpressionAttributeNames: { '#entity': 'entity' },
          ExpressionAttributeValues: {
            ':entity': 'OpenTicketCounter',
            ':delta': delta,
            ...(capped ? { ':capacity': routed.capacity } : {}),
          },
          ...(capped ? { ConditionExpression: 'attribute_not_exists(openTickets) OR openTickets < :capacity' } : {}),
        },
      };
    });
  }

  /**
   * The message, only while the ticket exists (a ticket deleted meanwhile fails the transaction); with
   * `ticketChange`, the ticket is replaced in the same transaction if it is still at that version.
   */
  addMessage(
    message: TicketMessage,
    events: DomainEvent[] = [],
    ticketChange?: { before: Ticket; after: Ticket },
    alongside: TransactItem[] = [],
  ): Promise<void> {
    const { items, table } = this.store;
    return this.store.write([
      ticketChange
        ? items.replaceVersioned(this.store.toItem(ticketChange.after), ticketChange.before.version)
        : {
            ConditionCheck: {
              TableName: table.tableName,
              Key: ticketKeys.item(message.ticketId),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
      ...events.map((event) => items.event(event)),
      this.messageItem(message),
      ...alongside,
    ]);
  }

  /** The message as an item to write with other items (a new ticket's first email). */
  messageItem(message: TicketMessage): TransactItem {
    return this.store.items.create({
      ...ticketKeys.message(message.ticketId, message.at, message.id),
      entity: 'TicketMessage',
      ...message,
    });
  }

  /**
   * Claims a Message-ID for a ticket's message: fails the transaction when the email was recorded
   * before (a redelivery), which is what makes receiving idempotent without a read first.
   */
  emailMarkerItem(messageId: string, ticketId: string, ticketMessageId: string): TransactItem {
    return this.store.items.claimUnique(ticketKeys.emailMarker(messageId), 'TicketEmail', {
      ticketId,
      ticketMessageId,
    });
  }

  /** Records a Message-ID another system gave a message Relay sent (SES replaces ours): a put, as a retry writes the same. */
  async addEmailAlias(messageId: string, ticketId: string, ticketMessageId: string): Promise<void> {
    await this.store.table.db.send(
      new PutCommand({
        TableName: this.store.table.tableName,
        Item: { ...ticketKeys.emailMarker(messageId), entity: 'TicketEmail', ticketId, ticketMessageId },
      }),
    );
  }

  /** The ticket and message an email (by its Message-ID) was recorded as, if Relay has seen or sent it. */
  async findByEmailMessageId(messageId: string): Promise<{ ticketId: string; ticketMessageId: string } | undefined> {
    const { Item } = await this.store.table.db.send(
      new GetCommand({
        TableName: this.store.table.tableName,
        Key: ticketKeys.emailMarker(messageId),
        ConsistentRead: true,
      }),
    );
    const parsed = EmailMarker.safeParse(Item);
    return parsed.success ? parsed.data : undefined;
  }

  /**
   * Claims the one follow-up of a finished ticket (the new ticket a late reply opens): two late replies
   * racing open one follow-up, and the loser threads onto it.
   */
  followUpItem(finishedTicketId: string, followUpTicketId: string): TransactItem {
    return this.store.items.claimUnique(ticketKeys.followUp(finishedTicketId), 'TicketFollowUp', {
      ticketId: followUpTicketId,
    });
  }

  /** The follow-up ticket a finished ticket got, if any. */
  findFollowUpId(finishedTicketId: string): Promise<string | undefined> {
    return this.store.readAttribute(ticketKeys.followUp(finishedTicketId), 'ticketId');
  }

  /** A message of the ticket by its id and time (both are in its key). */
  async getMessage(ticketId: string, at: string, messageId: string): Promise<TicketMessage | undefined> {
    const { Item } = await this.store.table.db.send(
      new GetCommand({
        TableName: this.store.table.tableName,
        Key: ticketKeys.message(ticketId, at, messageId),
        ConsistentRead: true,
      }),
    );
    return Item ? readableItems(TicketMessage, 'TicketMessage', [Item])[0] : undefined;
  }

  /** The conversation's newest messages (at most `limit`), newest first: what a reply's threading headers need. */
  async latestMessages(ticketId: string, limit: number): Promise<TicketMessage[]> {
    const { Items = [] } = await this.store.table.db.send(
      new QueryCommand({
        TableName: this.store.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': ticketKeys.item(ticketId).pk, ':prefix': ticketKeys.messagePrefix },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return readableItems(TicketMessage, 'TicketMessage', Items);
  }

  /** The id of the ticket with this number, if any. */
  findIdByNumber(ticketNumber: number): Promise<string | undefined> {
    return this.store.readAttribute(ticketKeys.numberMarker(ticketNumber), 'ticketId');
  }

  /** The ticket's status moves, newest first (a ticket moves a few dozen times at most: one query). */
  async history(ticketId: string): Promise<TicketStatusChange[]> {
    const { Items = [] } = await this.store.table.db.send(
      new QueryCommand({
        TableName: this.store.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': ticketKeys.item(ticketId).pk, ':prefix': ticketKeys.statusChangePrefix },
        ScanIndexForward: false,
        ConsistentRead: true,
      }),
    );
    return readableItems(TicketStatusChange, 'TicketStatusChange', Items);
  }

  /** The conversation in the order it happened, a page at a time (one query of the ticket's partition). */
  async messages(ticketId: string, limit: number, cursor?: string): Promise<Page<TicketMessage>> {
    const pk = ticketKeys.item(ticketId).pk;
    const after = cursor === undefined ? undefined : decodeMessageCursor(cursor);
    const { Items = [], LastEvaluatedKey } = await this.store.table.db.send(
      new QueryCommand({
        TableName: this.store.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': ticketKeys.messagePrefix },
        ScanIndexForward: true,
        ConsistentRead: true,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
      }),
    );
    const lastSortKey = LastEvaluatedKey?.sk;
    return {
      items: readableItems(TicketMessage, 'TicketMessage', Items),
      ...(typeof lastSortKey === 'string'
        ? { nextCursor: Buffer.from(JSON.stringify({ sk: lastSortKey })).toString('base64url') }
        : {}),
    };
  }

  /**
   * The keys of every item in the ticket's partition (the ticket, its history and its conversation), of
   * its emails' Message-ID markers and of its number marker: what erasing the ticket deletes. Reads the whole partition, a page at a time: for
   * erasure, never on a request path that serves the ticket.
   */
  async keysToErase(ticket: Ticket): Promise<ItemKey[]> {
    const keys: ItemKey[] = [ticketKeys.numberMarker(ticket.number)];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.store.table.db.send(
        new QueryCommand({
          TableName: this.store.table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': ticketKeys.item(ticket.id).pk },
          ProjectionExpression: 'pk, sk, #email.messageId',
          ExpressionAttributeNames: { '#email': 'email' },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      keys.push(...Items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
      // The markers of the emails it received or sent (not those SES named: their ids say nothing of the person).
      for (const item of Items) {
        const messageId = (item.email as { messageId?: unknown } | undefined)?.messageId;
        if (typeof messageId === 'string') keys.push(ticketKeys.emailMarker(messageId));
      }
      startKey = LastEvaluatedKey;
    } while (startKey);
    return keys;
  }

  listOpenOfAssignee(ownerId: string, limit: number, cursor?: string): Promise<Page<Ticket>> {
    return this.store.page(ticketKeys.openOfAssignee(ownerId), { limit, cursor, newestFirst: false });
  }

  listUnassigned(limit: number, cursor?: string): Promise<Page<Ticket>> {
    return this.store.page(ticketKeys.unassigned(), { limit, cursor, newestFirst: false });
  }

  listOpenOfTeam(teamId: string, limit: number, cursor?: string): Promise<Page<Ticket>> {
    return this.store.page(ticketKeys.openOfTeam(teamId), { limit, cursor, newestFirst: false });
  }

  listByStatusKind(kind: string, limit: number, cursor?: string): Promise<Page<Ticket>> {
    return this.store.page(ticketKeys.byStatusKind(kind), { limit, cursor, newestFirst: false });
  }

  /** Breaching soon: unfinished tickets whose next SLA target falls due before `before`, soonest first. */
  listBySlaDueBefore(before: Date, limit: number, cursor?: string): Promise<Page<Ticket>> {
    return this.store.page(ticketKeys.bySlaDue(), {
      limit,
      cursor,
      newestFirst: false,
      sortKeyBetween: ticketKeys.slaDueBefore(before),
    });
  }

  listByContact(contactId: string, limit: number, cursor?: string): Promise<Page<Ticket>> {
    return this.store.page(ticketKeys.byContact(contactId), { limit, cursor, newestFirst: true });
  }

  listByCompany(companyId: string, limit: number, cursor?: string): Promise<Page<Ticket>> {
    return this.store.page(ticketKeys.byCompany(companyId), { limit, cursor, newestFirst: true });
  }

  private changeItem(change: TicketStatusChange, uniqueSuffix: string): Record<string, unknown> {
    return {
      ...ticketKeys.statusChange(change.ticketId, change.at, uniqueSuffix),
      entity: 'TicketStatusChange',
      ...change,
    };
  }
}

function decodeMessageCursor(cursor: string): string {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = MessageCursor.safeParse(decoded);
  if (!parsed.success)
    throw new ValidationFailed('The cursor is not valid for this listing.', [
      { pointer: '/cursor', message: 'not a cursor returned by this listing' },
    ]);
  return parsed.data.sk;
}
