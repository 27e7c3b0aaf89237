import { domainToASCII } from 'node:url';
import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { handler as contactsHandler } from '#functions/http/contacts/index.ts';
import { rebuildNameIndex, searchContacts } from '#shared/contacts/contact-search.service.ts';
import { nameSearchEntries } from '#shared/contacts/contact-search.rules.ts';
import { createContact, deleteContact, updateContact } from '#shared/contacts/contact.service.ts';
import { SearchContactsQuery, type Contact } from '#shared/contacts/contact.schema.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { contactKeys } from '#shared/db/keys.ts';
import { Conflict } from '#shared/errors.ts';
import { createOwner } from '#shared/owners/owner.service.ts';
import { eraseContact } from '#shared/privacy/erasure.service.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { aContactRequest, anAdmin, anOwnerRequest } from '../support/builders.ts';
import { anHttpEvent } from '../support/http-events.ts';
import { createTestTable } from '../support/test-table.ts';

let table: TableRef;
let deps: Dependencies;

beforeAll(async () => {
  const created = await createTestTable();
  table = created;
  // The HTTP handlers build their dependencies from the environment, as in Lambda.
  process.env.TABLE_NAME = created.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = created.endpoint;
  deps = buildDependencies(table, systemContext);
});

const search = async (q: string, limit?: number) =>
  searchContacts(deps, SearchContactsQuery.parse({ q, ...(limit ? { limit: String(limit) } : {}) }));
const idsFound = async (q: string, limit?: number) => (await search(q, limit)).items.map((contact) => contact.id);
const aContactNamed = (
  firstName: string | undefined,
  lastName?: string,
  extra: Parameters<typeof aContactRequest>[0] = {},
) => createContact(deps, aContactRequest({ firstName, ...(lastName ? { lastName } : {}), ...extra }), anAdmin());

/** The stored name entry items of a contact (read by key, not through the search). */
const storedEntries = async (contact: Pick<Contact, 'id' | 'firstName' | 'lastName'>) => {
  const found = [];
  for (const entry of nameSearchEntries(contact)) {
    const { Item } = await table.db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: contactKeys.nameEntry(entry, contact.id),
        ConsistentRead: true,
      }),
    );
    if (Item) found.push(entry);
  }
  return found;
};

/** GET /contacts/search through its Lambda handler, as a user with these Cognito groups. */
async function searchOverHttp(query: Record<string, string>, groups = '[admin]', subject = 'search-admin') {
  const event = anHttpEvent({ path: '/contacts/search', query });
  Object.assign(event.requestContext, {
    authorizer: { jwt: { claims: { sub: subject, username: subject, 'cognito:groups': groups }, scopes: null } },
  });
  const response = (await contactsHandler(event, lambdaContext('SearchContacts'))) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(String(response.body)) };
}

