import { CatalogRepository } from '../db/catalog-repository.ts';
import type { TableRef } from '../db/document-client.ts';
import { segmentKeys } from '../db/keys.ts';
import { Segment } from './segment.schema.ts';

export class SegmentRepository extends CatalogRepository<Segment> {
  constructor(table: TableRef) {
    super(
      table,
      { entity: 'Segment', schema: Segment, key: segmentKeys.item, indexAttributes: segmentKeys.indexAttributes },
      segmentKeys.all,
    );
  }
}
