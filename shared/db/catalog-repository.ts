import type { TableRef } from './document-client.ts';
import { EntityStore, type EntityMapping } from './entity-store.ts';
import type { IndexPartition } from './keys.ts';
import type { Page } from './pagination.ts';

/**
 * A repository for a small catalog entity (pipelines, teams, segments): versioned writes with no
 * side items, listed alphabetically from one index partition.
 */
export class CatalogRepository<T extends { id: string; version: number }> {
  protected readonly store: EntityStore<T>;

  constructor(
    table: TableRef,
    private readonly mapping: EntityMapping<T>,
    private readonly listing: () => IndexPartition,
  ) {
    this.store = new EntityStore(table, mapping);
  }

  get(id: string): Promise<T | undefined> {
    return this.store.get(id);
  }

  create(entity: T): Promise<void> {
    return this.store.write([this.store.items.create(this.store.toItem(entity))]);
  }

  update(before: T, after: T): Promise<void> {
    return this.store.write([this.store.items.replaceVersioned(this.store.toItem(after), before.version)]);
  }

  delete(entity: T): Promise<void> {
    return this.store.write([this.store.items.deleteVersioned(this.mapping.key(entity.id), entity.version)]);
  }

  listAll(limit: number, cursor?: string): Promise<Page<T>> {
    return this.store.page(this.listing(), { limit, cursor, newestFirst: false });
  }
}
