import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/db/document-client.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

interface OutboxEmail {
  destination: { to: string[] };
  subject: string;
}

const person = { email: 'Ottilie.Brandvold@Privacy.example', name: 'Ottilie', phone: '+47 912 34 567' };
let stack: RunningStack;
let formId: string;
let campaignId: string;
beforeAll(async () => {
  // At DEBUG, the most any handler logs: the export and erasure must not write the person into the logs either.
  stack = await startLocalStack(['--time-scale', '43200'], { POWERTOOLS_LOG_LEVEL: 'DEBUG' });
  const campaign = await stack.api(
    'POST',
    '/campaigns',
    aNurtureJourney({
      sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 },
    }),
    { as: 'marketing' },
  );
  campaignId = campaign.json.id;
  expect((await stack.api('POST', `/campaigns/${campaignId}/publish`, undefined, { as: 'marketing' })).status).toBe(
    200,
  );
  const form = await stack.api(
    'POST',
    '/forms',
    {
      name: 'Newsletter',
      fieldMapping: { email: 'email', name: 'firstName', phone: 'phone' },
      minFillSeconds: 0,
      consent: { text: 'Send me news', version: 'v1' },
      campaignId,
    },
    { as: 'marketing' },
  );
  formId = form.json.id;
}, 60_000);
afterAll(async () => void (await stack?.stop()));

const submit = (fields: Record<string, string>) =>
  fetch(`${stack.apiUrl}/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });
const welcomesTo = async (email: string) =>
  ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails.filter(
    (mail) => mail.destination.to[0] === email && mail.subject.startsWith('Welcome'),
  );
const contactIdOf = async (email: string) =>
  (await eventually(
    async () =>
      ((await stack.api('GET', '/contacts?limit=100')).json.items as { id: string; email: string }[]).find(
        (c) => c.email === email,
      )?.id,
    Boolean,
  )) as string;
const published = async (contactId: string) =>
  (
    (await stack.api('GET', '/_local/events', undefined, { as: null })).json.events as {
      'detail-type': string;
      detail: { contactId?: string };
    }[]
  )
    .filter((event) => event.detail.contactId === contactId)
    .map((event) => event['detail-type']);

async function scanTable(): Promise<Record<string, unknown>[]> {
  const db = createDocumentClient(new DynamoDBClient({ endpoint: stack.dynamoDbEndpoint }));
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
const mentioning = (items: Record<string, unknown>[], values: string[]) =>
  items.filter((item) => values.some((value) => JSON.stringify(item).toLowerCase().includes(value.toLowerCase())));

describe('GDPR export and erasure over HTTP', () => {
  it('exports to admins only, erases all but the hashed suppression, and an erased person who signs up again gets no campaign email', async () => {
    expect((await submit({ email: person.email, name: person.name, phone: person.phone })).status).toBe(202);
    const contactId = await contactIdOf(person.email);
    await eventually(
      () => welcomesTo(person.email),
      (mails) => mails.length === 1,
      20_000,
    );
    await stack.api('POST', '/activities', { type: 'note', subject: `Met ${person.name} at the fair`, contactId });

    expect(
      (await stack.api('GET', `/contacts/${contactId}/personal-data`, undefined, { as: 'marketing' })).status,
    ).toBe(403);
    expect((await stack.api('POST', `/contacts/${contactId}/erasure`, undefined, { as: 'salesAda' })).status).toBe(403);
    const held = await stack.api('GET', `/contacts/${contactId}/personal-data`);
    expect(held.status).toBe(200);
    expect(held.headers.get('cache-control')).toBe('no-store');
    expect(held.json).toMatchObject({
      contactId,
      contact: { email: person.email, phone: person.phone },
      consentHistory: [{ status: 'granted', method: 'form' }],
      enrollments: [{ campaignId }],
      marketingSends: [{}],
    });
    expect(held.json.activities.map((activity: { type: string }) => activity.type)).toEqual(
      expect.arrayContaining(['note', 'email', 'form_submission']),
    );

    const erased = await stack.api('POST', `/contacts/${contactId}/erasure`);
    expect(erased).toMatchObject({
      status: 200,
      json: { contactId, contactFound: true, suppressed: true, erased: { contact: 1, enrollments: 1 } },
    });
    expect((await stack.api('GET', `/contacts/${contactId}`)).status).toBe(404);
    expect((await stack.api('GET', `/contacts/${contactId}/personal-data`)).status).toBe(404);
    expect(await stack.api('POST', `/contacts/${contactId}/erasure`)).toMatchObject({
      status: 200,
      json: { contactFound: false, erased: { contact: 0 } },
    });
    await eventually(
      () => published(contactId),
      (types) => types.includes('Contact Erased'),
      20_000,
    );

    const remaining = await scanTable();
    expect(mentioning(remaining, [person.email, person.name, person.phone])).toEqual([]);
    expect(remaining.filter((item) => item.entity === 'Suppression' && item.reason === 'erased')).toHaveLength(1);
    expect(new Set(mentioning(remaining, [contactId]).map((item) => item.entity))).toEqual(new Set(['OutboxEvent']));

    // Signing up again makes a new contact with fresh consent, enrolled in the campaign, whose first step ends on the suppression.
    expect((await submit({ email: person.email, name: person.name })).status).toBe(202);
    const again = await contactIdOf(person.email);
    const enrollment = await eventually(
      async () => (await stack.api('GET', `/campaigns/${campaignId}/enrollments/${again}`)).json,
      (found) => found?.status === 'ended',
      20_000,
    );
    expect(enrollment).toMatchObject({ endReason: 'erased', sent: [] });
    expect(await welcomesTo(person.email)).toHaveLength(1);
    for (const value of [person.email, person.email.toLowerCase(), person.name, person.phone])
      expect(stack.output()).not.toContain(value);
  }, 90_000);
});
