import { CatalogRepository } from '../db/catalog-repository.ts';
import type { TableRef } from '../db/document-client.ts';
import { teamKeys } from '../db/keys.ts';
import { Team } from './owner.schema.ts';

export class TeamRepository extends CatalogRepository<Team> {
  constructor(table: TableRef) {
    super(
      table,
      { entity: 'Team', schema: Team, key: teamKeys.item, indexAttributes: teamKeys.indexAttributes },
      teamKeys.all,
    );
  }
}
