import { describe, expect, it } from 'vitest';
import { contactKeys } from '#shared/db/keys.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { ValidationFailed } from '#shared/errors.ts';

describe('contact keys', () => {
  it('index an owned contact by owner, stage and creation time (newest-first sort keys)', () => {
    const attributes = contactKeys.indexAttributes({
      id: 'C1',
      createdAt: '2026-01-01T00:00:00.000Z',
      ownerId: 'O1',
      lifecycleStage: 'lead',
    });
    expect(attributes).toEqual({
      gsi1pk: 'OWNER#O1#CONTACTS',
      gsi1sk: '2026-01-01T00:00:00.000Z#C1',
      gsi2pk: 'STAGE#lead#CONTACTS',
      gsi2sk: '2026-01-01T00:00:00.000Z#C1',
      gsi3pk: 'CONTACTS',
      gsi3sk: '2026-01-01T00:00:00.000Z#C1',
    });
  });

  it('put unowned contacts in their own partition', () => {
    expect(contactKeys.indexAttributes({ id: 'C1', createdAt: 't', lifecycleStage: 'lead' }).gsi1pk).toBe(
      'UNOWNED#CONTACTS',
    );
  });
});

describe('cursors', () => {
  const byOwner = contactKeys.byOwner('O1');
  const lastKey = { pk: 'CONTACT#C1', sk: 'CONTACT', gsi1pk: 'OWNER#O1#CONTACTS', gsi1sk: 't#C1' };

  it('round-trip for the listing that issued them', () => {
    expect(decodeCursor(encodeCursor(lastKey), byOwner)).toEqual(lastKey);
  });

  it("are refused by another owner's listing or another index", () => {
    const cursor = encodeCursor(lastKey);
    expect(() => decodeCursor(cursor, contactKeys.byOwner('O2'))).toThrow(ValidationFailed);
    expect(() => decodeCursor(cursor, contactKeys.byLifecycleStage('lead'))).toThrow(ValidationFailed);
  });

  it('are refused when not ours at all', () => {
    expect(() => decodeCursor('garbage!!', byOwner)).toThrow(ValidationFailed);
    expect(() => decodeCursor(Buffer.from('{"pk":1}').toString('base64url'), byOwner)).toThrow(ValidationFailed);
  });
});
