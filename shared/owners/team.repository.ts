import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { teamKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import { Team } from './owner.schema.ts';

export class TeamRepository {
  private readonly store: EntityStore<Team>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, { entity: 'Team', schema: Team, key: teamKeys.item, indexAttributes: teamKeys.indexAttributes });
  }

  get(teamId: string): Promise<Team | undefined> {
    return this.store.get(teamId);
  }

  create(team: Team): Promise<void> {
    return this.store.write([this.store.items.create(this.store.toItem(team))]);
  }

  update(before: Team, after: Team): Promise<void> {
    return this.store.write([this.store.items.replaceVersioned(this.store.toItem(after), before.version)]);
  }

  listAll(limit: number, cursor?: string): Promise<Page<Team>> {
    return this.store.page(teamKeys.all(), { limit, cursor, newestFirst: false });
  }
}
