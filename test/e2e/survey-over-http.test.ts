import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '#infra/paths.ts';
import { eventually } from '../support/eventually.ts';
import { publishedSchemaErrors } from '../support/event-validator.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

interface OutboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text: string };
}
interface BusEvent {
  source: string;
  'detail-type': string;
  detail: Record<string, unknown>;
}

const execFileAsync = promisify(execFile);
let stack: RunningStack;
// A virtual day passes in half a second.
beforeAll(async () => {
  stack = await startLocalStack(['--time-scale', '172800']);
}, 60_000);
afterAll(async () => void (await stack?.stop()));

const outbox = async () => ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;
const busEvents = async () =>
  ((await (await fetch(`${stack.apiUrl}/_local/events`)).json()) as { events: BusEvent[] }).events;

describe('a post-sale survey on the local stack, time-scaled', () => {
  it('a deal marked Won → the survey email a day later → a detractor click → a follow-up task for the owner and Survey Response Received', async () => {
    const survey = await stack.api(
      'POST',
      '/surveys',
      {
        name: 'NPS after purchase',
        kind: 'nps',
        question: 'How likely are you to recommend Relay?',
        delay: { days: 1 },
        reviewUrl: 'https://reviews.example/relay',
      },
      { as: 'marketing' },
    );
    expect(survey.status, JSON.stringify(survey.json)).toBe(201);
    expect(survey.json).toMatchObject({
      trigger: 'Deal Won',
      status: 'active',
      reminder: { afterDays: 3 },
      expiresAfterDays: 14,
    });
    const owner = await stack.api('POST', '/owners', { name: 'Nora Owner', email: 'nora@relay.example' });
    const contact = await stack.api('POST', '/contacts', {
      email: 'kim@customer.example',
      firstName: 'Kim',
      ownerId: owner.json.id,
    });
    const pipeline = await stack.api('POST', '/pipelines', {
      name: 'Sales',
      stages: [
        { id: 'proposal', name: 'Proposal', probability: 0.5 },
        { id: 'won', name: 'Won', probability: 1, kind: 'won' },
        { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
      ],
    });
    const deal = await stack.api('POST', '/deals', {
      name: 'Kim’s licence',
      pipelineId: pipeline.json.id,
      amount: 12000,
      contactId: contact.json.id,
      ownerId: owner.json.id,
    });
    expect(deal.status, JSON.stringify(deal.json)).toBe(201);
    const won = Date.now();
    expect((await stack.api('POST', `/deals/${deal.json.id}/stage`, { stageId: 'won' })).status).toBe(200);

    const invite = await eventually(
      async () => (await outbox()).find((mail) => mail.destination.to[0] === 'kim@customer.example'),
      Boolean,
      15_000,
    );
    expect(Date.now() - won).toBeGreaterThanOrEqual(400); // one virtual day
    expect(invite?.subject).toBe('How likely are you to recommend Relay?');
    const link = /^2: (\S+)$/m.exec(invite?.body.text ?? '')?.[1] ?? '';
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Your score of 2 is recorded.');
    expect(html).toContain('What is the main reason for your score?');
    // The owner's follow-up task appears at once; the comment, written a moment later, is added to it.
    const openTasks = async () =>
      (await stack.api('GET', `/activities?openTasksOf=${owner.json.id}`)).json.items as {
        id: string;
        subject: string;
        body?: string;
      }[];
    await eventually(openTasks, (items) => items.length === 1, 15_000);
    // The comment form posts back to the same link; a tampered link is refused.
    const commented = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'comment=Onboarding+was+confusing',
    });
    expect(await commented.text()).toContain('Your answer and comment are recorded.');
    expect((await fetch(link.replace(/token=([^&]{4})/, 'token=AAAA'))).status).toBe(400);

    const received = await eventually(
      async () => (await busEvents()).find((event) => event['detail-type'] === 'Survey Response Received'),
      Boolean,
      15_000,
    );
    expect(received?.detail).toMatchObject({
      surveyId: survey.json.id,
      contactId: contact.json.id,
      dealId: deal.json.id,
      score: 2,
      category: 'detractor',
      late: false,
    });
    expect(await openTasks()).toEqual([
      expect.objectContaining({
        type: 'task',
        contactId: contact.json.id,
        subject: 'Call Kim: NPS 2',
        body: 'They wrote: Onboarding was confusing',
      }),
    ]);
    expect((await outbox()).map((mail) => mail.subject)).toContain('Detractor: Kim scored 2');
    // The answers list the detractor with the follow-up task their owner was given, as it is now.
    const responses = async () => (await stack.api('GET', `/surveys/${survey.json.id}/responses`)).json.items;
    const [task] = await openTasks();
    expect(await responses()).toEqual([
      expect.objectContaining({
        score: 2,
        comment: 'Onboarding was confusing',
        followUpTask: expect.objectContaining({ id: task?.id, subject: 'Call Kim: NPS 2' }),
      }),
    ]);
    // The task as it is now: open, then done once the owner marks it so.
    expect((await responses())[0].followUpTask.done).toBe(false);
    expect((await stack.api('PATCH', `/activities/${task?.id}`, { done: true })).status).toBe(200);
    expect((await responses())[0].followUpTask.done).toBe(true);

    // Every event that crossed the bus validates against the JSON Schema published for it.
    const events = await busEvents();
    expect(events.flatMap(publishedSchemaErrors)).toEqual([]);
    expect(events.map((event) => event['detail-type'])).toEqual(
      expect.arrayContaining([
        'Contact Created',
        'Deal Stage Changed',
        'Deal Won',
        'Survey Sent',
        'Engagement Tracked',
        'Survey Response Received',
      ]),
    );

    const today = new Date().toISOString().slice(0, 10);
    const kpis = await stack.api('GET', `/reports/kpis?from=${today}&to=${today}`);
    expect(kpis.json).toMatchObject({
      newCustomers: 1,
      nps: { score: -100, responses: 1, detractors: 1 },
      revenue: { newBusiness: { EUR: 12000 } },
    });
    // The survey's own score, day by day, from the same day aggregates.
    const surveyKpis = await stack.api('GET', `/reports/kpis?from=${today}&to=${today}&surveyId=${survey.json.id}`);
    expect(surveyKpis.json.survey).toEqual({
      surveyId: survey.json.id,
      kind: 'nps',
      responses: 1,
      promoters: 0,
      passives: 0,
      detractors: 1,
      average: 2,
      score: -100,
      series: [{ day: today, responses: 1, promoters: 0, passives: 0, detractors: 1, average: 2, score: -100 }],
    });
    // The CLI prints the same figures, and its rebuild (reading the local table) agrees with the live aggregates.
    const report = (...args: string[]) =>
      execFileAsync(process.execPath, ['--import', 'tsx', 'cli/report.ts', ...args, '--api', stack.apiUrl], {
        cwd: repositoryRoot,
      });
    expect((await report('kpis', '--from', today, '--to', today)).stdout).toMatch(
      /NPS\s+-100 \(1 answer: 0 promoters, 1 detractors\)/,
    );
    expect((await report('rebuild')).stdout).toContain('The live aggregates agree with it.');
  }, 60_000);
});
