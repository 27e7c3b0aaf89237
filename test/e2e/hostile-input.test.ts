import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { RouteSpec } from '#functions/http/kit/route.ts';
import { httpRoutes } from '#functions/http/routes.ts';
import { CreateActivityRequest } from '#shared/activities/activity.schema.ts';
import { CreateCompanyRequest } from '#shared/companies/company.schema.ts';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { WebhookLead } from '#shared/leads/webhook-lead.service.ts';
import {
  crashTraces,
  HostileTally,
  inPool,
  pageStatusesOf,
  percentEncode,
  send,
  type SentRequest,
} from '../support/hostile-http.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';
import { forgedDeliveries } from '../support/webhook-forgeries.ts';
import {
  arbitraryFor,
  builtInNames,
  hostileStrings,
  recordFieldsOf,
  withStringFields,
} from '../support/zod-arbitrary.ts';

// About two minutes on an idle two-core machine (9,000 requests). To explore further,
// HOSTILE_SEED=<n> HOSTILE_RUNS=<n> npx vitest run test/e2e/hostile-input.test.ts -t 'per route'.
/**
 * A test's time limit: twice what it needs on an idle machine, since on two cores that others load (load
 * average 15) the BLNS leads through forms and webhooks took over 120 s each, and a limit is no assertion.
 */
const loaded = (idleLimitMs: number) => idleLimitMs * 2;
const runsPerRoute = Number(process.env.HOSTILE_RUNS ?? 14);
const concurrency = 4;
const seed = Number(process.env.HOSTILE_SEED ?? 20261001);

let stack: RunningStack;
let outputAtStart = 0;
const tally = new HostileTally(new Set(hostileStrings));
const knownIds = new Map<string, string[]>();
const startedAt = Date.now();
const forgeries = { tried: 0, accepted: 0, kinds: new Set<string>() };
/** Records created with hostile values and read back equal to what was accepted. */
let verifiedStored = 0;
/** Record keys named after built-ins (`constructor`...) that a route accepted and a GET read back. */
const builtInKeysReadBack = new Set<string>();

const route = (method: string, path: string) => {
  const found = httpRoutes.find((candidate) => candidate.method === method && candidate.path === path);
  if (!found) throw new Error(`${method} ${path} is no longer in the route table`);
  return found;
};
const sendJson = (method: string, url: string, body: unknown, as: 'admin' | null = 'admin') =>
  send(stack, tally, { method, url, body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, as });
const every = <T>(make: (value: string, index: number) => T[]) => hostileStrings.flatMap(make);

/** What the API stores for a request: the request as its schema parses it (trimmed, defaults applied). */
function expectStoredAsAccepted(
  schema: z.ZodType,
  sent: Record<string, unknown>,
  stored: Record<string, unknown>,
  what: string,
) {
  const accepted = schema.parse(sent) as Record<string, unknown>;
  for (const key of Object.keys(sent)) expect(stored[key], `${what}: ${key}`).toEqual(accepted[key]);
  verifiedStored += 1;
}

