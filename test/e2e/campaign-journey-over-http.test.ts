import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

interface OutboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text: string };
  headers?: { name: string; value: string }[];
}
const dayMs = 24 * 3600 * 1000;

let stack: RunningStack;
let campaignId: string;
let formId: string;
// Two virtual days pass in four seconds.
beforeAll(async () => {
  stack = await startLocalStack(['--time-scale', '43200']);
  const campaign = await stack.api(
    'POST',
    '/campaigns',
    aNurtureJourney({
      sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 },
    }),
    { as: 'marketing' },
  );
  expect(campaign.status, JSON.stringify(campaign.json)).toBe(201);
  campaignId = campaign.json.id;
  expect((await stack.api('POST', `/campaigns/${campaignId}/publish`, undefined, { as: 'marketing' })).status).toBe(
    200,
  );
  // Submitting this form is consent; its leads go to the campaign as nurture.
  const form = await stack.api(
    'POST',
    '/forms',
    {
      name: 'Guide download',
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

const submit = (email: string, name: string) =>
  fetch(`${stack.apiUrl}/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name }),
  });
const outbox = async () => ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;
const mailTo = async (email: string) => (await outbox()).filter((mail) => mail.destination.to[0] === email);
const contactIdOf = async (email: string) =>
  (await eventually(
    async () =>
      ((await stack.api('GET', '/contacts?limit=100')).json.items as { id: string; email: string }[]).find(
        (c) => c.email === email,
      )?.id,
    Boolean,
  )) as string;

describe('a five-step journey on the local stack, time-scaled', () => {
  it('mails each contact the right emails at the right virtual times, and nothing more after an unsubscribe', async () => {
    for (const [email, name] of [
      ['opener@example.com', 'Olga'],
      ['ignorer@example.com', 'Ivan'],
      ['leaver@example.com', 'Lea'],
    ] as const)
      expect((await submit(email, name)).status).toBe(202);
    const [opener, ignorer, leaver] = await Promise.all(
      ['opener@example.com', 'ignorer@example.com', 'leaver@example.com'].map(contactIdOf),
    );

    // The welcome goes out at once (form → Lead Received → nurture request → enrollment → first step).
    await eventually(
      async () => (await outbox()).filter((mail) => mail.subject.startsWith('Welcome')).length,
      (n) => n === 3,
    );
    expect((await mailTo('opener@example.com')).map((mail) => mail.subject)).toEqual(['Welcome, Olga']);

    // Olga opens it (as SES would report); Lea unsubscribes with the link in hers, by one-click POST.
    const messageKey = `campaign:${campaignId}:${opener}:1:welcome`;
    expect(
      (
        await fetch(`${stack.apiUrl}/_local/email-events`, {
          method: 'POST',
          body: JSON.stringify({ messageKey, type: 'open' }),
        })
      ).status,
    ).toBe(202);
    const link = /Unsubscribe: (\S+)/.exec((await mailTo('leaver@example.com'))[0]?.body.text ?? '')?.[1] as string;
    expect((await fetch(link)).status).toBe(200);
    expect(await mailTo('leaver@example.com')).toHaveLength(1);
    const unsubscribed = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(await unsubscribed.text()).toContain('You are unsubscribed');

    // Two virtual days later: the opener gets the case study, the ignorer the reminder, the leaver nothing.
    await eventually(
      () => mailTo('ignorer@example.com'),
      (mails) => mails.length === 2,
      20_000,
    );
    await eventually(
      () => mailTo('opener@example.com'),
      (mails) => mails.length === 2,
      20_000,
    );
    expect((await mailTo('ignorer@example.com')).map((mail) => mail.subject)).toEqual([
      'Welcome, Ivan',
      'Did you see this?',
    ]);
    expect((await mailTo('opener@example.com'))[1]?.subject).toMatch(/^(How teams save time|A case study for you)$/);
    const ended = await eventually(
      async () => (await stack.api('GET', `/campaigns/${campaignId}/enrollments/${leaver}`)).json,
      (enrollment) => enrollment.status === 'ended',
      15_000,
    );
    expect(ended).toMatchObject({ endReason: 'unsubscribed' });
    expect(await mailTo('leaver@example.com')).toHaveLength(1);

    const journey = await eventually(
      async () => (await stack.api('GET', `/campaigns/${campaignId}/enrollments/${ignorer}`)).json,
      (enrollment) => enrollment.status === 'ended',
      15_000,
    );
    expect(journey.sent.map((send: { stepId: string }) => send.stepId)).toEqual(['welcome', 'reminder']);
    expect(Date.parse(journey.sent[1].at) - Date.parse(journey.sent[0].at)).toBeGreaterThanOrEqual(2 * dayMs);
    expect(Date.parse(journey.sent[1].at) - Date.parse(journey.sent[0].at)).toBeLessThan(2 * dayMs + 60_000);
    expect(journey).toMatchObject({ endReason: 'completed' });
  }, 60_000);

  it('enrolls a whole segment when a segment-triggered campaign is published', async () => {
    const form = await stack.api(
      'POST',
      '/forms',
      {
        name: 'Spring event',
        fieldMapping: { email: 'email', name: 'firstName' },
        minFillSeconds: 0,
        consent: { text: 'Event news', version: 'v1' },
        leadDefaults: { tags: ['spring-event'] },
      },
      { as: 'marketing' },
    );
    for (const email of ['ana@example.com', 'bo@example.com', 'cy@example.com']) {
      await fetch(`${stack.apiUrl}/forms/${form.json.id}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, name: email.split('@')[0] }),
      });
    }
    const segment = await stack.api(
      'POST',
      '/segments',
      { name: 'Spring event', filter: { tagsAny: ['spring-event'] } },
      { as: 'marketing' },
    );
    await eventually(
      async () => (await stack.api('GET', `/segments/${segment.json.id}/count`)).json.count,
      (count) => count === 3,
    );
    const campaign = await stack.api(
      'POST',
      '/campaigns',
      aNurtureJourney({
        name: 'Spring follow-up',
        trigger: { type: 'segment', segmentId: segment.json.id },
        sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 },
      }),
      { as: 'marketing' },
    );
    expect(
      (await stack.api('POST', `/campaigns/${campaign.json.id}/publish`, undefined, { as: 'marketing' })).status,
    ).toBe(200);
    for (const email of ['ana@example.com', 'bo@example.com', 'cy@example.com']) {
      const mails = await eventually(
        () => mailTo(email),
        (list) => list.some((mail) => mail.subject.startsWith('Welcome')),
        15_000,
      );
      expect(mails.map((mail) => mail.subject)).toContain(`Welcome, ${email.split('@')[0]}`);
    }
    const enrollments = await eventually(
      async () =>
        (
          (await stack.api('GET', '/_local/executions', undefined, { as: null })).json.executions as {
            workflow: string;
            status: string;
          }[]
        ).filter((execution) => execution.workflow === 'segment-enrollment'),
      (list) => list.length > 0 && list.every((execution) => execution.status !== 'RUNNING'),
    );
    // The publish event may be delivered twice (at least once, as EventBridge): a second enrollment run is
    // fine as long as every run succeeds and nobody is enrolled or mailed twice.
    expect(new Set(enrollments.map((execution) => execution.status))).toEqual(new Set(['SUCCEEDED']));
    for (const email of ['ana@example.com', 'bo@example.com', 'cy@example.com'])
      expect((await mailTo(email)).filter((mail) => mail.subject.startsWith('Welcome'))).toHaveLength(1);
  }, 40_000);

  it('enrolls the leads of the form a campaign is triggered by', async () => {
    const form = await stack.api(
      'POST',
      '/forms',
      {
        name: 'Webinar',
        fieldMapping: { email: 'email', name: 'firstName' },
        minFillSeconds: 0,
        consent: { text: 'Webinar follow-ups', version: 'v1' },
      },
      { as: 'marketing' },
    );
    const campaign = await stack.api(
      'POST',
      '/campaigns',
      aNurtureJourney({
        name: 'Webinar follow-up',
        trigger: { type: 'form', formId: form.json.id },
        sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 },
      }),
      { as: 'marketing' },
    );
    expect(
      (await stack.api('POST', `/campaigns/${campaign.json.id}/publish`, undefined, { as: 'marketing' })).status,
    ).toBe(200);
    await fetch(`${stack.apiUrl}/forms/${form.json.id}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'webinar@example.com', name: 'Wen' }),
    });
    const mails = await eventually(
      () => mailTo('webinar@example.com'),
      (list) => list.length > 0,
      15_000,
    );
    expect(mails.map((mail) => mail.subject)).toEqual(['Welcome, Wen']);
  }, 30_000);

  it('ends journeys whose last step is an email or an update, or whose branch arm ends in an email, and re-enrolls by reEnrollment', async () => {
    const alwaysOpen = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 };
    const [welcome, , , reminder, caseStudy] = aNurtureJourney().steps;
    const published = async (name: string, steps: unknown[]) => {
      const created = await stack.api(
        'POST',
        '/campaigns',
        aNurtureJourney({
          name,
          trigger: { type: 'manual' },
          steps,
          sendWindow: alwaysOpen,
          reEnrollment: { policy: 'after-exit', minDaysBetween: 0 },
        }),
        { as: 'marketing' },
      );
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      expect(
        (await stack.api('POST', `/campaigns/${created.json.id}/publish`, undefined, { as: 'marketing' })).status,
      ).toBe(200);
      return created.json.id as string;
    };
    const emailLast = await published('Email last', [welcome]);
    const updateLast = await published('Update last', [
      welcome,
      { id: 'tag-nurtured', type: 'update', set: { addTags: ['nurtured'] } },
    ]);
    const armEnds = await published('Arm ends', [
      welcome,
      {
        id: 'opened-welcome',
        type: 'branch',
        condition: { kind: 'opened', stepId: 'welcome' },
        then: 'case-study',
        else: 'reminder',
      },
      { ...reminder, next: null },
      caseStudy,
    ]);
    // A form with no nurture campaign: the contact is in these three journeys only.
    const form = await stack.api(
      'POST',
      '/forms',
      {
        name: 'Newsletter',
        fieldMapping: { email: 'email', name: 'firstName' },
        minFillSeconds: 0,
        consent: { text: 'Send me the newsletter.', version: 'v1' },
      },
      { as: 'marketing' },
    );
    const signedUp = await fetch(`${stack.apiUrl}/forms/${form.json.id}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ends@example.com', name: 'Enid' }),
    });
    expect(signedUp.status).toBe(202);
    const contactId = await contactIdOf('ends@example.com');
    await eventually(
      async () => (await stack.api('GET', `/contacts/${contactId}`)).json.consent?.status,
      (status) => status === 'granted',
    );
    const enroll = (campaign: string) =>
      stack.api('POST', `/campaigns/${campaign}/enrollments`, { contactId }, { as: 'marketing' });
    const endedOf = async (campaign: string) =>
      (
        (await stack.api('GET', '/_local/events?detailType=Campaign%20Enrollment%20Ended', undefined, { as: null }))
          .json.events as { detail: { campaignId: string; contactId: string; reason: string } }[]
      ).filter((event) => event.detail.campaignId === campaign && event.detail.contactId === contactId);
    const enrollmentIn = (campaign: string) =>
      eventually(
        async () => (await stack.api('GET', `/campaigns/${campaign}/enrollments/${contactId}`)).json,
        (enrollment) => enrollment.status === 'ended',
        15_000,
      );

    for (const campaign of [emailLast, updateLast, armEnds]) expect((await enroll(campaign)).status).toBe(201);
    for (const campaign of [emailLast, updateLast, armEnds]) {
      expect(await enrollmentIn(campaign), campaign).toMatchObject({ status: 'ended', endReason: 'completed' });
      expect(
        await eventually(
          () => endedOf(campaign),
          (events) => events.length > 0,
        ),
      ).toEqual([expect.objectContaining({ detail: expect.objectContaining({ reason: 'completed' }) })]);
    }
    expect((await stack.api('GET', `/contacts/${contactId}`)).json.tags).toContain('nurtured');
    expect((await enrollmentIn(armEnds)).sent.map((send: { stepId: string }) => send.stepId)).toEqual([
      'welcome',
      'reminder',
    ]);

    // The outbox shows each campaign email's message key, which /_local/email-events takes.
    const mails = await eventually(
      () => mailTo('ends@example.com'),
      (list) => list.length === 4,
      15_000,
    );
    const keys = mails.map((mail) => mail.headers?.find((header) => header.name === 'X-Relay-Message-Key')?.value);
    expect(keys).toEqual(
      expect.arrayContaining([
        `campaign:${emailLast}:${contactId}:1:welcome`,
        `campaign:${armEnds}:${contactId}:1:reminder`,
      ]),
    );
    const opened = await fetch(`${stack.apiUrl}/_local/email-events`, {
      method: 'POST',
      body: JSON.stringify({ messageKey: keys[0], type: 'open' }),
    });
    expect(opened.status).toBe(202);
    expect(await opened.json()).toEqual({ recorded: true });

    // reEnrollment: after-exit lets the contact go through the email-last journey again.
    const again = await enroll(emailLast);
    expect(again.status, JSON.stringify(again.json)).toBe(201);
    expect(again.json).toMatchObject({ run: 2 });
    await eventually(
      async () => (await endedOf(emailLast)).length,
      (count) => count === 2,
      15_000,
    );
    expect((await mailTo('ends@example.com')).filter((mail) => mail.subject === 'Welcome, Enid')).toHaveLength(4);
  }, 90_000);
});
