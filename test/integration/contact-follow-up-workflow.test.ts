import aslValidator from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies } from '#functions/dependencies.ts';
import {
  createContact,
  getContact,
  updateContact,
  deleteContact,
  type ContactDeps,
} from '#shared/contacts/contact.service.ts';
import { UpdateContactRequest } from '#shared/contacts/contact.schema.ts';
import { needsFollowUpTag } from '#shared/contacts/follow-up.ts';
import { systemContext } from '#shared/context.ts';
import { contactFollowUpWorkflow } from '#workflows/contact-follow-up.ts';
import { LocalStepFunctions } from '../../local/step-functions.ts';
import { aContactRequest, anOwnerId, anAdmin } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

const followUpAfterSeconds = 3600;
const workflow = contactFollowUpWorkflow({ followUpAfterSeconds });
// One simulated hour takes 200 ms.
const timeScale = (followUpAfterSeconds * 1000) / 200;
let deps: ContactDeps;
let runner: LocalStepFunctions;

beforeAll(async () => {
  const table = await createTestTable();
  // The task handlers find the table as they do in Lambda: through the environment.
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  deps = buildDependencies(table, systemContext);
  runner = new LocalStepFunctions([workflow], timeScale);
});

const contactCreatedEvent = (contactId: string, ownerId: string) => ({
  version: '0',
  id: 'e1',
  'detail-type': 'Contact Created',
  source: 'relay.contacts',
  detail: { contactId, ownerId },
});

describe('contact-follow-up workflow on the local ASL runner', () => {
  it('is valid ASL once its placeholders are substituted', () => {
    const substituted = JSON.parse(
      JSON.stringify(workflow.definition).replace(/\$\{(\w+)\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1'),
    );
    const { isValid, errorsText } = aslValidator(substituted);
    expect(isValid, errorsText()).toBe(true);
  });

  it('flags a contact nobody touched during the (time-scaled) delay', async () => {
    const ownerId = anOwnerId();
    const contact = await createContact(deps, aContactRequest({ ownerId }), anAdmin());
    const started = Date.now();
    const execution = await runner.whenDone(
      runner.start(workflow.name, contactCreatedEvent(contact.id, ownerId)).executionArn,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ check: { untouched: true, version: 1 }, flag: { flagged: true } });
    expect((await getContact(deps, contact.id)).tags).toContain(needsFollowUpTag);
    expect(execution.history.map((entry) => `${entry.type}:${entry.state ?? ''}`)).toEqual(
      expect.arrayContaining([
        'WaitStateEntered:WaitForFollowUpDelay',
        'StateEntered:CheckContactUntouched',
        'StateEntered:FlagContactForFollowUp',
      ]),
    );
  });

  it('leaves a contact alone when its owner touched it during the delay', async () => {
    const ownerId = anOwnerId();
    const contact = await createContact(deps, aContactRequest({ ownerId }), anAdmin());
    const { executionArn } = runner.start(workflow.name, contactCreatedEvent(contact.id, ownerId));
    await updateContact(deps, contact.id, UpdateContactRequest.parse({ lifecycleStage: 'sql' }), anAdmin());
    const execution = await runner.whenDone(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ check: { untouched: false } });
    expect((await getContact(deps, contact.id)).tags).not.toContain(needsFollowUpTag);
  });

  it('ends quietly when the contact was deleted in the meantime', async () => {
    const ownerId = anOwnerId();
    const contact = await createContact(deps, aContactRequest({ ownerId }), anAdmin());
    const { executionArn } = runner.start(workflow.name, contactCreatedEvent(contact.id, ownerId));
    await deleteContact(deps, contact.id, anAdmin());
    const execution = await runner.whenDone(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ check: { untouched: false } });
  });

  it('fails the execution, visibly, when the task input is not what the handler expects', async () => {
    const execution = await runner.whenDone(runner.start(workflow.name, { detail: { contactId: 42 } }).executionArn);
    expect(execution.status).toBe('FAILED');
  });
});
