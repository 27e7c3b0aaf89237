import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { segmentKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import { Segment } from './segment.schema.ts';

export class SegmentRepository {
  private readonly store: EntityStore<Segment>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, { entity: 'Segment', schema: Segment, key: segmentKeys.item, indexAttributes: segmentKeys.indexAttributes });
  }

  get(segmentId: string): Promise<Segment | undefined> {
    return this.store.get(segmentId);
  }

  create(segment: Segment): Promise<void> {
    return this.store.write([this.store.items.create(this.store.toItem(segment))]);
  }

  update(before: Segment, after: Segment): Promise<void> {
    return this.store.write([this.store.items.replaceVersioned(this.store.toItem(after), before.version)]);
  }

  delete(segment: Segment): Promise<void> {
    return this.store.write([this.store.items.deleteVersioned(segmentKeys.item(segment.id), segment.version)]);
  }

  listAll(limit: number, cursor?: string): Promise<Page<Segment>> {
    return this.store.page(segmentKeys.all(), { limit, cursor, newestFirst: false });
  }
}
