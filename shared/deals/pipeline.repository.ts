import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { pipelineKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import { Pipeline } from './pipeline.schema.ts';

export class PipelineRepository {
  private readonly store: EntityStore<Pipeline>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, { entity: 'Pipeline', schema: Pipeline, key: pipelineKeys.item, indexAttributes: pipelineKeys.indexAttributes });
  }

  get(pipelineId: string): Promise<Pipeline | undefined> {
    return this.store.get(pipelineId);
  }

  create(pipeline: Pipeline): Promise<void> {
    return this.store.write([this.store.items.create(this.store.toItem(pipeline))]);
  }

  update(before: Pipeline, after: Pipeline): Promise<void> {
    return this.store.write([this.store.items.replaceVersioned(this.store.toItem(after), before.version)]);
  }

  listAll(limit: number, cursor?: string): Promise<Page<Pipeline>> {
    return this.store.page(pipelineKeys.all(), { limit, cursor, newestFirst: false });
  }
}