describe('the quick find on DynamoDB Local', () => {
  it('finds a contact by its email exactly, after normalisation, whatever the case or spaces', async () => {
    const ada = await aContactNamed('Ada', 'Emailfinder', { email: 'Ada.Finder@Example.com' });
    await aContactNamed('Ada', 'Other', { email: 'ada.finder2@example.com' });
    expect(await search('  ADA.finder@example.COM ')).toEqual({ matchedBy: 'email', items: [ada] });
    expect(await search('nobody.here@example.com')).toEqual({ matchedBy: 'email', items: [] });
    // An email is never a prefix search.
    expect(await idsFound('ada.finder@example.co')).toEqual([]);
  });

  it('finds an internationalised domain written in Unicode or in punycode', async () => {
    const unicode = await aContactNamed('Reza', undefined, { email: 'reza@فروشگاه.ایران' });
    const punycode = await aContactNamed('Sara', undefined, { email: `sara@${domainToASCII('کتاب.ایران')}` });
    expect(await idsFound(`Reza@${domainToASCII('فروشگاه.ایران')}`)).toEqual([unicode.id]);
    expect(await idsFound('reza@فروشگاه.ایران')).toEqual([unicode.id]);
    expect(await idsFound('SARA@کتاب.ایران')).toEqual([punycode.id]);
  });

  it('finds by the start of the first name, the last name or the full name, in any case and with accents or not', async () => {
    const zoe = await aContactNamed('Zoë', 'Quillfeather');
    const other = await aContactNamed('Zoltan', 'Quillon');
    expect(await idsFound('zo')).toEqual(expect.arrayContaining([zoe.id, other.id]));
    expect(await idsFound('ZOE')).toEqual([zoe.id]);
    expect(await idsFound('quillf')).toEqual([zoe.id]);
    expect(await idsFound('quill')).toEqual(expect.arrayContaining([zoe.id, other.id]));
    expect(await idsFound('Zoe Quill')).toEqual([zoe.id]);
    expect(await idsFound('quillfeather, zoë')).toEqual([zoe.id]);
    expect(await idsFound('oe quill')).toEqual([]);
  });

  it('finds a Persian name typed with Arabic yeh and kaf, harakat or ZWNJ, and the other way round', async () => {
    const yasmin = await aContactNamed('یاسمین', 'کاظمی‌نژاد');
    const karim = await aContactNamed('كريم', 'عليزاده');
    expect(await idsFound('ياسمين')).toEqual([yasmin.id]);
    expect(await idsFound('كاظمي')).toEqual([yasmin.id]);
    expect(await idsFound('کاظمینژاد')).toEqual([yasmin.id]);
    expect(await idsFound('یاسمین کاظ')).toEqual([yasmin.id]);
    expect(await idsFound('کریم')).toEqual([karim.id]);
    expect(await idsFound('عَلیزاده')).toEqual([karim.id]);
  });

  it('returns whole contacts, the shortest matching name first, at most `limit`', async () => {
    const later = await aContactNamed('Wendeline', 'Xu');
    const exact = await aContactNamed('Wend');
    const middle = await aContactNamed('Wend', 'Abara');
    const found = await search('wend');
    expect(found.items).toEqual([exact, middle, later]);
    expect(await idsFound('wend', 2)).toEqual([exact.id, middle.id]);
  });

  it('finds a renamed contact by its new name only: the old entries are gone from the table', async () => {
    const contact = await aContactNamed('Oldfirst', 'Oldlast');
    const renamed = await updateContact(deps, contact.id, { firstName: 'Newfirst', lastName: null }, anAdmin());
    expect(await idsFound('oldfirst')).toEqual([]);
    expect(await idsFound('oldlast')).toEqual([]);
    expect(await idsFound('newfir')).toEqual([contact.id]);
    expect(await storedEntries(contact)).toEqual([]);
    expect(await storedEntries(renamed)).toEqual(['newfirst']);
    // A change that keeps the name writes no entries and loses none.
    await updateContact(deps, contact.id, { jobTitle: 'CTO' }, anAdmin());
    expect(await idsFound('newfirst')).toEqual([contact.id]);
  });

  it('does not find a deleted contact or an erased one, whose entries are removed with it', async () => {
    const deleted = await aContactNamed('Deletia', 'Gonewright');
    const erased = await aContactNamed('Erasmus', 'Forgotten', { email: 'erasmus@example.com' });
    await deleteContact(deps, deleted.id, anAdmin());
    await eraseContact(deps, erased.id);
    expect(await idsFound('deletia')).toEqual([]);
    expect(await idsFound('gonewright')).toEqual([]);
    expect(await idsFound('erasmus')).toEqual([]);
    expect(await idsFound('forgotten erasmus')).toEqual([]);
    expect(await idsFound('erasmus@example.com')).toEqual([]);
    expect([...(await storedEntries(deleted)), ...(await storedEntries(erased))]).toEqual([]);
  });

  it('writes no entry for a contact that is refused (the entries share its transaction)', async () => {
    const first = await aContactNamed('Duplicatus', undefined, { email: 'duplicatus@example.com' });
    const refused = await aContactNamed('Duplicatus', 'Secundus', { email: 'DUPLICATUS@example.com' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Conflict);
    expect(await idsFound('duplicatus')).toEqual([first.id]);
    expect(await idsFound('secundus')).toEqual([]);
  });

  it('gives contacts stored before the quick find their entries in the rebuild', async () => {
    const old = await aContactNamed('Antiquus', 'Vetus');
    for (const entry of nameSearchEntries(old))
      await table.db.send(new DeleteCommand({ TableName: table.tableName, Key: contactKeys.nameEntry(entry, old.id) }));
    expect(await idsFound('antiquus')).toEqual([]);
    const dryRun = await rebuildNameIndex(deps, { apply: false });
    expect(dryRun.missingEntries).toBe(nameSearchEntries(old).length);
    expect(await idsFound('antiquus')).toEqual([]);
    expect(await rebuildNameIndex(deps, { apply: true })).toMatchObject({
      missingEntries: dryRun.missingEntries,
      skipped: 0,
    });
    expect(await idsFound('vetus')).toEqual([old.id]);
    expect((await rebuildNameIndex(deps, { apply: false })).missingEntries).toBe(0);
  });

  it('reads the name index with one small query, never a table scan', async () => {
    const { pk, skPrefix } = contactKeys.nameEntriesStartingWith('wend');
    const { Items = [] } = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      }),
    );
    expect(Items.map((item) => item.entity)).toEqual(['ContactNameEntry', 'ContactNameEntry', 'ContactNameEntry']);
  });
});

describe('GET /contacts/search', () => {
  it('answers contacts for a sales rep as GET /contacts does: every contact, not only their own', async () => {
    const owner = await createOwner(deps, anOwnerRequest({ name: 'Other Rep' }));
    const theirs = await aContactNamed('Httpfindme', 'Salesview', { ownerId: owner.id });
    const response = await searchOverHttp({ q: 'httpfind', limit: '۵' }, '[sales]', 'search-sales-rep');
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ matchedBy: 'name', items: [JSON.parse(JSON.stringify(theirs))] });
  });

  it('answers a query that is too short, an incomplete email or a bad limit with 400 problem+json naming the field', async () => {
    for (const [query, detail] of [
      [{ q: 'a' }, /at least 2 letters or digits/],
      [{ q: ' .- ' }, /at least 2 letters or digits/],
      [{ q: 'ada@' }, /read as an email/],
      [{}, /required/],
      [{ q: 'ada', limit: '51' }, /from 1 to 50/],
    ] as const) {
      const response = await searchOverHttp(query);
      expect(response.statusCode).toBe(400);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(response.json).toMatchObject({ type: 'urn:relay:problem:validation-failed', status: 400 });
      expect(JSON.stringify(response.json.errors)).toMatch(detail);
      expect(response.json.errors[0].pointer).toMatch(/^\/(q|limit)$/);
    }
  });
});
