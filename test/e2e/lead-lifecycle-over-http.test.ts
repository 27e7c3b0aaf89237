import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../local/seed.ts';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

interface BusEvent {
  'detail-type': string;
  time: string;
  detail: {
    id: string;
    occurredAt: string;
    contactId?: string;
    ownerId?: string;
    reason?: string;
    campaignId?: string;
    submissionId?: string;
  };
}
interface OutboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text: string };
}

let stack: RunningStack;
let formId: string;
const nurtureCampaignId = '01JCAMPA1GN0000000000000Q4';
// The 4-hour lead SLA passes in one second.
beforeAll(async () => {
  stack = await startLocalStack(['--seed', '--time-scale', '14400']);
  const form = await stack.api(
    'POST',
    '/forms',
    {
      name: 'Pricing page',
      fieldMapping: { email: 'email', role: 'jobTitle', country: 'country' },
      minFillSeconds: 0,
      // The burst test sends 18 leads from one address; the default limit (20 per 10 min) is for people.
      rateLimit: { requests: 100, windowSeconds: 600 },
      campaignId: nurtureCampaignId,
    },
    { as: 'marketing' },
  );
  expect(form.status).toBe(201);
  formId = form.json.id;
}, 60_000);
afterAll(async () => void (await stack?.stop()));