/** Every contact this stack holds, by email: leads answer with a receipt, not the contact. */
async function contactsByEmail() {
  const byEmail = new Map<string, Record<string, unknown>>();
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const { json } = await stack.api(
      'GET',
      `/contacts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const contact of json.items as Record<string, unknown>[]) byEmail.set(contact.email as string, contact);
    cursor = json.nextCursor;
  }
  return byEmail;
}

/** Real ids, so some path parameters name something that exists: each listing's first items, under the parameter names a path would use for them. */
async function learnKnownIds() {
  // /webhook-subscriptions -> webhookSubscriptionId and subscriptionId
  for (const listing of httpRoutes.filter(
    (candidate) => candidate.method === 'GET' && !candidate.path.includes('{') && candidate.access !== 'public',
  )) {
    const { json } = await stack.api('GET', `${listing.path}?limit=3`);
    const ids = ((json?.items ?? []) as { id?: string }[])
      .map((item) => item.id)
      .filter((id): id is string => typeof id === 'string');
    if (!ids.length) continue;
    const words = (listing.path.split('/').at(-1) ?? '').replace(/ies$/, 'y').replace(/s$/, '').split('-');
    const camel = words.map((word, index) => (index ? word.charAt(0).toUpperCase() + word.slice(1) : word)).join('');
    for (const name of [`${camel}Id`, `${words.at(-1)}Id`]) knownIds.set(name, ids);
  }
}

beforeAll(async () => {
  stack = await startLocalStack();
  outputAtStart = stack.output().length;
}, 90_000);

afterAll(async () => {
  const summary = {
    requestsSent: tally.requests,
    distinctHostileStrings: tally.strings.size,
    serverErrors: tally.serverErrors.length,
    storedAndReadBackEqual: verifiedStored,
    builtInKeysReadBack: builtInKeysReadBack.size,
    forgeriesTried: forgeries.tried,
    forgeriesAccepted: forgeries.accepted,
    statuses: Object.fromEntries([...tally.statuses].sort(([a], [b]) => a - b)),
    seconds: Math.round((Date.now() - startedAt) / 1000),
  };
  writeFileSync(join(tmpdir(), 'relay-hostile-input-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.info('hostile input:', JSON.stringify(summary));
  await stack?.stop();
});

/**
 * Lets the event loop run after building requests synchronously for seconds: sockets the server closed
 * meanwhile (its keep-alive timeout) are noticed first, instead of a request being sent on one.
 */
const settleSockets = () => new Promise((resolve) => setTimeout(resolve, 100));

/** The run so far: nothing 5xx, every API error problem+json, no request markup echoed into a page, no exception in the output. */
function expectNothingBroke() {
  expect(tally.serverErrors).toEqual([]);
  expect(tally.notProblemJson).toEqual([]);
  expect(tally.reflectedMarkup).toEqual([]);
  expect(crashTraces(stack.output().slice(outputAtStart))).toEqual([]);
}

describe('every BLNS string through the endpoints that store what people type', () => {
  it(
    'POST /contacts stores each as accepted, and refuses it where it is no valid value',
    async () => {
      const createContact = route('POST', '/contacts');
      const schema = createContact.request.body as typeof CreateContactRequest;
      const fixture = (index: number) => ({
        email: `hostile.contact.${index}@example.com`,
        firstName: 'Ada',
        lastName: 'Lovelace',
        jobTitle: 'CTO',
        companyName: 'Analytical Engines',
        phone: '+44 20 7946 0000',
        tags: ['vip'],
        customFields: { plan: 'growth' },
      });
      let stored = 0;
      await inPool(
        every(
          (value, index) =>
            [
              [value, withStringFields(schema, fixture(index), value, 'accepted')],
              [value, withStringFields(schema, fixture(index), value, 'everywhere')],
            ] as const,
        ),
        concurrency,
        async ([value, body]) => {
          tally.noteStrings(value);
          const created = await sendJson('POST', createContact.path, body);
          if (created.status !== 201) return;
          const { json } = await stack.api('GET', `/contacts/${(created.json as { id: string }).id}`);
          expectStoredAsAccepted(
            schema,
            body as Record<string, unknown>,
            json,
            `contact with ${JSON.stringify(value)}`,
          );
          stored += 1;
        },
      );
      expect(stored).toBeGreaterThan(hostileStrings.length * 0.9);
      expectNothingBroke();
    },
    loaded(120_000),
  );

  it(
    'POST /companies and POST /activities (notes) store each as accepted',
    async () => {
      const [createCompany, createActivity] = [route('POST', '/companies'), route('POST', '/activities')];
      const { json: contact } = await stack.api('POST', '/contacts', { email: 'timeline.owner@example.com' });
      const contactId = contact.id as string;
      const bodies = every(
        (value) =>
          [
            [
              value,
              createCompany,
              CreateCompanyRequest,
              withStringFields(
                CreateCompanyRequest,
                { name: 'Acme', industry: 'Software', tags: ['key-account'], customFields: { tier: 'gold' } },
                value,
                'accepted',
              ),
            ],
            [
              value,
              createActivity,
              CreateActivityRequest,
              withStringFields(
                CreateActivityRequest,
                {
                  type: 'note',
                  subject: 'Call notes',
                  body: 'Spoke about pricing.',
                  contactId,
                  details: { channel: 'phone' },
                },
                value,
                'accepted',
              ),
            ],
          ] as const,
      );
      let stored = 0;
      await inPool(bodies, concurrency, async ([value, created, schema, body]) => {
        tally.noteStrings(value);
        const answer = await sendJson('POST', created.path, body);
        if (answer.status !== 201) return;
        const { json } = await stack.api('GET', `${created.path}/${(answer.json as { id: string }).id}`);
        expectStoredAsAccepted(
          schema,
          body as Record<string, unknown>,
          json,
          `${created.path} with ${JSON.stringify(value)}`,
        );
        stored += 1;
      });
      expect(stored).toBeGreaterThan(bodies.length * 0.9);
      expectNothingBroke();
    },
    loaded(120_000),
  );
});

describe('every BLNS string through the public lead endpoints', () => {
  /** A form's documented reading of its fields: each trimmed, a blank one as not given. */
  const asFormLead = (contact: Record<string, unknown>) => {
    const given = (fields: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(fields).flatMap(([key, value]) =>
          typeof value === 'string' && value.trim() ? [[key, value.trim()]] : [],
        ),
      );
    const { customFields, ...fields } = contact;
    const custom = given(customFields as Record<string, unknown>);
    return { ...given(fields), ...(Object.keys(custom).length ? { customFields: custom } : {}) };
  };
  const leadFixture = (index: number, kind: string) => ({
    email: `hostile.${kind}.${index}@example.com`,
    firstName: 'Grace',
    lastName: 'Hopper',
    phone: '+1 202 555 0143',
    jobTitle: 'Head of Sales',
    companyName: 'Navy',
    customFields: { plan: 'growth' },
  });

  it(
    'POST /forms/{formId}/submissions stores each lead as accepted, posted as JSON or as a plain HTML form',
    async () => {
      const submit = route('POST', '/forms/{formId}/submissions');
      const mapping = {
        email: 'email',
        first_name: 'firstName',
        last_name: 'lastName',
        phone: 'phone',
        job: 'jobTitle',
        company: 'companyName',
        plan: 'custom.plan',
      } as const;
      const form = await stack.api('POST', '/forms', {
        name: 'Hostile input',
        fieldMapping: mapping,
        minFillSeconds: 0,
        rateLimit: { requests: 1_000_000, windowSeconds: 60 },
        consent: { text: 'Send me news', version: '1' },
      });
      expect(form.status).toBe(201);
      const asFields = (contact: Record<string, unknown>, message: string) => ({
        ...Object.fromEntries(
          Object.entries(mapping).map(([field, target]) => [
            field,
            target === 'custom.plan' ? (contact.customFields as Record<string, string>).plan : contact[target],
          ]),
        ),
        message,
      });
      const sent = every((value, index) =>
        (['accepted', 'everywhere'] as const).map((mode) => {
          // A urlencoded form carries UTF-8: a lone surrogate arrives as U+FFFD, as from a browser.
          const typed = index % 2 === 0 ? Buffer.from(value, 'utf8').toString('utf8') : value;
          const contact = withStringFields(
            CreateContactRequest,
            leadFixture(index, `form-${mode}`),
            typed,
            mode,
          ) as Record<string, unknown>;
          // The form carries only the mapped fields: one custom field, no tags.
          const { tags: _tags, ...mapped }: Record<string, unknown> = {
            ...contact,
            customFields: { plan: (contact.customFields as Record<string, string>).plan },
          };
          return { value, typed, mode, urlEncoded: index % 2 === 0, contact: mapped };
        }),
      );
      const received: typeof sent = [];
      await inPool(sent, concurrency, async (submission) => {
        tally.noteStrings(submission.value);
        const fields = asFields(submission.contact, submission.typed) as Record<string, string>;
        const answer = await send(stack, tally, {
          method: 'POST',
          url: submit.path.replace('{formId}', form.json.id),
          as: null,
          headers: { 'content-type': submission.urlEncoded ? 'application/x-www-form-urlencoded' : 'application/json' },
          body: submission.urlEncoded ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
        });
        if (answer.status < 400) received.push(submission);
      });
      const contacts = await contactsByEmail();
      for (const { contact, value } of received) {
        const asLead = asFormLead(contact);
        const stored = contacts.get(CreateContactRequest.parse(asLead).email);
        expect(stored, `lead with ${JSON.stringify(value)}`).toBeDefined();
        expectStoredAsAccepted(
          CreateContactRequest,
          asLead,
          stored as Record<string, unknown>,
          `form lead with ${JSON.stringify(value)}`,
        );
      }
      expect(received.filter(({ mode }) => mode === 'accepted').length).toBeGreaterThan(hostileStrings.length * 0.9);
      expectNothingBroke();
    },
    loaded(120_000),
  );

  it(
    'POST /webhooks/leads (signed) stores each lead as accepted',
    async () => {
      const receive = route('POST', '/webhooks/leads');
      const webhook = new Webhook(stack.webhookSecret);
      const leads = every((value, index) =>
        (['accepted', 'everywhere'] as const).map((mode) => ({
          value,
          mode,
          id: `msg_hostile_${mode}_${index}`,
          lead: withStringFields(
            WebhookLead,
            {
              contact: leadFixture(index, `webhook-${mode}`),
              consent: { granted: true, text: 'Yes please', version: 'partner-1' },
            },
            value,
            mode,
          ) as { contact: Record<string, unknown> },
        })),
      );
      const received: typeof leads = [];
      await inPool(leads, concurrency, async (delivery) => {
        const { id } = delivery;
        tally.noteStrings(delivery.value);
        const body = JSON.stringify(delivery.lead);
        const at = new Date();
        const answer = await send(stack, tally, {
          method: 'POST',
          url: `${receive.path}?source=demo-partner`,
          as: null,
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': webhook.sign(id, at, body),
          },
          body,
        });
        if (answer.status === 202) received.push(delivery);
      });
      const contacts = await contactsByEmail();
      for (const { lead, value } of received) {
        const stored = contacts.get(CreateContactRequest.parse(lead.contact).email);
        expect(stored, `webhook lead with ${JSON.stringify(value)}`).toBeDefined();
        expectStoredAsAccepted(
          CreateContactRequest,
          lead.contact,
          stored as Record<string, unknown>,
          `webhook lead with ${JSON.stringify(value)}`,
        );
      }
      expect(received.filter(({ mode }) => mode === 'accepted').length).toBeGreaterThan(hostileStrings.length * 0.9);
      expectNothingBroke();
    },
    loaded(120_000),
  );

  it(
    'POST /webhooks/leads accepts no forgery (fast-check: unsigned, another secret, tampered, out of window, malformed headers, replayed id)',
    async () => {
      const receive = route('POST', '/webhooks/leads');
      const id = 'msg_genuine_over_http';
      const body = JSON.stringify({ contact: { email: 'genuine.partner.lead@example.com' } });
      const at = new Date();
      const genuine = {
        rawBody: Buffer.from(body),
        headers: {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(stack.webhookSecret).sign(id, at, body),
        },
      };
      expect(
        (
          await send(stack, tally, {
            method: 'POST',
            url: `${receive.path}?source=demo-partner`,
            as: null,
            headers: { 'content-type': 'application/json', ...genuine.headers },
            body,
          })
        ).status,
      ).toBe(202);
      // The timestamp forgeries are signed for a time just outside the window as they are drawn; sent first, they
      // are still outside it when they arrive, however slowly a loaded machine gets through the other 300.
      const forged = fc
        .sample(forgedDeliveries(stack.webhookSecret, genuine), { numRuns: 300, seed })
        .sort((a, b) => Number(b.kind.startsWith('timestamp ')) - Number(a.kind.startsWith('timestamp ')));
      const refusedWith = new Set<number>();
      await inPool(forged, concurrency, async (forgery) => {
        const answer = await send(stack, tally, {
          method: 'POST',
          url: `${receive.path}?source=demo-partner`,
          as: null,
          headers: { 'content-type': 'application/json', ...forgery.headers },
          body: forgery.rawBody,
        });
        forgeries.tried += 1;
        forgeries.kinds.add(forgery.kind);
        if (answer.status < 400) forgeries.accepted += 1;
        refusedWith.add(answer.status);
      });
      expect(forgeries.accepted).toBe(0);
      expect([...refusedWith]).toEqual([401]);
      expect(forgeries.kinds.size).toBeGreaterThanOrEqual(10);
      const contacts = await contactsByEmail();
      expect(forged.filter((forgery) => contacts.has(forgery.email))).toEqual([]);
      expectNothingBroke();
    },
    loaded(120_000),
  );
});

/** A value as it travels in a URL: strings as they are, anything else as its JSON. */
const asUrlValue = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) ? value.map(asUrlValue).join(',') : JSON.stringify(value);

/**
 * Requests for `spec`. `derived`: BLNS strings (and valid values) in every string field of its path,
 * query and body, mostly refused by validation. `valid`: a valid request (real ids where known) with one
 * BLNS string in every field that accepts it, so the hostile value gets through to the domain.
 */
function requestsFor(spec: RouteSpec, mode: 'derived' | 'valid'): fc.Arbitrary<SentRequest & { values: unknown }> {
  const hostile = fc.constantFrom(...hostileStrings);
  const part = (schema: z.ZodType) =>
    mode === 'derived'
      ? arbitraryFor(schema)
      : fc
          .tuple(arbitraryFor(schema, { hostileWeight: 0 }), hostile)
          .map(([valid, value]) => withStringFields(schema, valid, value, 'accepted'));
  const pathShape = ((spec.request.path as z.ZodObject | undefined)?.shape ?? {}) as Record<string, z.ZodType>;
  const parameters = [...spec.path.matchAll(/\{(\w+)\+?\}/g)].map(([, name]) => name as string);
  const path = fc.record(
    Object.fromEntries(
      parameters.map((name) => {
        const derived = pathShape[name]
          ? arbitraryFor(pathShape[name], { hostileWeight: mode === 'derived' ? 2 : 0 })
          : hostile;
        const known = knownIds.get(name);
        return [
          name,
          known
            ? fc.oneof(
                { weight: mode === 'derived' ? 1 : 4, arbitrary: fc.constantFrom(...known) },
                { weight: 1, arbitrary: derived },
              )
            : derived,
        ];
      }),
    ),
  );
  const query = spec.request.query ? part(spec.request.query) : fc.constant(undefined);
  const bodySchema = spec.request.body ?? spec.request.formBody;
  const body = bodySchema
    ? part(bodySchema)
    : spec.method === 'GET' || spec.method === 'DELETE'
      ? fc.constant(undefined)
      : fc.record({ value: hostile });
  return fc
    .record({ path, query, body, urlEncoded: fc.boolean() })
    .map(({ path: values, query: queryValues, body: bodyValue, urlEncoded }) =>
      requestOf(spec, values, queryValues, bodyValue, urlEncoded),
    );
}

/** The request for `spec` with these path parameters, query and body (JSON, or a urlencoded form where the route takes one). */
function requestOf(
  spec: RouteSpec,
  values: Record<string, unknown>,
  queryValues: unknown,
  bodyValue: unknown,
  urlEncoded: boolean,
): SentRequest & { values: unknown } {
  const as = spec.access === 'public' ? null : ('admin' as const);
  const url = spec.path.replace(/\{(\w+)\+?\}/g, (_, name: string) => percentEncode(asUrlValue(values[name])));
  const queryString = Object.entries((queryValues ?? {}) as Record<string, unknown>)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(asUrlValue(value))}`)
    .join('&');
  const form = spec.request.formBody && urlEncoded && typeof bodyValue === 'object' && bodyValue !== null;
  return {
    method: spec.method,
    url: `${url}${queryString ? `?${queryString}` : ''}`,
    as,
    pageStatuses: pageStatusesOf(spec.responses),
    values: [values, queryValues, bodyValue],
    ...(bodyValue === undefined
      ? {}
      : form
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(
              Object.entries(bodyValue).map(([name, value]): [string, string] => [name, asUrlValue(value)]),
            ).toString(),
          }
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(bodyValue) }),
  };
}

