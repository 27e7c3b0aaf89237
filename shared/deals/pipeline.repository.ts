import { CatalogRepository } from '../db/catalog-repository.ts';
import type { TableRef } from '../db/document-client.ts';
import { pipelineKeys } from '../db/keys.ts';
import { Pipeline } from './pipeline.schema.ts';

export class PipelineRepository extends CatalogRepository<Pipeline> {
  constructor(table: TableRef) {
    super(
      table,
      { entity: 'Pipeline', schema: Pipeline, key: pipelineKeys.item, indexAttributes: pipelineKeys.indexAttributes },
      pipelineKeys.all,
    );
  }
}
