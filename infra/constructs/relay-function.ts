import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { lambdaBundling } from '../bundling.ts';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { StageConfig } from '../config/stage-config.ts';
import { acknowledgeFunction } from '../nag/acknowledgements.ts';
import { asyncFailures } from './dead-letter-queue.ts';
import { repositoryRoot } from '../paths.ts';

export interface RelayFunctionProps {
  /** Handler module relative to the repository root (as routes and workflows name it). */
  entry: string;
  config: StageConfig;
  table: ITableV2;
  /** `none`: the function never touches the table (and is not told its name). */
  tableAccess: 'read' | 'readWrite' | 'none';
  description: string;
  environment?: Record<string, string>;
  /** A fixed name, for functions whose ARN must be known without referencing them (one that targets itself). */
  functionName?: string;
  /** `async`: invoked by EventBridge, Scheduler or SES; failures after Lambda's retries go to the AsyncFailures queue. */
  invocation?: 'sync' | 'async';
}

/** A Relay Lambda: the shared runtime, bundling, logging and tracing, with exactly the table access it declares. */
export class RelayFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: RelayFunctionProps) {
    super(scope, id);
    const { config } = props;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: config.functions.logRetentionDays,
      removalPolicy: config.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(repositoryRoot, props.entry),
      handler: 'handler',
      ...(props.functionName ? { functionName: props.functionName } : {}),
      description: props.description,
      // The newest Lambda runtime; the code also runs on Node 20 (the local stack and tests).
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: config.functions.memoryMb,
      timeout: Duration.seconds(config.functions.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup,
      projectRoot: repositoryRoot,
      depsLockFilePath: join(repositoryRoot, 'package-lock.json'),
      bundling: lambdaBundling,
      environment: {
        ...(props.tableAccess === 'none' ? {} : { TABLE_NAME: props.table.tableName }),
        POWERTOOLS_SERVICE_NAME: 'relay',
        POWERTOOLS_LOG_LEVEL: config.functions.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
    if (props.tableAccess === 'read') props.table.grantReadData(this.function);
    else if (props.tableAccess === 'readWrite') props.table.grantReadWriteData(this.function);
    const invocation = props.invocation ?? 'sync';
    if (invocation === 'async')
      this.function.configureAsyncInvoke({
        onFailure: new SqsDestination(asyncFailures(this)),
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      });
    acknowledgeFunction(this, invocation);
  }
}

/** Lets `fn` send email as the stage's sender identity, through the stage's marketing configuration set or none, nothing else. */
export function grantSendEmail(fn: NodejsFunction, config: StageConfig, from: string = config.email.from): void {
  const { account, region } = Stack.of(fn);
  const domain = from.replace(/^.*<|>.*$/g, '').split('@')[1] ?? '';
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        `arn:aws:ses:${region}:${account}:identity/${domain}`,
        `arn:aws:ses:${region}:${account}:configuration-set/relay-${config.stage}-marketing`,
      ],
    }),
  );
}