describe('every route of the route table, with requests derived from its schemas', () => {
  it(
    `answers ${runsPerRoute} derived and ${runsPerRoute / 2} valid-but-hostile requests per route (fast-check, fixed seed) with 2xx-4xx only`,
    async () => {
      await learnKnownIds();
      const requests = httpRoutes.flatMap((spec, index) => [
        ...fc.sample(requestsFor(spec, 'derived'), { numRuns: runsPerRoute, seed: seed + index }),
        ...fc.sample(requestsFor(spec, 'valid'), { numRuns: runsPerRoute / 2, seed: seed + index }),
      ]);
      await settleSockets();
      await inPool(requests, concurrency, async ({ values, ...request }) => {
        tally.noteStrings(values);
        await send(stack, tally, request);
      });
      expectNothingBroke();
    },
    loaded(180_000),
  );

  it(
    'answers malformed JSON, the wrong content type, huge and deeply nested bodies, and broken percent-encoding with 4xx',
    async () => {
      const withBody = httpRoutes.filter((spec) => spec.request.body ?? spec.request.formBody);
      const concrete = (spec: RouteSpec) =>
        spec.path.replace(
          /\{(\w+)\+?\}/g,
          (_, name: string) => knownIds.get(name)?.[0] ?? '01JDEM0000000000000000000X',
        );
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const malformed = withBody.flatMap((spec) => {
        const as = spec.access === 'public' ? null : ('admin' as const);
        const json = { 'content-type': 'application/json' };
        const pageStatuses = pageStatusesOf(spec.responses);
        return [
          { method: spec.method, url: concrete(spec), as, pageStatuses, headers: json, body: '{"email": "a@b.c",' },
          { method: spec.method, url: concrete(spec), as, pageStatuses, headers: json, body: '\uFEFF{}' },
          {
            method: spec.method,
            url: concrete(spec),
            as,
            pageStatuses,
            headers: { 'content-type': 'text/plain' },
            body: '{}',
          },
          {
            method: spec.method,
            url: concrete(spec),
            as,
            pageStatuses,
            headers: { 'content-type': 'application/xml' },
            body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]><x>&x;</x>',
          },
          {
            method: spec.method,
            url: concrete(spec),
            as,
            pageStatuses,
            headers: json,
            body: JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }),
          },
          { method: spec.method, url: concrete(spec), as, pageStatuses, headers: json, body: deep },
          {
            method: spec.method,
            url: concrete(spec),
            as,
            pageStatuses,
            headers: json,
            body: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
          },
          {
            method: spec.method,
            url: concrete(spec),
            as,
            pageStatuses,
            headers: json,
            body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
          },
        ];
      });
      const brokenEncoding = httpRoutes
        .filter((spec) => spec.path.includes('{') || spec.request.query)
        .flatMap((spec) => [
          {
            method: spec.method,
            url: `${spec.path.replace(/\{(\w+)\+?\}/g, '%E0%A4%A')}?x=%ZZ&${'a=1&'.repeat(2_000)}`,
            as: spec.access === 'public' ? null : ('admin' as const),
            pageStatuses: pageStatusesOf(spec.responses),
          },
          {
            method: spec.method,
            url: spec.path.replace(/\{(\w+)\+?\}/g, '%00%C0%AF..%2F..%2Fetc%2Fpasswd'),
            as: spec.access === 'public' ? null : ('admin' as const),
          },
        ]);
      await inPool(
        [...malformed, ...brokenEncoding],
        concurrency,
        async (request) => void (await send(stack, tally, request)),
      );
      expectNothingBroke();
    },
    loaded(120_000),
  );
});

