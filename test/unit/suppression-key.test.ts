import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SuppressionRepository } from '#shared/campaigns/suppression.repository.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { suppressionKeys } from '#shared/db/keys.ts';

const email = 'kim.tanaka@example.com';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
// Building a transaction item sends nothing: the repository needs no client here.
const repository = new SuppressionRepository({ tableName: 'relay-test', db: undefined as unknown as TableRef['db'] });

describe('the suppression key', () => {
  it('is the SHA-256 of the normalised email, never the address', () => {
    expect(suppressionKeys.item(email)).toEqual({ pk: `SUPPRESSION#${sha256(email)}`, sk: 'SUPPRESSION' });
    expect(JSON.stringify(suppressionKeys.item(email))).not.toContain('kim');
    expect(suppressionKeys.item(email)).not.toEqual(suppressionKeys.item('kim.tanaka@example.org'));
  });

  it('is what a suppression writes, with no clear address anywhere in the item', () => {
    const item = repository.suppressItem(email, 'unsubscribed', '2026-11-30T10:00:00.000Z', 'campaign:c1');
    expect(item.Update?.Key).toEqual(suppressionKeys.item(email));
    expect(JSON.stringify(item)).not.toMatch(/kim|example\.com/);
    expect(item.Update?.ExpressionAttributeValues).toMatchObject({ ':reason': 'unsubscribed' });
  });
});
