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
import { signToken } from '#shared/leads/signed-token.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { contactFollowUpWorkflow } from '#workflows/contact-follow-up.ts';
import { ensureTable } from '../local/create-table.ts';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { LocalStepFunctions } from '../local/step-functions.ts';
import { meterDynamoDb, type MeterReading } from './capacity-meter.ts';

export interface WorkFigures {
  newLead: MeterReading;
  repeatedLead: MeterReading;
  leadForExistingContact: MeterReading;
  relayPerLead: MeterReading & { events: number };
  doubleOptInEmail: MeterReading & { emails: number };
  followUpTransitionsPerOwnedContact: number;
}

const secrets = { formTokenKey: 'bench-form-token-key-0123456789abcdef', ipHashSalt: 'bench-salt-0123456789' };

/** DynamoDB requests and capacity units per business operation, on DynamoDB Local with ReturnConsumedCapacity. */
export async function measureWorkPerOperation(): Promise<WorkFigures> {
  const dynamo = await startDynamoDbLocal();
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  try {
    await ensureTable(client, 'work');
    const meter = meterDynamoDb(client);
    const table = { db: createDocumentClient(client), tableName: 'work' };
    const deps = { ...buildDependencies(table, systemContext), secrets, verifyTurnstile: async () => true };
    const form = await createForm(deps, CreateFormRequest.parse({ name: 'Bench', fieldMapping: { email: 'email', name: 'firstName' }, consent: { text: 'News', version: '1' } }));
    const fields = (email: string) => ({ email, name: 'Bench', _relay_token: signToken({ formId: form.id, iat: Date.now() - 60_000 }, secrets.formTokenKey) });
    const lead = (email: string) => submitForm(deps, { formId: form.id, fields: fields(email), ip: '127.0.0.1' });

    const newLead = await meter.measure(() => lead('work-1@example.com'));
    const repeatedLead = await meter.measure(() => lead('work-1@example.com'));
    const events: string[] = [];
    const relayPerLead = await meter.measure(() => relayPendingEvents({ outbox: deps.outbox, publisher: { publish: async (batch) => void events.push(...batch.map((e) => e.detailType)) }, context: systemContext }));
    const leadForExistingContact = await meter.measure(() => submitForm(deps, { formId: form.id, fields: { ...fields('work-1@example.com'), name: 'Changed' }, ip: '127.0.0.1' }));

    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'bench' });
    const sender = new EmailSender(table, 'Relay <bench@relay.example>', new SESv2Client({}));
    const doubleOptInEmail = await meter.measure(() => sender.sendOnce('bench:1', { to: 'x@example.com', subject: 's', text: 't', html: 'h' }));
    const emails = ses.commandCalls(SendEmailCommand).length;
    ses.restore();

    Object.assign(process.env, { TABLE_NAME: 'work', AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
    const runner = new LocalStepFunctions([contactFollowUpWorkflow({ followUpAfterSeconds: 60 })], 6000);
    // A lead with an owner starts the follow-up workflow; count the state transitions it takes.
    const ownedForm = await createForm(deps, CreateFormRequest.parse({ name: 'Owned', fieldMapping: { email: 'email' }, minFillSeconds: 0, leadDefaults: { ownerId: '01JDEM00WNER00000000000ADA' } }));
    await submitForm(deps, { formId: ownedForm.id, fields: { email: 'owned@example.com' }, ip: '127.0.0.1' });
    const contactId = (await deps.contacts.findIdByEmail('owned@example.com')) as string;
    const execution = await runner.whenDone(runner.start('contact-follow-up', { detail: { contactId } }).executionArn);
    const followUpTransitionsPerOwnedContact = execution.history.filter((entry) => /StateEntered$/.test(entry.type)).length;

    return {
      newLead,
      repeatedLead,
      leadForExistingContact,
      relayPerLead: { ...relayPerLead, events: events.length },
      doubleOptInEmail: { ...doubleOptInEmail, emails },
      followUpTransitionsPerOwnedContact,
    };
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
