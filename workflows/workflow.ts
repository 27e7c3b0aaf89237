/**
 * What a workflow is, for both CDK and the local runner: an ASL definition whose Task resources are
 * `${Placeholder}` substitutions, the handler module behind each placeholder, and the event that starts it.
 */
export type AslDefinition = Record<string, unknown> & { StartAt: string; States: Record<string, unknown> };

export interface WorkflowTask {
  /** Handler module relative to the repository root; exports `handler`. */
  entry: string;
  tableAccess: 'read' | 'readWrite';
  /** Sends email through SES (CDK grants it and sets EMAIL_FROM). */
  sendsEmail?: boolean;
  /** Sets one-time timers (CDK grants EventBridge Scheduler and names the timer targets). */
  setsTimers?: boolean;
  /** Reads the app secrets (signing keys). */
  usesAppSecrets?: boolean;
  /** Resumes waiting workflow states (SendTaskSuccess). */
  resumesWorkflows?: boolean;
}

/** An EventBridge event pattern (the subset we use: exact values, `exists`, nested detail). */
export type EventPattern = { [field: string]: (string | number | boolean | { exists: boolean })[] | EventPattern };

export interface Workflow {
  /** Stable name: the state machine's id in CDK and its name in the local runner. */
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: AslDefinition;
  /** Placeholder name (without ${}) → the Lambda task it stands for. */
  tasks: Record<string, WorkflowTask>;
  /** Domain events that start an execution; the event is the execution input, as EventBridge sends it. */
  startedBy?: EventPattern;
}

/** Lambda errors AWS recommends retrying on every Lambda task. */
export const lambdaTransientErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/** Throttling and contention outlasting the SDK's own retries (SES, DynamoDB, Scheduler): back off longer. */
export const throttlingErrors = [
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'TransactionCanceledException',
  'TimeoutError',
];

/** The Retry of every Lambda task: service errors briefly, throttling longer, both with full jitter. */
export const taskRetry = [
  { ErrorEquals: lambdaTransientErrors, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' },
  {
    ErrorEquals: throttlingErrors,
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    MaxDelaySeconds: 60,
    JitterStrategy: 'FULL',
  },
];
