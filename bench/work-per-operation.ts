import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { buildDependencies } from '#functions/dependencies.ts';
import { systemContext } from '#shared/context.ts';
import { createDocumentClient } from '#shared/db/document-client.ts';
import { relayPendingEvents } from '#shared/events/relay.ts';
import { CreateFormRequest } from '#shared/forms/form.schema.ts';
import { createForm } from '#shared/forms/form.service.ts';
import { submitForm } from '#shared/leads/form-submission.service.ts';
import { signFormToken } from '#shared/forms/form-token.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { contactFollowUpWorkflow } from '#workflows/contact-follow-up.ts';
import { logActivity } from '#shared/activities/activity.service.ts';
import { CreateActivityRequest } from '#shared/activities/activity.schema.ts';
import { systemPrincipal } from '#shared/auth/principal.ts';
import { checkLeadSla, noticeAssignedOwner } from '#shared/leads/lead-owner-notice.service.ts';
import { createOwner, createTeam } from '#shared/owners/owner.service.ts';
import { CreateOwnerRequest, CreateTeamRequest } from '#shared/owners/owner.schema.ts';
import { RoutingPolicyInput } from '#shared/routing/routing.schema.ts';
import { routeLead } from '#shared/routing/routing.service.ts';
import { ScoringModelInput } from '#shared/scoring/scoring-model.schema.ts';
import { scoreContact } from '#shared/scoring/scoring.service.ts';
import { replaceSettings } from '#shared/settings/settings.service.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { runCampaignStep, type StepTimer } from '#shared/campaigns/campaign-step.service.ts';
import { createCampaign, publishCampaign } from '#shared/campaigns/campaign.service.ts';
import { enrollContact } from '#shared/campaigns/enrollment.service.ts';
import { enrollSegmentPage } from '#shared/campaigns/segment-enrollment.service.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { createSegment } from '#shared/segments/segment.service.ts';
import { CreateSegmentRequest } from '#shared/segments/segment.schema.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { domainEvent } from '#shared/events/catalog.ts';
import { ensureTable } from '../local/create-table.ts';
import { LocalStepFunctions } from '../local/step-functions.ts';
import { meterDynamoDb, type MeterReading } from './capacity-meter.ts';
import { benchDynamoDb, type BenchStore } from './store.ts';

export interface WorkFigures {
  newLead: MeterReading;
  repeatedLead: MeterReading;
  leadForExistingContact: MeterReading;
  relayPerLead: MeterReading & { events: number };
  doubleOptInEmail: MeterReading & { emails: number };
  followUpTransitionsPerOwnedContact: number;
  /** A qualifying lead's lifecycle steps, each metered on its own. */
  scoreLead: MeterReading & { events: number };
  routeLead: MeterReading & { events: number };
  notifyOwner: MeterReading & { emails: number; timers: number };
  slaCheckTouched: MeterReading;
  /** A drip campaign: enrolling one contact, one step that sends an email, one that sets a wait's timer. */
  enrollContact: MeterReading & { timers: number };
  dripEmailStep: MeterReading & { emails: number };
  dripWaitStep: MeterReading & { timers: number };
  /** Enrolling a segment page by page (in process, on DynamoDB Local; timers recorded, not fired). */
  segmentEnrollment: { contacts: number; pages: number; contactsPerSecond: number; perContact: MeterReading };
}

const secrets = { formTokenKey: 'bench-form-token-key-0123456789abcdef', ipHashSalt: 'bench-salt-0123456789' };