describe('names that JavaScript objects already have, in every id and key position', () => {
  it(
    'answers every route with each built-in name as every path parameter, query id, body id and record key with 2xx-4xx only, and reads back the keys it accepted',
    async () => {
      await learnKnownIds();
      const { json: contact } = await stack.api('POST', '/contacts', { email: 'built.in.timeline@example.com' });
      // Valid bodies for the routes that store maps, so the names surely reach a record and can be read back.
      const fixtures = new Map<string, (index: number) => unknown>([
        ['POST /contacts', (i) => ({ email: `built.in.${i}@example.com`, customFields: { plan: 'growth' } })],
        ['POST /companies', () => ({ name: 'Built-in names', customFields: { tier: 'gold' } })],
        ['POST /activities', () => ({ type: 'note', contactId: contact.id, details: { channel: 'phone' } })],
        ['POST /forms', () => ({ name: 'Built-in names', fieldMapping: { email: 'email', plan: 'custom.plan' } })],
      ]);
      const requests = httpRoutes.flatMap((spec, index) => {
        const parameters = [...spec.path.matchAll(/\{(\w+)\+?\}/g)].map(([, name]) => name as string);
        const bodySchema = spec.request.body ?? spec.request.formBody;
        const validOf = (schema: z.ZodType | undefined) =>
          schema
            ? fc.sample(arbitraryFor(schema, { hostileWeight: 0 }), { numRuns: 1, seed: seed + index })[0]
            : undefined;
        const [validQuery, validBody] = [validOf(spec.request.query), validOf(bodySchema)];
        // The name as the id itself; and, where real ids are known, as a key or id inside a request for a real record.
        const pathsFor = (name: string) => [
          Object.fromEntries(parameters.map((parameter) => [parameter, name])),
          ...(parameters.length && parameters.every((parameter) => knownIds.has(parameter))
            ? [Object.fromEntries(parameters.map((parameter) => [parameter, knownIds.get(parameter)?.[0]]))]
            : []),
        ];
        const fixture = fixtures.get(`${spec.method} ${spec.path}`);
        return builtInNames.flatMap((name, nameIndex) =>
          pathsFor(name).map((values) => ({
            spec,
            request: requestOf(
              spec,
              values,
              spec.request.query ? withStringFields(spec.request.query, validQuery, name, 'accepted') : undefined,
              bodySchema
                ? withStringFields(bodySchema, fixture?.(nameIndex) ?? validBody, name, 'accepted')
                : undefined,
              false,
            ),
          })),
        );
      });
      await settleSockets();
      await inPool(requests, concurrency, async ({ spec, request: { values, ...request } }) => {
        tally.noteStrings(values);
        const answer = await send(stack, tally, request);
        const bodySchema = spec.request.body;
        if (!bodySchema || answer.status >= 300 || !request.body) return;
        // Where a record was accepted, read it back: every key it sent is there with its value (null removes one).
        const recordFields = recordFieldsOf(bodySchema);
        if (!recordFields.length) return;
        // A created record is read at its own path; a replaced or patched one where it was written.
        const created = (answer.json as { id?: unknown } | undefined)?.id;
        const path = request.url.split('?')[0] as string;
        const readsAt = (pattern: string) =>
          httpRoutes.some((candidate) => candidate.method === 'GET' && candidate.path === pattern);
        const readUrl =
          spec.method === 'POST'
            ? typeof created === 'string' &&
              httpRoutes.some(
                (candidate) =>
                  candidate.method === 'GET' && new RegExp(`^${spec.path}/\\{\\w+\\}$`).test(candidate.path),
              )
              ? `${path}/${created}`
              : undefined
            : readsAt(spec.path)
              ? path
              : undefined;
        if (!readUrl) return;
        const { json: stored } = await stack.api('GET', readUrl);
        const accepted = bodySchema.safeParse(JSON.parse(request.body as string));
        if (!accepted.success) return;
        for (const field of recordFields) {
          const sent = (accepted.data as Record<string, Record<string, unknown> | undefined>)[field];
          // Only the built-in names are checked here: other keys and their values are the BLNS tests' business.
          for (const [key, value] of Object.entries(sent ?? {}).filter(([name]) => builtInNames.includes(name))) {
            const kept = (stored as Record<string, Record<string, unknown>>)[field];
            if (value === null) expect(Object.hasOwn(kept ?? {}, key), `${readUrl} ${field}.${key}`).toBe(false);
            else
              expect(kept && Object.hasOwn(kept, key) ? kept[key] : undefined, `${readUrl} ${field}.${key}`).toEqual(
                value,
              );
            if (value !== null) builtInKeysReadBack.add(`${spec.method} ${spec.path} ${field}.${key}`);
          }
        }
      });
      // Every name a custom-field, detail or field-mapping key may be (a letter first) was stored and read back.
      const nameable = builtInNames.filter((name) => /^[a-zA-Z]/.test(name));
      for (const where of ['POST /contacts customFields', 'POST /activities details', 'POST /forms fieldMapping'])
        expect(
          nameable.filter((name) => !builtInKeysReadBack.has(`${where}.${name}`)),
          where,
        ).toEqual([]);
      expectNothingBroke();
    },
    loaded(180_000),
  );
});

