import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { ownerKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import type { TransactItem } from '../db/transactions.ts';
import { normaliseEmail } from '../contacts/email.ts';
import { Owner } from './owner.schema.ts';
import { readableItems } from '../db/unreadable-items.ts';

/**
 * Sales reps. Each write keeps, in the same transaction, the rep's unique email and user markers
 * and one membership item per territory (a copy of the owner, so routing reads a territory in one query).
 * Condition failure order: [owner, email marker?, user marker?, ...].
 */
export class OwnerRepository {
  private readonly store: EntityStore<Owner>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, {
      entity: 'Owner',
      schema: Owner,
      key: ownerKeys.item,
      indexAttributes: ownerKeys.indexAttributes,
    });
  }

  get(ownerId: string): Promise<Owner | undefined> {
    return this.store.get(ownerId);
  }

  /** The owner record of a signed-in user (Cognito sub), if any. */
  findIdByUser(userId: string): Promise<string | undefined> {
    return this.store.readAttribute(ownerKeys.userMarker(userId), 'ownerId');
  }

  findIdByEmail(email: string): Promise<string | undefined> {
    return this.store.readAttribute(ownerKeys.emailMarker(normaliseEmail(email)), 'ownerId');
  }

  async create(owner: Owner): Promise<void> {
    const { items } = this.store;
    await this.store.write([
      items.create(this.store.toItem(owner)),
      this.claimEmail(owner),
      ...(owner.userId ? [this.claimUser(owner)] : []),
      ...owner.territories.map((territory) => items.put(this.territoryItem(territory, owner))),
    ]);
  }

  async update(before: Owner, after: Owner): Promise<void> {
    const { items } = this.store;
    const writes: TransactItem[] = [items.replaceVersioned(this.store.toItem(after), before.version)];
    if (normaliseEmail(before.email) !== normaliseEmail(after.email))
      writes.push(this.claimEmail(after), this.releaseEmail(before));
    if (before.userId !== after.userId) {
      if (after.userId) writes.push(this.claimUser(after));
      if (before.userId) writes.push(items.releaseUnique(ownerKeys.userMarker(before.userId), 'ownerId', before.id));
    }
    for (const territory of before.territories.filter((t) => !after.territories.includes(t))) {
      writes.push(items.delete(ownerKeys.territoryMember(territory, before.id)));
    }
    for (const territory of after.territories) writes.push(items.put(this.territoryItem(territory, after)));
    await this.store.write(writes);
  }

  listAll(limit: number, cursor?: string): Promise<Page<Owner>> {
    return this.store.page(ownerKeys.all(), { limit, cursor, newestFirst: false });
  }

  listByTeam(teamId: string, limit: number, cursor?: string): Promise<Page<Owner>> {
    return this.store.page(ownerKeys.byTeam(teamId), { limit, cursor, newestFirst: false });
  }

  /** Every member of a team (teams are tens of reps, read page by page). */
  async allInTeam(teamId: string): Promise<Owner[]> {
    const members: Owner[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listByTeam(teamId, 100, cursor);
      members.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return members;
  }

  /** Every owner covering `territory` (a territory holds a handful of reps, so one query, no paging). */
  async listByTerritory(territory: string): Promise<Owner[]> {
    const { Items = [] } = await this.store.table.db.send(
      new QueryCommand({
        TableName: this.store.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': ownerKeys.territoryPartition(territory) },
      }),
    );
    return readableItems(Owner, 'TerritoryMember', Items, (item) => item.owner);
  }

  private territoryItem(territory: string, owner: Owner): Record<string, unknown> {
    return { ...ownerKeys.territoryMember(territory, owner.id), entity: 'TerritoryMember', owner };
  }

  private claimEmail(owner: Owner): TransactItem {
    return this.store.items.claimUnique(ownerKeys.emailMarker(normaliseEmail(owner.email)), 'OwnerEmail', {
      ownerId: owner.id,
    });
  }

  private releaseEmail(owner: Owner): TransactItem {
    return this.store.items.releaseUnique(ownerKeys.emailMarker(normaliseEmail(owner.email)), 'ownerId', owner.id);
  }

  private claimUser(owner: Owner & { userId?: string }): TransactItem {
    return this.store.items.claimUnique(ownerKeys.userMarker(owner.userId as string), 'OwnerUser', {
      ownerId: owner.id,
    });
  }
}
