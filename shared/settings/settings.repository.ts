import type * as z from 'zod';
import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { settingsKeys } from '../db/keys.ts';
import type { DomainEvent } from '../events/catalog.ts';

/** A settings document: one per installation, versioned like every entity (id is always 'current'). */
export interface SettingsDocument {
  id: 'current';
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One named settings document (the scoring model, the routing policy), written with optimistic versioning. */
export class SettingsRepository<T extends SettingsDocument> {
  private readonly store: EntityStore<T>;

  constructor(table: TableRef, name: string, schema: z.ZodType<T>) {
    this.store = new EntityStore(table, {
      entity: `Settings:${name}`,
      schema,
      key: () => settingsKeys.item(name),
      indexAttributes: () => ({}),
    });
  }

  get(): Promise<T | undefined> {
    return this.store.get('current');
  }

  /** Writes `after` and its events; the stored document must be at `expectedVersion` (0 = must not exist yet). */
  save(after: T, expectedVersion: number, events: DomainEvent[] = []): Promise<void> {
    const item = this.store.toItem(after);
    return this.store.write([
      expectedVersion === 0 ? this.store.items.create(item) : this.store.items.replaceVersioned(item, expectedVersion),
      ...events.map((event) => this.store.items.event(event)),
    ]);
  }
}
