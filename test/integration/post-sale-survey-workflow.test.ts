import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { appSecrets } from '#functions/secrets.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import { ValidationFailed } from '#shared/errors.ts';
import { createOwner } from '#shared/owners/owner.service.ts';
import { answerSurvey, type SurveyAnswerDeps } from '#shared/surveys/survey-answer.service.ts';
import { readSurveyToken } from '#shared/surveys/survey-link.ts';
import { createSurvey, updateSurvey } from '#shared/surveys/survey.service.ts';
import { CreateSurveyRequest, Survey, type SurveyTrigger } from '#shared/surveys/survey.schema.ts';
import { postSaleSurveyWorkflow } from '#workflows/post-sale-survey.ts';
import { LocalStepFunctions } from '../../local/step-functions.ts';
import { aContactRequest, anAdmin, anOwnerRequest } from '../support/builders.ts';
import { eventually } from '../support/eventually.ts';
import { createTestTable } from '../support/test-table.ts';

const workflow = postSaleSurveyWorkflow();
// One virtual day passes in 200 ms: the 14-day survey window is under 3 s.
const timeScale = 86_400 * 5;
const ses = mockClient(SESv2Client);
let deps: Dependencies;
let answering: SurveyAnswerDeps;
let runner: LocalStepFunctions;

beforeAll(async () => {
  const table = await createTestTable();
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  process.env.RELAY_APP_SECRETS = JSON.stringify({ masterKey: 'survey-test-master-key-0123456789abcdef' });
  process.env.PUBLIC_API_URL = 'https://api.relay.example';
  deps = buildDependencies(table, systemContext);
  runner = new LocalStepFunctions([workflow], timeScale);
  answering = {
    ...deps,
    callbacks: { resume: async (token, output) => (runner.sendTaskSuccess(token, output) ? 'resumed' : 'gone') },
    surveyKey: (await appSecrets()).surveyKey,
  };
});
beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});
afterAll(async () => {
  await runner.stop();
  ses.restore();
});

const mailsTo = (address: string) =>
  ses
    .commandCalls(SendEmailCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.Destination?.ToAddresses?.[0] === address);
const linkFor = (text: string, score: number) =>
  new URL(new RegExp(`^${score}: (\\S+)$`, 'm').exec(text)?.[1] ?? 'https://missing.example');

let surveyTrigger = 0;
/** A survey on its own trigger (one active survey per trigger), and a contact owned by a rep. */
async function setUp(overrides: Record<string, unknown> = {}) {
  const trigger: SurveyTrigger = (['Deal Won', 'Deal Lost'] as const)[surveyTrigger++ % 2] ?? 'Deal Won';
  const active = await deps.surveys.activeFor(trigger);
  if (active) await updateSurvey(deps, active, { status: 'paused' });
  const survey = await createSurvey(
    deps,
    CreateSurveyRequest.parse({
      name: `NPS ${trigger}`,
      kind: 'nps',
      question: 'How likely are you to recommend us?',
      trigger,
      delay: { days: 1 },
      reminder: { afterDays: 3 },
      expiresAfterDays: 14,
      reviewUrl: 'https://reviews.example/relay',
      ...overrides,
    }),
  );
  const owner = await createOwner(deps, anOwnerRequest({ name: 'Ada Owner' }));
  const contact = await createContact(deps, aContactRequest({ firstName: 'Kim', ownerId: owner.id }), anAdmin());
  const event = {
    version: '0',
    id: `eb-${contact.id}`,
    'detail-type': trigger,
    source: 'relay.deals',
    detail: {
      id: `01DEALEVENT${contact.id.slice(-15)}`,
      occurredAt: new Date().toISOString(),
      version: 1,
      dealId: `01DEAL${contact.id.slice(-20)}`,
      pipelineId: 'p',
      amount: 1000,
      currency: 'EUR',
      dealType: 'new_business',
      contactId: contact.id,
      ownerId: owner.id,
    },
  };
  return { survey, owner, contact, start: () => runner.start(workflow.name, event).executionArn };
}

