import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

interface OutboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text: string };
}
interface StepNumbers {
  stepId: string;
  entered: number;
  waiting: number;
  sent: number;
  opened: number;
  clicked: number;
  completed: number;
  converted: number;
  exited: Record<string, number>;
  variants: { variantId: string; sent: number }[];
}

let stack: RunningStack;
let campaignId: string;
let formId: string;
// Two virtual days pass in four seconds; the stack delivers events, timers and workflow starts at least once.
beforeAll(async () => {
  stack = await startLocalStack(['--time-scale', '43200']);
  const campaign = await stack.api(
    'POST',
    '/campaigns',
    aNurtureJourney({
      name: 'Numbers on every step',
      sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 },
    }),
    { as: 'marketing' },
  );
  expect(campaign.status, JSON.stringify(campaign.json)).toBe(201);
  campaignId = campaign.json.id;
  expect((await stack.api('POST', `/campaigns/${campaignId}/publish`, undefined, { as: 'marketing' })).status).toBe(
    200,
  );
  const form = await stack.api(
    'POST',
    '/forms',
    {
      name: 'Numbers guide',
      fieldMapping: { email: 'email', name: 'firstName' },
      minFillSeconds: 0,
      consent: { text: 'Send me the guide and related tips.', version: 'v1' },
      campaignId,
    },
    { as: 'marketing' },
  );
  formId = form.json.id;
}, 60_000);
afterAll(async () => void (await stack?.stop()));

const outbox = async () => ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;
const mailTo = async (email: string) => (await outbox()).filter((mail) => mail.destination.to[0] === email);
const stats = async (as: 'marketing' | 'salesAda' = 'marketing') => {
  const response = await stack.api('GET', `/campaigns/${campaignId}/versions/1?stats=true`, undefined, { as });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json.stats as { steps: StepNumbers[]; totals: Record<string, unknown>; countsWholeVersion: boolean };
};
const step = (numbers: { steps: StepNumbers[] }, id: string) => numbers.steps.find((s) => s.stepId === id)!;
const emailEvent = async (messageKey: string, type: string, extra: Record<string, string> = {}) =>
  (
    await fetch(`${stack.apiUrl}/_local/email-events`, {
      method: 'POST',
      body: JSON.stringify({ messageKey, type, ...extra }),
    })
  ).json() as Promise<{ recorded: boolean }>;