const submit = (fields: Record<string, string>) =>
  fetch(`${stack.apiUrl}/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });
const eventsAbout = async (contactId: string) =>
  ((await stack.api('GET', '/_local/events', undefined, { as: null })).json.events as BusEvent[]).filter(
    (event) => event.detail.contactId === contactId,
  );
const outbox = async () => ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;
const contactIdOf = async (email: string) =>
  eventually(
    async () =>
      ((await stack.api('GET', '/contacts?limit=100')).json.items as { id: string; email: string }[]).find(
        (c) => c.email === email,
      )?.id,
    Boolean,
  );
const reps: Record<string, string> = { [demoIds.ada]: 'ada@relay.example', [demoIds.grace]: 'grace@relay.example' };

describe('the lead lifecycle on the local stack', () => {
  it('scores a qualifying lead, assigns it, emails the owner, then reassigns it when untouched past the SLA', async () => {
    expect((await submit({ email: 'head.sales@bigco.example', role: 'Head of Sales', country: 'DE' })).status).toBe(
      202,
    );
    const contactId = (await contactIdOf('head.sales@bigco.example')) as string;

    const events = await eventually(
      () => eventsAbout(contactId),
      (list) => list.some((e) => e['detail-type'] === 'Lead Assigned'),
    );
    const lifecycle = events.filter((e) => e['detail-type'].startsWith('Lead '));
    expect(lifecycle.slice(0, 4).map((e) => e['detail-type'])).toEqual([
      'Lead Received',
      'Lead Scored',
      'Lead Qualified',
      'Lead Assigned',
    ]);
    const firstOwner = lifecycle[3]?.detail.ownerId as string;
    expect(Object.keys(reps)).toContain(firstOwner);

    const contact = (await stack.api('GET', `/contacts/${contactId}`)).json;
    expect(contact).toMatchObject({
      lifecycleStage: 'mql',
      leadScore: { total: 45, fit: 30, grade: 'B' },
      assignment: { strategy: 'round-robin', teamId: demoIds.team },
    });
    const score = (await stack.api('GET', `/contacts/${contactId}/score`)).json;
    expect(score.explanation.map((line: { ruleId: string }) => line.ruleId)).toEqual([
      'head-of',
      'business-email',
      'form',
    ]);

    const mails = await eventually(outbox, (list) =>
      list.some((mail) => mail.destination.to[0] === reps[firstOwner] && mail.subject.includes('New lead')),
    );
    expect(mails.find((mail) => mail.destination.to[0] === reps[firstOwner])?.body.text).toContain(
      'head.sales@bigco.example',
    );

    // The owner's email is out while NotifyOwner may still be setting the timer, so wait for the execution's end.
    const execution = await eventually(
      async () =>
        (
          (await stack.api('GET', '/_local/executions', undefined, { as: null })).json.executions as {
            workflow: string;
            status: string;
            input: BusEvent;
          }[]
        ).find((e) => e.workflow === 'lead-lifecycle' && e.input.detail.contactId === contactId),
      (found) => found?.status !== 'RUNNING',
    );
    expect(execution?.status).toBe('SUCCEEDED');

    // Nobody touched it: one (time-scaled) SLA later it moves to the other rep, and the manager hears of it.
    const reassigned = await eventually(
      () => eventsAbout(contactId),
      (list) => list.some((e) => e['detail-type'] === 'Lead Assigned' && e.detail.reason === 'sla-reassignment'),
      15_000,
    );
    const second = reassigned.find((e) => e.detail.reason === 'sla-reassignment');
    expect(second?.detail.ownerId).not.toBe(firstOwner);
    const after = await eventually(outbox, (list) =>
      list.some((mail) => mail.destination.to[0] === 'margaret@relay.example'),
    );
    expect(after.find((mail) => mail.destination.to[0] === 'margaret@relay.example')?.subject).toContain(
      'Untouched lead',
    );
    const timers = await eventually(
      async () =>
        (
          (await stack.api('GET', '/_local/timers', undefined, { as: null })).json.timers as {
            target: string;
            status: string;
            payload: { contactId: string };
          }[]
        ).filter((t) => t.payload.contactId === contactId),
      (mine) => mine.every((t) => t.status !== 'scheduled'),
    );
    expect(timers).toMatchObject([{ target: 'lead-sla-check', status: 'fired' }]);
  }, 40_000);

  it('hands a lead below MQL to its form’s nurture campaign, and rescores on tracked engagement', async () => {
    expect((await submit({ email: 'curious.student@gmail.com', role: 'Student' })).status).toBe(202);
    const contactId = (await contactIdOf('curious.student@gmail.com')) as string;
    const events = await eventually(
      () => eventsAbout(contactId),
      (list) => list.some((e) => e['detail-type'] === 'Campaign Enrollment Requested'),
    );
    expect(events.find((e) => e['detail-type'] === 'Campaign Enrollment Requested')?.detail.campaignId).toBe(
      nurtureCampaignId,
    );
    expect(events.some((e) => e['detail-type'] === 'Lead Assigned')).toBe(false);

    const tracked = await stack.api(
      'POST',
      '/track',
      {
        email: 'curious.student@gmail.com',
        kind: 'page_viewed',
        name: 'pricing',
        url: 'https://relay.example/pricing',
      },
      { as: 'marketing' },
    );
    expect(tracked.status).toBe(202);
    const rescored = await eventually(
      () => eventsAbout(contactId),
      (list) => list.filter((e) => e['detail-type'] === 'Lead Scored').length === 2,
    );
    expect(
      rescored.filter((e) => e['detail-type'] === 'Lead Scored').map((e) => (e.detail as { score?: number }).score),
    ).toEqual([10, 20]);
  }, 30_000);

  it('three people each submitting six times at once with different fields: no execution fails, nothing is parked, every submission is in the score', async () => {
    const people = ['burst.one@bigco.example', 'burst.two@bigco.example', 'burst.three@bigco.example'];
    const variants: Record<string, string>[] = [
      { role: 'Analyst' },
      { country: 'DE' },
      { role: 'Senior analyst', country: 'AT' },
      { country: 'FR' },
      { role: 'Analyst II' },
      { role: 'Lead analyst', country: 'NL' },
    ];
    const answers = await Promise.all(
      people.flatMap((email) => variants.map((fields) => submit({ email, ...fields }))),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 202));
    for (const email of people) {
      const contactId = (await contactIdOf(email)) as string;
      const executions = await eventually(
        async () =>
          (
            (await stack.api('GET', '/_local/executions', undefined, { as: null })).json.executions as {
              workflow: string;
              status: string;
              error?: string;
              input: BusEvent;
            }[]
          ).filter((e) => e.workflow === 'lead-lifecycle' && e.input.detail.contactId === contactId),
        // One per submission, counted by submission: the test mode delivers some Lead Received twice, so
        // six executions can be five submissions and a redelivery while the sixth has not started yet.
        (mine) =>
          new Set(mine.map((e) => e.input.detail.submissionId ?? e.input.detail.id)).size >= variants.length &&
          mine.every((e) => e.status !== 'RUNNING'),
        60_000,
      );
      expect(executions.length).toBeGreaterThanOrEqual(variants.length);
      expect(executions.map((e) => `${e.status} ${e.error ?? ''}`.trim())).toEqual(executions.map(() => 'SUCCEEDED'));
      const contact = (await stack.api('GET', `/contacts/${contactId}`)).json;
      const forms = contact.leadScore.explanation.find((line: { ruleId: string }) => line.ruleId === 'form');
      expect(forms?.occurrences).toBe(variants.length);
      const parked = (await stack.api('GET', '/_local/dead-letters', undefined, { as: null })).json;
      expect(JSON.stringify(parked)).not.toContain(contactId);
    }
  }, 120_000);

  it('refuses a scoring model with clear errors, and a sales rep may not change it', async () => {
    const current = await stack.api('GET', '/scoring-model');
    expect(current.status).toBe(200);
    const invalid = await stack.api(
      'PUT',
      '/scoring-model',
      { ...stripStored(current.json), stages: { lead: 50, mql: 40, sql: 90 } },
      { as: 'marketing', headers: { 'if-match': current.headers.get('etag') ?? '' } },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(invalid.json.errors)).toContain('stage thresholds must increase');
    expect((await stack.api('PUT', '/scoring-model', stripStored(current.json), { as: 'salesAda' })).status).toBe(403);
    const stale = await stack.api('PUT', '/scoring-model', stripStored(current.json), {
      as: 'marketing',
      headers: { 'if-match': '"999"' },
    });
    expect(stale.status).toBe(412);
  });
});

function stripStored(model: Record<string, unknown>) {
  const { id: _id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...input } = model;
  return input;
}