/** DynamoDB requests and capacity units per business operation, on DynamoDB Local with ReturnConsumedCapacity. */
export async function measureWorkPerOperation(segmentSize = 500, store?: BenchStore): Promise<WorkFigures> {
  const dynamo = await benchDynamoDb(store, 'work');
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    await ensureTable(client, dynamo.tableName);
    const meter = meterDynamoDb(client);
    const table = { db: createDocumentClient(client), tableName: dynamo.tableName };
    const deps = { ...buildDependencies(table, systemContext), secrets, verifyTurnstile: async () => true };
    const form = await createForm(
      deps,
      CreateFormRequest.parse({
        name: 'Bench',
        fieldMapping: { email: 'email', name: 'firstName' },
        consent: { text: 'News', version: '1' },
      }),
    );
    const formToken = await signFormToken(secrets, form.id, new Date(Date.now() - 60_000));
    const fields = (email: string) => ({ email, name: 'Bench', _relay_token: formToken });
    const lead = (email: string) => submitForm(deps, { formId: form.id, fields: fields(email), ip: '127.0.0.1' });

    const newLead = await meter.measure(() => lead('work-1@example.com'));
    const repeatedLead = await meter.measure(() => lead('work-1@example.com'));
    const events: string[] = [];
    const relayPerLead = await meter.measure(() =>
      relayPendingEvents({
        outbox: deps.outbox,
        publisher: { publish: async (batch) => void events.push(...batch.map((e) => e.detailType)) },
        context: systemContext,
      }),
    );
    const leadForExistingContact = await meter.measure(() =>
      submitForm(deps, {
        formId: form.id,
        fields: { ...fields('work-1@example.com'), name: 'Changed' },
        ip: '127.0.0.1',
      }),
    );

    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'bench' });
    const sender = new EmailSender(table, 'Relay <bench@relay.example>', new SESv2Client({}));
    const doubleOptInEmail = await meter.measure(() =>
      sender.sendOnce('bench:1', { to: 'x@example.com', subject: 's', text: 't', html: 'h' }),
    );
    const emails = ses.commandCalls(SendEmailCommand).length;

    // The lead lifecycle of a qualifying lead: score, route over a team of four, notify, SLA check.
    await replaceSettings(
      deps.scoringModel,
      ScoringModelInput.parse({
        fitRules: [
          {
            id: 'business',
            name: 'Business email',
            when: { field: 'emailDomainType', operator: 'equals', value: 'business' },
            points: 20,
          },
        ],
        behaviourRules: [{ id: 'form', name: 'Form', on: 'form_submitted', points: 40, maxPoints: 80 }],
        grades: { A: 20, B: 10, C: 0 },
        stages: { lead: 10, mql: 50, sql: 90 },
      }),
      systemContext,
    );
    const team = await createTeam(deps, CreateTeamRequest.parse({ name: 'Bench team' }));
    for (let i = 0; i < 4; i++)
      await createOwner(
        deps,
        CreateOwnerRequest.parse({ name: `Rep ${i}`, email: `rep${i}@bench.example`, teamId: team.id }),
      );
    await replaceSettings(deps.routingPolicy, RoutingPolicyInput.parse({ defaultTeamId: team.id }), systemContext);
    await lead('qualified@company.example');
    const qualifiedId = (await deps.contacts.findIdByEmail('qualified@company.example')) as string;
    const cause = {
      eventId: 'bench-lead',
      engagement: { id: 'bench-submission', kind: 'form_submitted' as const, occurredAt: new Date().toISOString() },
    };
    const eventsBefore = async () => (await deps.outbox.listPending(1000)).length;
    let pending = await eventsBefore();
    const scoreLead = await meter.measure(() => scoreContact(deps, qualifiedId, cause));
    const scoreEvents = (await eventsBefore()) - pending;
    pending = await eventsBefore();
    let routed: Awaited<ReturnType<typeof routeLead>> | undefined;
    const routeReading = await meter.measure(
      async () =>
        void (routed = await routeLead({ ...deps, leadSlaSeconds: 3600 }, qualifiedId, { causationId: 'bench-lead' })),
    );
    const routeEvents = (await eventsBefore()) - pending;
    if (!routed?.assigned) throw new Error('The bench lead was not assigned');
    const timers: unknown[] = [];
    const noticeDeps = {
      ...deps,
      leadSlaSeconds: 3600,
      email: sender,
      timers: { scheduleOnce: async (timer: unknown) => void timers.push(timer) },
      publicApiUrl: 'http://bench',
    };
    const sendsBefore = ses.commandCalls(SendEmailCommand).length;
    const assignment = routed;
    const notifyOwner = await meter.measure(() => noticeAssignedOwner(noticeDeps, assignment));
    const notifyEmails = ses.commandCalls(SendEmailCommand).length - sendsBefore;
    await logActivity(
      deps,
      CreateActivityRequest.parse({ type: 'call', contactId: qualifiedId, ownerId: assignment.ownerId }),
      { principal: systemPrincipal },
    );
    const slaCheckTouched = await meter.measure(() => checkLeadSla(noticeDeps, assignment));

    // A drip campaign: enroll a consenting contact, run its email step, then its wait step.
    const campaign = await createCampaign(
      deps,
      CampaignDefinition.parse({
        name: 'Bench drip',
        trigger: { type: 'manual' },
        sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 },
        steps: [
          {
            id: 'welcome',
            type: 'email',
            content: { subject: 'Hi {{ contact.firstName | default: "there" }}', html: '<p>Hi</p>', text: 'Hi' },
          },
          { id: 'two-days', type: 'wait', duration: { days: 2 } },
          { id: 'follow-up', type: 'email', content: { subject: 'Following up', html: '<p>More</p>', text: 'More' } },
        ],
      }),
    );
    await publishCampaign(deps, campaign.id, { principal: systemPrincipal });
    const subscriber = (await deps.contacts.get(qualifiedId)) as Contact;
    await deps.contacts.update(
      subscriber,
      { ...subscriber, consent: { status: 'granted' }, version: subscriber.version + 1 },
      domainEvent(
        'Contact Updated',
        { contactId: subscriber.id, contactVersion: subscriber.version + 1, changedFields: ['consent'] },
        { id: 'bench-consent', occurredAt: new Date().toISOString() },
      ),
    );
    const dripTimers: { payload: Record<string, unknown> }[] = [];
    const dripDeps = {
      ...deps,
      email: sender,
      timers: { scheduleOnce: async (timer: { payload: Record<string, unknown> }) => void dripTimers.push(timer) },
      publicApiUrl: 'http://bench',
      unsubscribeKey: 'bench-unsubscribe-key-0123456789',
    };
    const enrollContactReading = await meter.measure(() => enrollContact(dripDeps, campaign.id, qualifiedId));
    const firstStep = dripTimers[0]?.payload as unknown as StepTimer;
    const dripSendsBefore = ses.commandCalls(SendEmailCommand).length;
    const dripEmailStep = await meter.measure(() => runCampaignStep(dripDeps, firstStep));
    const dripEmails = ses.commandCalls(SendEmailCommand).length - dripSendsBefore;
    const dripWaitStep = await meter.measure(() => runCampaignStep(dripDeps, firstStep));
    const waitTimers = dripTimers.length - 1;
    ses.restore();

    // A whole segment, enrolled page by page as the segment-enrollment workflow does.
    const segment = await createSegment(
      deps,
      CreateSegmentRequest.parse({ name: 'Bench segment', filter: { tagsAny: ['bench-segment'] } }),
    );
    for (let i = 0; i < segmentSize; i++)
      await createContact(
        deps,
        CreateContactRequest.parse({ email: `segment-${i}@example.com`, tags: ['bench-segment'] }),
        { principal: systemPrincipal },
      );
    let pages = 0;
    const segmentRun = await meter.measure(async () => {
      let page: Awaited<ReturnType<typeof enrollSegmentPage>> | undefined;
      do {
        page = await enrollSegmentPage(dripDeps, {
          campaignId: campaign.id,
          segmentId: segment.id,
          startAt: new Date().toISOString(),
          sendsPerSecond: 14,
          offset: page?.offset ?? 0,
          ...(page?.nextCursor ? { cursor: page.nextCursor } : {}),
        });
        pages++;
      } while (page.nextCursor);
    });
    const perContact = {
      calls: Object.fromEntries(
        Object.entries(segmentRun.calls).map(([name, count]) => [name, Math.round((count / segmentSize) * 10) / 10]),
      ),
      readUnits: segmentRun.readUnits / segmentSize,
      writeUnits: segmentRun.writeUnits / segmentSize,
      ms: segmentRun.ms / segmentSize,
    };

    Object.assign(process.env, { TABLE_NAME: dynamo.tableName, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
    const runner = new LocalStepFunctions([contactFollowUpWorkflow({ followUpAfterSeconds: 60 })], 6000);
    // A lead with an owner starts the follow-up workflow; count the state transitions it takes.
    const ownedForm = await createForm(
      deps,
      CreateFormRequest.parse({
        name: 'Owned',
        fieldMapping: { email: 'email' },
        minFillSeconds: 0,
        leadDefaults: { ownerId: '01JDEM00WNER00000000000ADA' },
      }),
    );
    await submitForm(deps, { formId: ownedForm.id, fields: { email: 'owned@example.com' }, ip: '127.0.0.1' });
    const contactId = (await deps.contacts.findIdByEmail('owned@example.com')) as string;
    const execution = await runner.whenDone(runner.start('contact-follow-up', { detail: { contactId } }).executionArn);
    const followUpTransitionsPerOwnedContact = execution.history.filter((entry) =>
      /StateEntered$/.test(entry.type),
    ).length;

    return {
      newLead,
      repeatedLead,
      leadForExistingContact,
      relayPerLead: { ...relayPerLead, events: events.length },
      doubleOptInEmail: { ...doubleOptInEmail, emails },
      followUpTransitionsPerOwnedContact,
      scoreLead: { ...scoreLead, events: scoreEvents },
      routeLead: { ...routeReading, events: routeEvents },
      notifyOwner: { ...notifyOwner, emails: notifyEmails, timers: timers.length },
      slaCheckTouched,
      enrollContact: { ...enrollContactReading, timers: 1 },
      dripEmailStep: { ...dripEmailStep, emails: dripEmails },
      dripWaitStep: { ...dripWaitStep, timers: waitTimers },
      segmentEnrollment: {
        contacts: segmentSize,
        pages,
        contactsPerSecond: Math.round((segmentSize / segmentRun.ms) * 10_000) / 10,
        perContact,
      },
    };
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
