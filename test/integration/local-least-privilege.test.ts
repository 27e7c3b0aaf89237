import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies } from '#functions/dependencies.ts';
import { createContact, getContact, type ContactDeps } from '#shared/contacts/contact.service.ts';
import { needsFollowUpTag } from '#shared/contacts/follow-up.ts';
import { systemContext } from '#shared/context.ts';
import { grantsOf, loadHandler } from '../../local/handler-loader.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { AccessDeniedException, requiredActions, withGrants } from '../../local/least-privilege.ts';
import { aContactRequest, anAdmin, anOwnerId } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let table: Awaited<ReturnType<typeof createTestTable>>;
let deps: ContactDeps;
beforeAll(async () => {
  table = await createTestTable();
  // Handlers find the table as they do in Lambda: through the environment.
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  deps = buildDependencies(table, systemContext);
});

const flagTask = 'functions/tasks/flag-contact-for-follow-up.ts';
const checkTask = 'functions/tasks/check-contact-untouched.ts';

describe('least privilege in the local runtime', () => {
  it('runs a handler with the grants of the function deployed from it', async () => {
    const contact = await createContact(deps, aContactRequest({ ownerId: anOwnerId() }), anAdmin());
    const flag = await loadHandler(flagTask);
    await flag({ contactId: contact.id, expectedVersion: 1 }, lambdaContext('FlagContactForFollowUp'));
    expect((await getContact(deps, contact.id)).tags).toContain(needsFollowUpTag);
  });

  it('fails a handler that writes where its role only reads, with AccessDeniedException as AWS does, writing nothing', async () => {
    const contact = await createContact(deps, aContactRequest({ ownerId: anOwnerId() }), anAdmin());
    // The flag task as if CDK had granted it only what the read-only check task has.
    const flag = await loadHandler(flagTask, { ...grantsOf(checkTask), entry: flagTask });
    const failure = await flag({ contactId: contact.id, expectedVersion: 1 }, lambdaContext('Flag')).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AccessDeniedException);
    expect(failure).toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/not authorized to perform: dynamodb:(UpdateItem|PutItem)/),
    });
    expect((await getContact(deps, contact.id)).tags).not.toContain(needsFollowUpTag);
  });

  it('checks every SDK command of an invocation against its grants, each item of a transaction by its own action', async () => {
    const readOnly = grantsOf(checkTask);
    const key = { pk: 'LEAST#PRIVILEGE', sk: 'ITEM' };
    await withGrants(readOnly, () => table.db.send(new GetCommand({ TableName: table.tableName, Key: key })));
    await expect(
      withGrants(readOnly, () => table.db.send(new PutCommand({ TableName: table.tableName, Item: key }))),
    ).rejects.toThrow(/dynamodb:PutItem/);
    await expect(
      withGrants(readOnly, () =>
        table.db.send(
          new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table.tableName, Item: key } }] }),
        ),
      ),
    ).rejects.toThrow(/dynamodb:PutItem/);
    expect(
      (await table.db.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }))).Item,
    ).toBeUndefined();
    expect(
      requiredActions('DynamoDBClient', 'TransactWriteItemsCommand', {
        TransactItems: [{ Put: {} }, { Update: {} }, { ConditionCheck: {} }],
      }),
    ).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']);
    // SES: only functions declared with sendsEmail may send (denied before any request leaves).
    await expect(
      withGrants(readOnly, () =>
        new SESv2Client({ endpoint: 'http://127.0.0.1:9' }).send(
          new SendEmailCommand({ Destination: { ToAddresses: ['a@example.com'] }, Content: {} }),
        ),
      ),
    ).rejects.toThrow(/ses:SendEmail/);
  });

  it('checks the local stand-ins handlers reach over HTTP: setting a timer needs scheduler:CreateSchedule', async () => {
    const previous = process.env.RELAY_LOCAL_SCHEDULER_URL;
    process.env.RELAY_LOCAL_SCHEDULER_URL = 'http://127.0.0.1:9/_local/timers';
    try {
      await expect(
        withGrants(grantsOf(checkTask), () => fetch(`${process.env.RELAY_LOCAL_SCHEDULER_URL}`, { method: 'POST' })),
      ).rejects.toThrow(/scheduler:CreateSchedule/);
      expect(grantsOf('functions/events/enroll-on-request.ts').actions).toContain('scheduler:CreateSchedule');
    } finally {
      if (previous === undefined) delete process.env.RELAY_LOCAL_SCHEDULER_URL;
      else process.env.RELAY_LOCAL_SCHEDULER_URL = previous;
    }
  });

  it('gives each invocation only the environment variables its function is given, as it loads and when it runs', async () => {
    const environmentProbe = 'test/support/handlers/environment.ts';
    const names = ['TABLE_NAME', 'EMAIL_FROM', 'RELAY_APP_SECRETS', 'AWS_REGION'];
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    Object.assign(process.env, {
      EMAIL_FROM: 'Relay <sales@relay.example>',
      RELAY_APP_SECRETS: '{}',
      AWS_REGION: 'us-east-1',
    });
    grantsOf(checkTask); // loads the deployed grants, and with them which variables are per function
    try {
      // The read-only check task is given the table but no sender address and no app secrets.
      const asCheckTask = { ...grantsOf(checkTask), entry: environmentProbe };
      const probe = await loadHandler(environmentProbe, asCheckTask);
      const seen = (await probe({ names }, lambdaContext('Probe'))) as Record<string, unknown>;
      expect(seen).toEqual({
        seenAtLoad: { EMAIL_FROM: undefined },
        values: {
          TABLE_NAME: table.tableName,
          EMAIL_FROM: undefined,
          RELAY_APP_SECRETS: undefined,
          AWS_REGION: 'us-east-1',
        },
        present: ['TABLE_NAME', 'AWS_REGION'],
        listed: ['TABLE_NAME', 'AWS_REGION'],
      });

      // A function that sends email is given EMAIL_FROM; one with app secrets sees the local stand-in for them.
      const sender = grantsOf('functions/events/send-double-opt-in.ts');
      expect(sender.environment).toEqual(expect.arrayContaining(['EMAIL_FROM', 'APP_SECRETS_ARN']));
      const asSender = await loadHandler(environmentProbe, { ...sender, entry: environmentProbe });
      expect(await asSender({ names }, lambdaContext('Probe'))).toMatchObject({
        values: { EMAIL_FROM: 'Relay <sales@relay.example>', RELAY_APP_SECRETS: '{}' },
      });
      // Outside an invocation (the local runtime's own work) everything is visible.
      expect(process.env.EMAIL_FROM).toBe('Relay <sales@relay.example>');
    } finally {
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  });
});