describe('post-sale-survey workflow on the local ASL runner', () => {
  it('after the delay, mails one-click score links; a detractor’s click gets their owner a task and an email, and Survey Response Received', async () => {
    const { owner, contact, start } = await setUp();
    const executionArn = start();
    const [invite] = await eventually(
      async () => mailsTo(contact.email),
      (mails) => mails.length === 1,
    );
    expect(invite?.Content?.Simple?.Subject?.Data).toBe('How likely are you to recommend us?');
    const text = invite?.Content?.Simple?.Body?.Text?.Data ?? '';
    expect([...text.matchAll(/^\d+: https:\/\/api\.relay\.example\/survey-answers\?token=/gm)]).toHaveLength(11);
    const link = linkFor(text, 3);

    const answered = await answerSurvey(answering, { token: link.searchParams.get('token') ?? '', score: 3 });
    expect(answered).toMatchObject({ status: 'recorded', response: { score: 3, category: 'detractor', late: false } });
    const execution = await runner.whenDone(executionArn);
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({
      answer: { score: 3, category: 'detractor' },
      followUp: { ownerNotified: true },
      completed: { status: 'completed' },
    });

    const tasks = (await deps.activities.openTasksOf(owner.id, 10)).items;
    expect(tasks).toEqual([
      expect.objectContaining({ type: 'task', contactId: contact.id, subject: 'Call Kim: NPS 3' }),
    ]);
    expect(mailsTo(owner.email).map((mail) => mail.Content?.Simple?.Subject?.Data)).toEqual([
      'Detractor: Kim scored 3',
    ]);
    const events = (await deps.outbox.listPending(500)).filter(
      (event) =>
        event.detailType === 'Survey Response Received' &&
        (event.detail as { contactId: string }).contactId === contact.id,
    );
    expect(events.map((event) => event.detail)).toEqual([
      expect.objectContaining({ score: 3, category: 'detractor', late: false }),
    ]);
    expect((await deps.activities.contactTimeline(contact.id, 10)).items.map((activity) => activity.subject)).toContain(
      'NPS 3 (detractor)',
    );
  });

  it('records a second click as a change of the one answer, never a second one', async () => {
    const { contact, survey, start } = await setUp();
    start();
    const [invite] = await eventually(
      async () => mailsTo(contact.email),
      (mails) => mails.length === 1,
    );
    const token = linkFor(invite?.Content?.Simple?.Body?.Text?.Data ?? '', 9).searchParams.get('token') ?? '';
    expect((await answerSurvey(answering, { token, score: 9 })).status).toBe('recorded');
    expect((await answerSurvey(answering, { token, score: 9 })).status).toBe('unchanged');
    expect(await answerSurvey(answering, { token, score: 7, comment: 'Support was slow' })).toMatchObject({
      status: 'updated',
      response: { score: 7, category: 'passive', comment: 'Support was slow' },
    });
    const responses = (await deps.surveySends.responsesOf(survey.id, 10)).items;
    expect(responses).toEqual([
      expect.objectContaining({ contactId: contact.id, score: 7, comment: 'Support was slow' }),
    ]);
    const timeline = (await deps.activities.contactTimeline(contact.id, 10)).items.filter(
      (activity) => activity.type === 'survey_answer',
    );
    expect(timeline).toEqual([expect.objectContaining({ subject: 'NPS 7 (passive)', body: 'Support was slow' })]);
  });

  it('asks a promoter for a review', async () => {
    const { contact, start } = await setUp();
    const executionArn = start();
    const [invite] = await eventually(
      async () => mailsTo(contact.email),
      (mails) => mails.length === 1,
    );
    await answerSurvey(answering, {
      token: linkFor(invite?.Content?.Simple?.Body?.Text?.Data ?? '', 10).searchParams.get('token') ?? '',
      score: 10,
    });
    expect((await runner.whenDone(executionArn)).output).toMatchObject({ review: { asked: true } });
    expect(mailsTo(contact.email).map((mail) => mail.Content?.Simple?.Subject?.Data)).toEqual([
      'How likely are you to recommend us?',
      'Thank you! Would you leave us a review?',
    ]);
  });

  it('reminds once, then stops waiting; a late answer is still recorded, and published as late', async () => {
    const { contact, start } = await setUp();
    const execution = await runner.whenDone(start());
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(execution.history.map((entry) => entry.state)).toEqual(
      expect.arrayContaining(['SendSurvey', 'SendReminder', 'ExpireSurvey', 'NoAnswer']),
    );
    const mails = mailsTo(contact.email);
    expect(mails.map((mail) => mail.Content?.Simple?.Subject?.Data)).toEqual([
      'How likely are you to recommend us?',
      'Reminder: How likely are you to recommend us?',
    ]);
    const token = linkFor(mails[1]?.Content?.Simple?.Body?.Text?.Data ?? '', 6).searchParams.get('token') ?? '';
    expect(await answerSurvey(answering, { token, score: 6 })).toMatchObject({
      status: 'recorded',
      response: { late: true },
    });
    const events = (await deps.outbox.listPending(500)).filter(
      (event) =>
        event.detailType === 'Survey Response Received' &&
        (event.detail as { contactId: string }).contactId === contact.id,
    );
    expect(events.map((event) => event.detail)).toEqual([expect.objectContaining({ score: 6, late: true })]);
  });

  it('sends nothing to a contact suppressed during the delay', async () => {
    const { contact, start } = await setUp();
    await deps.contacts.write([
      deps.suppressions.suppressItem(contact.emailNormalised, 'unsubscribed', new Date().toISOString(), 'test'),
    ]);
    const execution = await runner.whenDone(start());
    expect(execution.output).toMatchObject({ mailable: { mailable: false, reason: 'suppressed-unsubscribed' } });
    expect(mailsTo(contact.email)).toEqual([]);
  });

  it('refuses tampered links and scores off the scale, changing nothing', async () => {
    const { contact, start } = await setUp();
    start();
    const [invite] = await eventually(
      async () => mailsTo(contact.email),
      (mails) => mails.length === 1,
    );
    const token = linkFor(invite?.Content?.Simple?.Body?.Text?.Data ?? '', 5).searchParams.get('token') ?? '';
    expect(await answerSurvey(answering, { token: `${token.slice(0, -2)}xx`, score: 5 })).toEqual({
      status: 'invalid',
    });
    await expect(answerSurvey(answering, { token, score: 11 })).rejects.toBeInstanceOf(ValidationFailed);
    expect(await deps.surveySends.getResponse(readSurveyToken(token, answering.surveyKey) ?? 'none')).toBeUndefined();
  });
});

describe('changing a survey (the console’s survey form)', () => {
  it('turns its reminder off with null and keeps null as the survey’s value, then on again', async () => {
    const survey = await createSurvey(
      deps,
      CreateSurveyRequest.parse({
        name: 'Support CSAT',
        kind: 'csat',
        question: 'How satisfied are you with our support?',
        trigger: 'Survey Requested',
        reviewUrl: 'https://reviews.example/relay',
        status: 'paused',
      }),
    );
    expect(survey.reminder).toEqual({ afterDays: 3 });
    const off = await updateSurvey(deps, survey.id, { reminder: null }, survey.version);
    expect(off).toMatchObject({ reminder: null, version: survey.version + 1 });
    expect(Survey.parse(off)).toEqual(off);
    expect(await deps.surveys.get(survey.id)).toEqual(off);
    // Off already: nothing changes, no new version.
    expect(await updateSurvey(deps, survey.id, { reminder: null })).toEqual(off);
    const on = await updateSurvey(deps, survey.id, { reminder: { afterDays: 2 }, name: 'Support CSAT (2)' });
    expect(on).toMatchObject({ reminder: { afterDays: 2 }, name: 'Support CSAT (2)', version: survey.version + 2 });
  });
});
