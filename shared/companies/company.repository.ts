import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { companyKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import type { TransactItem } from '../db/transactions.ts';
import { Company } from './company.schema.ts';

/** Companies; a company's domain is unique, held by a marker written in the same transaction. */
export class CompanyRepository {
  private readonly store: EntityStore<Company>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, {
      entity: 'Company',
      schema: Company,
      key: companyKeys.item,
      indexAttributes: companyKeys.indexAttributes,
    });
  }

  get(companyId: string): Promise<Company | undefined> {
    return this.store.get(companyId);
  }

  findIdByDomain(domain: string): Promise<string | undefined> {
    return this.store.readAttribute(companyKeys.domainMarker(domain), 'companyId');
  }

  create(company: Company): Promise<void> {
    const { items } = this.store;
    return this.store.write([
      items.create(this.store.toItem(company)),
      ...(company.domain ? [this.claimDomain(company)] : []),
    ]);
  }

  update(before: Company, after: Company): Promise<void> {
    const writes: TransactItem[] = [this.store.items.replaceVersioned(this.store.toItem(after), before.version)];
    if (before.domain !== after.domain) {
      if (after.domain) writes.push(this.claimDomain(after));
      if (before.domain) writes.push(this.releaseDomain(before));
    }
    return this.store.write(writes);
  }

  delete(company: Company): Promise<void> {
    return this.store.write([
      this.store.items.deleteVersioned(companyKeys.item(company.id), company.version),
      ...(company.domain ? [this.releaseDomain(company)] : []),
    ]);
  }

  listAll(limit: number, cursor?: string): Promise<Page<Company>> {
    return this.store.page(companyKeys.all(), { limit, cursor, newestFirst: false });
  }

  listByOwner(ownerId: string, limit: number, cursor?: string): Promise<Page<Company>> {
    return this.store.page(companyKeys.byOwner(ownerId), { limit, cursor, newestFirst: false });
  }

  private claimDomain(company: Company): TransactItem {
    return this.store.items.claimUnique(companyKeys.domainMarker(company.domain as string), 'CompanyDomain', {
      companyId: company.id,
    });
  }

  private releaseDomain(company: Company): TransactItem {
    return this.store.items.releaseUnique(companyKeys.domainMarker(company.domain as string), 'companyId', company.id);
  }
}
