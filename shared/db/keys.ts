import type { IndexName } from './table-design.ts';

/**
 * Every key of the single table is built here and nowhere else.
 *
 * Entity              pk                        sk              index keys
 * Contact             CONTACT#<id>              CONTACT         gsi1: OWNER#<ownerId>#CONTACTS | UNOWNED#CONTACTS, <createdAt>#<id>
 *                                                               gsi2: STAGE#<stage>#CONTACTS, <createdAt>#<id>
 *                                                               gsi3: CONTACTS, <createdAt>#<id>
 * Contact email       CONTACT_EMAIL#<normalised> CONTACT_EMAIL  (uniqueness marker, written in the contact's transaction)
 * Outbox event        OUTBOX#<eventId>          OUTBOX          gsi4: OUTBOX#PENDING, <occurredAt>#<eventId> (sparse: removed once relayed)
 */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** A page-able index partition: the index to query and the partition value. */
export interface IndexPartition {
  indexName: IndexName;
  partitionKeyName: string;
  partitionKey: string;
}

const newestFirstSortKey = (createdAt: string, id: string) => `${createdAt}#${id}`;

export const contactKeys = {
  item: (contactId: string): ItemKey => ({ pk: `CONTACT#${contactId}`, sk: 'CONTACT' }),
  emailMarker: (emailNormalised: string): ItemKey => ({ pk: `CONTACT_EMAIL#${emailNormalised}`, sk: 'CONTACT_EMAIL' }),
  /** Index attributes a contact item carries, derived from its current field values. */
  indexAttributes: (contact: { id: string; createdAt: string; ownerId?: string; lifecycleStage: string }) => ({
    gsi1pk: contact.ownerId ? `OWNER#${contact.ownerId}#CONTACTS` : 'UNOWNED#CONTACTS',
    gsi1sk: newestFirstSortKey(contact.createdAt, contact.id),
    gsi2pk: `STAGE#${contact.lifecycleStage}#CONTACTS`,
    gsi2sk: newestFirstSortKey(contact.createdAt, contact.id),
    gsi3pk: 'CONTACTS',
    gsi3sk: newestFirstSortKey(contact.createdAt, contact.id),
  }),
  byOwner: (ownerId: string): IndexPartition => ({
    indexName: 'gsi1',
    partitionKeyName: 'gsi1pk',
    partitionKey: `OWNER#${ownerId}#CONTACTS`,
  }),
  byLifecycleStage: (stage: string): IndexPartition => ({
    indexName: 'gsi2',
    partitionKeyName: 'gsi2pk',
    partitionKey: `STAGE#${stage}#CONTACTS`,
  }),
  all: (): IndexPartition => ({ indexName: 'gsi3', partitionKeyName: 'gsi3pk', partitionKey: 'CONTACTS' }),
};

export const outboxKeys = {
  item: (eventId: string): ItemKey => ({ pk: `OUTBOX#${eventId}`, sk: 'OUTBOX' }),
  pendingIndexAttributes: (occurredAt: string, eventId: string) => ({
    gsi4pk: 'OUTBOX#PENDING',
    gsi4sk: `${occurredAt}#${eventId}`,
  }),
  pending: (): IndexPartition => ({ indexName: 'gsi4', partitionKeyName: 'gsi4pk', partitionKey: 'OUTBOX#PENDING' }),
};

/** The names of the index key attributes a query on `partition` pages through (its LastEvaluatedKey). */
export function pageKeyNames(partition: IndexPartition): string[] {
  const n = partition.indexName.replace('gsi', '');
  return ['pk', 'sk', `gsi${n}pk`, `gsi${n}sk`];
}
