import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import aslValidator from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import { settingsKeys } from '#shared/db/keys.ts';
import { replaceSettings } from '#shared/settings/settings.service.ts';
import { leadLifecycleWorkflow } from '#workflows/lead-lifecycle.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { LocalStepFunctions } from '../../local/step-functions.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { aScoringModel } from '../support/lead-lifecycle-fixtures.ts';
import { createTestTable } from '../support/test-table.ts';

const workflow = leadLifecycleWorkflow();
let deps: Dependencies;
let runner: LocalStepFunctions;
let table: Awaited<ReturnType<typeof createTestTable>>;

const leadReceivedEvent = (contactId: string, campaignId?: string) => ({
  version: '0',
  id: `eb-${contactId}`,
  'detail-type': 'Lead Received',
  source: 'relay.leads',
  detail: {
    id: `01LEADRECEIVED${contactId.slice(-12)}`,
    occurredAt: new Date().toISOString(),
    version: 1,
    submissionId: `sub-${contactId}`,
    contactId,
    sourceKind: 'form',
    sourceId: 'form-1',
    isNewContact: true,
    consentStatus: 'none',
    doubleOptInRequired: false,
    ...(campaignId ? { campaignId } : {}),
  },
});
const statesEntered = (history: { type: string; state?: string }[]) =>
  history
    .filter(
      (entry) =>
        entry.type === 'TaskStateEntered' || entry.type === 'ChoiceStateEntered' || entry.type.endsWith('StateEntered'),
    )
    .map((entry) => entry.state);

beforeAll(async () => {
  table = await createTestTable();
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  deps = buildDependencies(table, systemContext);
  runner = new LocalStepFunctions([workflow], 1000);
  await replaceSettings(deps.scoringModel, aScoringModel(), systemContext);
});

describe('lead-lifecycle workflow on the local ASL runner', () => {
  it('is valid ASL once its placeholders are substituted, and an Express workflow started by lead events', () => {
    const substituted = JSON.parse(
      JSON.stringify(workflow.definition).replace(/\$\{(\w+)\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1'),
    );
    const { isValid, errorsText } = aslValidator(substituted);
    expect(isValid, errorsText()).toBe(true);
    expect(workflow.type).toBe('EXPRESS');
    expect(workflow.startedBy).toEqual({
      source: ['relay.leads'],
      'detail-type': ['Lead Received', 'Engagement Tracked'],
    });
  });

  it('scores a lead below MQL and requests its enrollment in the form’s nurture campaign', async () => {
    const contact = await createContact(
      deps,
      aContactRequest({ email: 'student@gmail.com', jobTitle: 'Student' }),
      anAdmin(),
    );
    const execution = await runner.whenDone(
      runner.start(workflow.name, leadReceivedEvent(contact.id, 'campaign-7')).executionArn,
    );
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(statesEntered(execution.history)).toEqual(['ScoreLead', 'AfterScoring', 'RequestNurture', 'Done']);
    const events = (await deps.outbox.listPending(100)).filter(
      (event) => (event.detail as { contactId?: string }).contactId === contact.id,
    );
    expect(events.map((event) => event.detailType)).toEqual(
      expect.arrayContaining(['Lead Scored', 'Campaign Enrollment Requested']),
    );
  });

  it('routes a qualified lead, and queues it when no team covers it', async () => {
    const contact = await createContact(
      deps,
      aContactRequest({ email: 'vp@acme-routing.example', jobTitle: 'VP Sales', country: 'FR' }),
      anAdmin(),
    );
    const execution = await runner.whenDone(runner.start(workflow.name, leadReceivedEvent(contact.id)).executionArn);
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(statesEntered(execution.history)).toEqual(['ScoreLead', 'AfterScoring', 'RouteLead', 'WasAssigned', 'Done']);
    expect(execution.output).toMatchObject({
      scoring: { next: 'route', stage: 'mql' },
      routing: { assigned: false, reason: 'no-team' },
    });
  });

  it('records a step that keeps failing, publishes Lead Processing Failed and ends FAILED', async () => {
    const contact = await createContact(deps, aContactRequest({ email: 'broken@acme-routing.example' }), anAdmin());
    // A scoring model that no longer parses makes ScoreLead fail on every try.
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...settingsKeys.item('scoring-model'), id: 'current', version: 99, fitRules: 'corrupt' },
      }),
    );
    try {
      const execution = await runner.whenDone(runner.start(workflow.name, leadReceivedEvent(contact.id)).executionArn);
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('LeadLifecycleFailed');
      expect(statesEntered(execution.history)).toEqual(['ScoreLead', 'RecordFailure', 'Failed']);
      const failed = (await deps.outbox.listPending(200)).find(
        (event) =>
          event.detailType === 'Lead Processing Failed' &&
          (event.detail as { contactId?: string }).contactId === contact.id,
      );
      // The error's class and what it said, not a bare "Error".
      expect(failed?.detail).toMatchObject({
        step: 'ScoreLead',
        error: 'UnreadableStoredItem',
        message: expect.any(String),
      });
      expect((failed?.detail as { message: string }).message).toContain('fitRules');
    } finally {
      await table.db.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...settingsKeys.item('scoring-model'), entity: 'Settings:scoring-model', ...(await replaceable()) },
        }),
      );
    }
  });
});

describe('a recorded lead failure', () => {
  const recordFailure = async (contactId: string, failures: Record<string, { Error: string; Cause?: string }>) => {
    const { handler } = await import('#functions/tasks/record-lead-failure.ts');
    await handler({ contactId, causationId: `cause-${contactId}`, failures }, lambdaContext('record-lead-failure'));
    const event = (await deps.outbox.listPending(1000)).find(
      (e) => e.detailType === 'Lead Processing Failed' && (e.detail as { contactId?: string }).contactId === contactId,
    );
    const { Items = [] } = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :failure)',
        ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}`, ':failure': 'LEAD_FAILURE#' },
      }),
    );
    return { detail: event?.detail, item: Items[0] };
  };

  it('names the error class from the Lambda error AWS hands the Catch, and keeps no email or phone in it', async () => {
    const cause = JSON.stringify({
      errorType: 'MessageRejected',
      errorMessage: 'Email address is not verified: kim.lee@example.com (call +49 30 1234567)',
      trace: ['MessageRejected: Email address is not verified: kim.lee@example.com', '    at send (ses.js:1:1)'],
    });
    const { detail, item } = await recordFailure('01FAILCONTACT0000000000001', {
      NotifyOwner: { Error: 'Error', Cause: cause },
    });
    expect(detail).toMatchObject({
      step: 'NotifyOwner',
      error: 'MessageRejected',
      message: 'Email address is not verified: <email redacted> (call <phone redacted>)',
    });
    expect(item).toMatchObject({ entity: 'LeadFailure', error: 'MessageRejected', step: 'NotifyOwner' });
    expect(JSON.stringify(item)).not.toMatch(/kim\.lee|1234567/);
  });

  it('keeps a named error and the bare message the local runner gives', async () => {
    const { detail } = await recordFailure('01FAILCONTACT0000000000002', {
      ScoreLead: { Error: 'TransactionConditionFailed', Cause: 'A condition in the transaction failed' },
    });
    expect(detail).toMatchObject({
      error: 'TransactionConditionFailed',
      message: 'A condition in the transaction failed',
    });
  });
});

/** A valid model document to put back after the corruption test. */
async function replaceable() {
  const now = new Date().toISOString();
  return { ...aScoringModel(), id: 'current', version: 100, createdAt: now, updatedAt: now };
}
