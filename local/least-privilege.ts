import { AsyncLocalStorage } from 'node:async_hooks';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { FunctionGrants } from '#infra/function-grants.ts';

/** What AWS answers a call the caller's role does not allow (every AWS SDK client names it so). */
export class AccessDeniedException extends Error {
  override readonly name = 'AccessDeniedException';
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };
  constructor(
    readonly functionId: string,
    readonly action: string,
  ) {
    super(
      `User: arn:aws:sts::000000000000:assumed-role/relay-local/${functionId} is not authorized to perform: ${action} ` +
        `because no identity-based policy allows the ${action} action (declare it in infra/function-grants.ts)`,
    );
  }
}

const invocation = new AsyncLocalStorage<FunctionGrants>();

/** Runs `work` (one handler invocation) with the grants of the function it stands for. */
export function withGrants<T>(grants: FunctionGrants, work: () => T): T {
  installChecks();
  return invocation.run(grants, work);
}

/**
 * Local stand-ins for a variable CDK sets in AWS: a handler sees the stand-in only where its function is
 * given the variable it stands for (the app secrets come from RELAY_APP_SECRETS locally, from the
 * secret named by APP_SECRETS_ARN in AWS).
 */
const standIns: Record<string, string> = { RELAY_APP_SECRETS: 'APP_SECRETS_ARN' };

/** The variables CDK sets per function; any other (AWS_REGION, the local endpoints...) every handler sees. */
let scopedVariables = new Set<string>();

/**
 * Makes each invocation see, of `variables` (every name CDK sets on some function), only those its own
 * function is given, as in Lambda where each function has its own environment. A variable read without
 * its grant is undefined locally too, so a missing `environment` entry fails a local test, not a deploy.
 */
export function scopeEnvironment(variables: Iterable<string>): void {
  installChecks();
  scopedVariables = new Set([...variables, ...Object.keys(standIns)]);
}

function hiddenFromInvocation(name: string | symbol): boolean {
  const grants = invocation.getStore();
  if (!grants || typeof name !== 'string' || !scopedVariables.has(name)) return false;
  return !grants.environment.includes(standIns[name] ?? name);
}

function installEnvironmentScope(): void {
  const environment = process.env;
  process.env = new Proxy(environment, {
    get: (target, name) => (hiddenFromInvocation(name) ? undefined : Reflect.get(target, name)),
    // Without the receiver: process.env coerces what is set to a string and refuses other descriptors.
    set: (target, name, value) => Reflect.set(target, name, value),
    has: (target, name) => !hiddenFromInvocation(name) && Reflect.has(target, name),
    ownKeys: (target) => Reflect.ownKeys(target).filter((name) => !hiddenFromInvocation(name)),
    getOwnPropertyDescriptor: (target, name) =>
      hiddenFromInvocation(name) ? undefined : Reflect.getOwnPropertyDescriptor(target, name),
  });
}

/** Fails as AWS would when the running invocation's role does not allow all of `actions`. */
function authorize(actions: string[]): void {
  const grants = invocation.getStore();
  if (!grants) return; // the local runtime's own work (outbox poller, seed, local endpoints) is not a Lambda
  const denied = actions.find((action) => !grants.actions.includes(action));
  if (denied) throw new AccessDeniedException(grants.id, denied);
}

const servicePrefixes: Record<string, string> = {
  CognitoIdentityProviderClient: 'cognito-idp',
  DynamoDBClient: 'dynamodb',
  EventBridgeClient: 'events',
  SchedulerClient: 'scheduler',
  SecretsManagerClient: 'secretsmanager',
  SESv2Client: 'ses',
  SFNClient: 'states',
};

const transactionItemActions: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Get: 'dynamodb:GetItem',
};

/**
 * The IAM actions a command needs. A DynamoDB transaction has no action of its own: IAM checks the
 * action of each item in it (PutItem, UpdateItem, DeleteItem, ConditionCheckItem, GetItem).
 */
export function requiredActions(clientName: string, commandName: string, input: unknown): string[] {
  const operation = commandName.replace(/Command$/, '');
  const prefix = servicePrefixes[clientName] ?? `unknown-service(${clientName})`;
  if (prefix === 'dynamodb' && (operation === 'TransactWriteItems' || operation === 'TransactGetItems')) {
    const items = (input as { TransactItems?: Record<string, unknown>[] }).TransactItems ?? [];
    return [
      ...new Set(
        items.flatMap((item) => Object.keys(item).map((kind) => transactionItemActions[kind] ?? `dynamodb:${kind}`)),
      ),
    ];
  }
  return [`${prefix}:${operation}`];
}

let installed = false;

/**
 * An initialize-step middleware on every AWS SDK client (added on a client's first send) that checks
 * each command against the invocation's grants, and the same check on the local stand-ins that
 * handlers reach over HTTP instead of the SDK (the scheduler and the task-token callbacks).
 */
function installChecks(): void {
  if (installed) return;
  installed = true;
  installEnvironmentScope();
  const checkedStacks = new WeakSet<object>();
  const clientClasses = [
    CognitoIdentityProviderClient,
    DynamoDBClient,
    EventBridgeClient,
    SchedulerClient,
    SecretsManagerClient,
    SESv2Client,
    SFNClient,
  ];
  const basePrototypes = new Set(clientClasses.map((client) => Object.getPrototypeOf(client.prototype) as object));
  for (const prototype of basePrototypes) {
    const base = prototype as { send: (this: SdkClient, ...args: unknown[]) => unknown };
    const send = base.send;
    base.send = function (this: SdkClient, ...args: unknown[]) {
      if (!checkedStacks.has(this.middlewareStack)) {
        checkedStacks.add(this.middlewareStack);
        this.middlewareStack.add(
          (next, context) => async (request) => {
            authorize(requiredActions(context.clientName ?? '', context.commandName ?? '', request.input));
            return next(request);
          },
          { step: 'initialize', priority: 'high', name: 'relayLocalLeastPrivilege' },
        );
      }
      return send.apply(this, args);
    };
  }

  const fetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const standIns: [string | undefined, string][] = [
      [process.env.RELAY_LOCAL_SCHEDULER_URL, 'scheduler:CreateSchedule'],
      [process.env.RELAY_LOCAL_CALLBACKS_URL, 'states:SendTaskSuccess'],
    ];
    try {
      for (const [standIn, action] of standIns) if (standIn && url.startsWith(standIn)) authorize([action]);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return fetch(input, init);
  };
}

interface SdkClient {
  middlewareStack: {
    add(
      middleware: (
        next: (request: { input: unknown }) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (request: { input: unknown }) => Promise<unknown>,
      options: { step: 'initialize'; priority: 'high'; name: string },
    ): void;
  };
}
