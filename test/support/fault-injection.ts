import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type DocumentCommand =
  | typeof GetCommand
  | typeof PutCommand
  | typeof UpdateCommand
  | typeof DeleteCommand
  | typeof QueryCommand
  | typeof TransactWriteCommand
  | typeof TransactGetCommand
  | typeof BatchGetCommand
  | typeof BatchWriteCommand;
const documentCommands: DocumentCommand[] = [
  GetCommand,
  PutCommand,
  UpdateCommand,
  DeleteCommand,
  QueryCommand,
  TransactWriteCommand,
  TransactGetCommand,
  BatchGetCommand,
  BatchWriteCommand,
];

/**
 * Where a fault strikes: before the call reaches DynamoDB (nothing written), after it committed (a
 * crash before the caller learns), or as another writer that gets in just before the call.
 */
export type Fault = { before: Error } | { after: Error } | { interleave: () => Promise<unknown> };

/** Decides, per call, whether to inject a fault; `command` is the lib-dynamodb command's name. */
export type FaultPlan = (command: string, input: Record<string, unknown>) => Fault | undefined;

/** Throttling that outlasted the SDK's own retries, as DynamoDB reports it. */
export const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'Rate of requests exceeds the allowed throughput (injected)',
    $metadata: {},
  });

/** A task's Lambda dying mid-invocation (Step Functions reports it as Lambda.ServiceException, which every task retries). */
export const lambdaCrash = () =>
  Object.assign(new Error('The Lambda died mid-invocation (injected)'), { name: 'Lambda.ServiceException' });

/**
 * Every DynamoDBDocumentClient in this process (the test's and the handlers') goes on to DynamoDB
 * Local as usual, except for the calls `plan` picks, which fail before or after the real call.
 * `injected` counts the faults; `restore` puts the real client back.
 */
export function injectDynamoDbFaults(plan: FaultPlan) {
  const realSend = Object.getPrototypeOf(DynamoDBDocumentClient.prototype).send as (
    this: DynamoDBDocumentClient,
    command: unknown,
  ) => Promise<unknown>;
  const mock = mockClient(DynamoDBDocumentClient);
  const faults = { injected: 0 };
  for (const Command of documentCommands) {
    mock
      .on(Command as typeof GetCommand)
      .callsFake(async (input: Record<string, unknown>, getClient: () => DynamoDBDocumentClient) => {
        const fault = plan(Command.name, input);
        if (fault) faults.injected++;
        if (fault && 'before' in fault) throw fault.before;
        if (fault && 'interleave' in fault) await fault.interleave();
        const output = await realSend.call(getClient(), new Command(input as never));
        if (fault && 'after' in fault) throw fault.after;
        return output;
      });
  }
  return { faults, restore: () => mock.restore() };
}

/** The detail of the outbox item of `detailType` a TransactWrite puts (the write that publishes it), if any. */
export function eventWritten(input: Record<string, unknown>, detailType: string): Record<string, unknown> | undefined {
  const items = (input.TransactItems ?? []) as { Put?: { Item?: Record<string, unknown> } }[];
  return items.find((item) => item.Put?.Item?.detailType === detailType)?.Put?.Item?.detail as
    Record<string, unknown> | undefined;
}

/** True when a TransactWrite puts an outbox item of `detailType`. */
export const writesEvent = (input: Record<string, unknown>, detailType: string): boolean =>
  eventWritten(input, detailType) !== undefined;