describe('live numbers on every step, and a campaign’s results, over HTTP on the time-scaled stack', () => {
  it('counts six contacts through a journey once each, whatever is delivered twice', async () => {
    const people = ['olga', 'ivan', 'lea', 'bo', 'ana', 'cy'];
    for (const name of people) {
      const submitted = await fetch(`${stack.apiUrl}/forms/${formId}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${name}@numbers.example`, name }),
      });
      expect(submitted.status).toBe(202);
    }
    await eventually(
      async () => (await outbox()).filter((mail) => mail.subject.startsWith('Welcome')).length,
      (n) => n === people.length,
      20_000,
    );
    const contacts = (await stack.api('GET', '/contacts?limit=100')).json.items as { id: string; email: string }[];
    const idOf = (name: string) => contacts.find((contact) => contact.email === `${name}@numbers.example`)!.id;
    const welcomeOf = (name: string) => `campaign:${campaignId}:${idOf(name)}:1:welcome`;

    // Everyone got the welcome and sleeps in the two-day wait; sales reps may read the numbers too.
    const waiting = await eventually(
      () => stats('salesAda'),
      (numbers) => step(numbers, 'two-days').waiting === people.length,
      15_000,
    );
    expect(waiting.countsWholeVersion).toBe(true);
    expect(step(waiting, 'welcome')).toMatchObject({ entered: 6, waiting: 0, sent: 6 });

    // Olga opens the welcome (SES reports it again) and clicks; Bo's bounces; Lea unsubscribes.
    expect(await emailEvent(welcomeOf('olga'), 'open')).toEqual({ recorded: true });
    expect(await emailEvent(welcomeOf('olga'), 'open')).toEqual({ recorded: false });
    expect(await emailEvent(welcomeOf('olga'), 'click')).toEqual({ recorded: true });
    expect(await emailEvent(welcomeOf('bo'), 'bounce', { bounceType: 'Permanent' })).toEqual({ recorded: true });
    const link = /Unsubscribe: (\S+)/.exec((await mailTo('lea@numbers.example'))[0]?.body.text ?? '')?.[1] as string;
    const unsubscribed = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);
    expect(step(await stats(), 'welcome')).toMatchObject({ opened: 1, clicked: 1 });

    // Two virtual days later every journey has ended.
    const done = await eventually(
      stats,
      (numbers) => numbers.totals.waiting === 0 && step(numbers, 'converted').completed === 4,
      30_000,
    );
    expect(step(done, 'welcome')).toMatchObject({ entered: 6, waiting: 0, sent: 6, opened: 1, clicked: 1 });
    expect(step(done, 'two-days')).toMatchObject({
      entered: 6,
      waiting: 0,
      exited: expect.objectContaining({ unsubscribed: 1, bounced: 1 }),
    });
    expect(step(done, 'opened-welcome')).toMatchObject({ entered: 4, waiting: 0 });
    expect(step(done, 'case-study')).toMatchObject({ entered: 1, waiting: 0, sent: 1 });
    expect(step(done, 'case-study').variants.reduce((sum, variant) => sum + variant.sent, 0)).toBe(1);
    expect(step(done, 'reminder')).toMatchObject({ entered: 3, waiting: 0, sent: 3 });
    expect(step(done, 'converted')).toMatchObject({ entered: 4, waiting: 0, completed: 4, converted: 0 });
    expect(done.totals).toMatchObject({ enrolled: 6, waiting: 0, sent: 10, opened: 1, clicked: 1, completed: 4 });
    expect((await outbox()).length).toBe(10);

    // A late repeat of an open changes nothing; the delivery report says the stack did deliver some things twice.
    expect(await emailEvent(welcomeOf('olga'), 'open')).toEqual({ recorded: false });
    expect((await stats()).steps).toEqual(done.steps);
    const deliveries = (await stack.api('GET', '/_local/deliveries', undefined, { as: null })).json;
    expect(deliveries.mode).toBe('at-least-once');
    // Of the run's ~100 event, timer and workflow deliveries, one in ten went twice (0 of 100 has odds of 3e-5).
    const { events, timers, executions } = deliveries.duplicates as Record<string, number>;
    expect(events! + timers! + executions!).toBeGreaterThan(0);

    // The campaign's results, day by day (the journey's own virtual days), from the same events.
    const today = new Date();
    const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const results = await eventually(
      async () => (await stack.api('GET', `/reports/kpis?from=${day(-1)}&to=${day(5)}&campaignId=${campaignId}`)).json,
      (report) => report.campaign?.totals.sent === 10 && report.campaign.totals.unsubscribed === 1,
      15_000,
    );
    expect(results.campaign.totals).toMatchObject({
      sent: 10,
      opened: 1,
      clicked: 1,
      replied: 0,
      converted: 0,
      unsubscribed: 1,
      bounced: 1,
      complained: 0,
    });
    expect(results.campaign.series.map((point: { sent: number }) => point.sent)).toEqual([6, 4]);
  }, 120_000);

  it('answers 400 for a stats flag or campaign id it cannot read, and 404 for a version that does not exist', async () => {
    expect((await stack.api('GET', `/campaigns/${campaignId}/versions/1?stats=yes`)).status).toBe(400);
    const missing = await stack.api('GET', `/campaigns/${campaignId}/versions/9?stats=true`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const plain = await stack.api('GET', `/campaigns/${campaignId}/versions/1`);
    expect(plain.status).toBe(200);
    expect(plain.json).not.toHaveProperty('stats');
    const badCampaign = await stack.api('GET', '/reports/kpis?from=2026-11-01&to=2026-11-30&campaignId=nope');
    expect(badCampaign.status).toBe(400);
    expect(badCampaign.json.errors).toEqual([expect.objectContaining({ pointer: '/campaignId' })]);
    expect(
      (await stack.api('GET', '/reports/kpis?from=2026-11-01&to=2026-11-30&campaignId=01JAAAAAAAAAAAAAAAAAAAAAAA'))
        .status,
    ).toBe(404);
    expect(
      (await stack.api('GET', `/campaigns/${campaignId}/versions/1?stats=true`, undefined, { as: null })).status,
    ).toBe(401);
  });
});