describe('hostile request headers', () => {
  it('answers BLNS strings in If-Match, Idempotency-Key, Origin, Cookie and User-Agent on every route with 2xx-4xx only', async () => {
    await learnKnownIds();
    // Header values must be visible ASCII; the rest of BLNS cannot be sent in a header at all.
    const sendable = hostileStrings.filter((value) => /^[\x20-\x7e]+$/.test(value) && value.trim() === value);
    const requests = httpRoutes.flatMap((spec, index) =>
      [0, 1, 2, 3].map((offset) => {
        const value = sendable[(index * 4 + offset) % sendable.length] as string;
        tally.noteStrings(value);
        return {
          method: spec.method,
          url: spec.path.replace(
            /\{(\w+)\+?\}/g,
            (_, name: string) => knownIds.get(name)?.[0] ?? '01JDEM0000000000000000000X',
          ),
          as: spec.access === 'public' ? null : ('admin' as const),
          pageStatuses: pageStatusesOf(spec.responses),
          headers: {
            'if-match': value,
            'if-none-match': value,
            'idempotency-key': value,
            origin: value,
            cookie: value,
            'user-agent': value,
            ...(spec.method === 'GET' ? {} : { 'content-type': 'application/json' }),
          },
          ...(spec.method === 'GET' ? {} : { body: '{}' }),
        };
      }),
    );
    await inPool(requests, concurrency, async (request) => void (await send(stack, tally, request)));
    expectNothingBroke();
  }, 60_000);
});

describe('after the hostile requests', () => {
  it('parks nothing: once events and workflows settle, no dead letter, failed timer or failed execution', async () => {
    // The bus and workflows run after the answers; wait (bounded) until no new event appears for a while.
    const eventCount = async () =>
      ((await (await fetch(`${stack.apiUrl}/_local/events`)).json()) as { events: unknown[] }).events.length;
    for (
      let last = -1, now = await eventCount(), deadline = Date.now() + 30_000;
      now !== last && Date.now() < deadline;
    ) {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      [last, now] = [now, await eventCount()];
    }
    const parked = (await (await fetch(`${stack.apiUrl}/_local/dead-letters`)).json()) as { count: number };
    expect(parked).toMatchObject({ count: 0 });
    expectNothingBroke();
  }, 60_000);
});
