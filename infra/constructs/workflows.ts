import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type EventBus } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { allWorkflows } from '#workflows/index.ts';
import type { Workflow } from '#workflows/workflow.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { grantSendEmail, RelayFunction } from './relay-function.ts';
import type { Timers } from './timers.ts';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';

interface WorkflowsProps {
  config: StageConfig;
  table: TableV2;
  bus: EventBus;
  timers: Timers;
  publicApiUrl: string;
  appSecrets: ISecret;
  /** The SES configuration set marketing mail goes through. */
  marketingConfigurationSet: string;
  /** Functions outside the workflows that resume waiting states (the survey answer page). */
  workflowResumers: IGrantable[];
}

/**
 * Deploys every workflow of workflows/ exactly as defined there: the ASL goes in unchanged and its
 * `${Placeholder}` task resources are filled with the ARNs of the functions the workflow names.
 * A workflow with `startedBy` gets an EventBridge rule on the stage's bus.
 */
export class Workflows extends Construct {
  readonly stateMachines = new Map<string, StateMachine>();

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const failedStarts = deadLetterQueue(this, 'FailedStarts');
    for (const workflow of allWorkflows(props.config.workflows)) {
      const stateMachine = this.deploy(workflow, props);
      this.stateMachines.set(workflow.name, stateMachine);
      if (workflow.startedBy) {
        const { source, 'detail-type': detailType, detail, ...rest } = workflow.startedBy;
        if (Object.keys(rest).length)
          throw new Error(`${workflow.name}: startedBy may only use source, detail-type and detail`);
        new Rule(this, `${workflow.name}-trigger`, {
          eventBus: props.bus,
          eventPattern: {
            ...(source ? { source: source as string[] } : {}),
            ...(detailType ? { detailType: detailType as string[] } : {}),
            ...(detail ? { detail: detail as Record<string, unknown> } : {}),
          },
          targets: [
            new SfnStateMachine(stateMachine, {
              deadLetterQueue: failedStarts,
              retryAttempts: 10,
              maxEventAge: Duration.hours(24),
            }),
          ],
        });
      }
    }
  }

  private deploy(workflow: Workflow, props: WorkflowsProps): StateMachine {
    const scope = new Construct(this, workflow.name);
    const substitutions: Record<string, string> = {};
    const functions = Object.entries(workflow.tasks).map(([placeholder, task]) => {
      const fn = new RelayFunction(scope, placeholder.replace(/FunctionArn$|Arn$/, ''), {
        entry: task.entry,
        description: `${workflow.name} task`,
        config: props.config,
        table: props.table,
        tableAccess: task.tableAccess,
        environment: {
          LEAD_SLA_SECONDS: String(props.config.workflows.leadSlaSeconds),
          ...(task.sendsEmail
            ? {
                EMAIL_FROM: props.config.email.from,
                PUBLIC_API_URL: props.publicApiUrl,
                SES_CONFIGURATION_SET: props.marketingConfigurationSet,
                ...(props.config.email.replyTo ? { EMAIL_REPLY_TO: props.config.email.replyTo } : {}),
              }
            : {}),
          ...(task.usesAppSecrets ? { APP_SECRETS_ARN: props.appSecrets.secretArn } : {}),
          ...(task.setsTimers ? { SES_SENDS_PER_SECOND: String(props.config.email.sendsPerSecond) } : {}),
        },
      });
      if (task.usesAppSecrets) props.appSecrets.grantRead(fn.function);
      if (task.sendsEmail) grantSendEmail(fn.function, props.config);
      if (task.setsTimers) props.timers.grantScheduling(fn.function);
      substitutions[placeholder] = fn.function.functionArn;
      return fn.function;
    });
    const stateMachine = new StateMachine(scope, 'StateMachine', {
      stateMachineName: `relay-${props.config.stage}-${workflow.name}`,
      stateMachineType: workflow.type === 'EXPRESS' ? StateMachineType.EXPRESS : StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(workflow.definition)),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(scope, 'Logs', {
          retention: props.config.functions.logRetentionDays,
          removalPolicy: props.config.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        }),
        // Every state transition is logged (Express executions keep no other history); execution data
        // is not, because inputs and outputs can hold personal data.
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    for (const fn of functions) fn.grantInvoke(stateMachine);
    // Only state machines with callback states can be resumed, and only by those who resume them. The
    // ARN is built from the fixed name: the machine's own tasks cannot reference it without a cycle.
    if (JSON.stringify(workflow.definition).includes('.waitForTaskToken')) {
      const resumingTasks = Object.values(workflow.tasks).flatMap((task, index) =>
        task.resumesWorkflows && functions[index] ? [functions[index]] : [],
      );
      const arn = Stack.of(this).formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: `relay-${props.config.stage}-${workflow.name}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      for (const resumer of [...resumingTasks, ...props.workflowResumers]) {
        resumer.grantPrincipal.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
            resources: [arn],
          }),
        );
      }
    }
    return stateMachine;
  }
}
