import { CatalogRepository } from '../db/catalog-repository.ts';
import type { TableRef } from '../db/document-client.ts';
import { formKeys } from '../db/keys.ts';
import { Form } from './form.schema.ts';

export class FormRepository extends CatalogRepository<Form> {
  constructor(table: TableRef) {
    super(
      table,
      { entity: 'Form', schema: Form, key: formKeys.item, indexAttributes: formKeys.indexAttributes },
      formKeys.all,
    );
  }
}
