import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { timerTargetSpecs, type TimerTargetSpec } from '#functions/timers/targets.ts';
import { timerTargetEnv } from '#functions/timers/timer-scheduler.ts';
import type { TimerTarget } from '#shared/scheduling/timers.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { grantSendEmail, RelayFunction } from './relay-function.ts';

/**
 * One-time timers on EventBridge Scheduler: a schedule group for the stage, the Lambda behind each
 * Lambda target, and the role Scheduler assumes to invoke exactly those Lambdas and start exactly
 * the target workflows.
 */
export class Timers extends Construct {
  readonly groupName: string;
  private readonly role: Role;
  /** Target → the ARN Scheduler invokes (a Lambda) or starts (a state machine). */
  private readonly targetArns = new Map<TimerTarget, string>();
  private readonly workflowArns: string[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: { config: StageConfig; table: TableV2; publicApiUrl: string; appSecrets: ISecret },
  ) {
    super(scope, id);
    this.groupName = `relay-${props.config.stage}-timers`;
    new CfnScheduleGroup(this, 'Group', { name: this.groupName });
    const settingTimers: NodejsFunction[] = [];
    this.role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    for (const [target, spec] of Object.entries(timerTargetSpecs) as [TimerTarget, TimerTargetSpec][]) {
      if (spec.kind === 'workflow') {
        // Built from the state machine's fixed name, not a reference: the workflow's own tasks set
        // these timers, and a reference would make the state machine depend on itself.
        const arn = Stack.of(this).formatArn({
          service: 'states',
          resource: 'stateMachine',
          resourceName: `relay-${props.config.stage}-${spec.workflow}`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
        this.role.addToPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [arn] }));
        this.targetArns.set(target, arn);
        this.workflowArns.push(arn);
        continue;
      }
      // Named, so its ARN is known without a reference: a retry target sets timers that fire itself.
      const functionName = `relay-${props.config.stage}-timer-${target}`;
      const fn = new RelayFunction(this, target, {
        entry: spec.entry,
        functionName,
        description: `Timer target ${target}`,
        config: props.config,
        table: props.table,
        tableAccess: spec.tableAccess,
        invocation: 'async',
        environment: {
          EMAIL_FROM: props.config.email.from,
          PUBLIC_API_URL: props.publicApiUrl,
          LEAD_SLA_SECONDS: String(props.config.workflows.leadSlaSeconds),
          ...(spec.usesAppSecrets ? { APP_SECRETS_ARN: props.appSecrets.secretArn } : {}),
        },
      }).function;
      if (spec.sendsEmail) grantSendEmail(fn, props.config);
      if (spec.usesAppSecrets) props.appSecrets.grantRead(fn);
      if (spec.setsTimers) settingTimers.push(fn);
      fn.grantInvoke(this.role);
      this.targetArns.set(
        target,
        Stack.of(this).formatArn({
          service: 'lambda',
          resource: 'function',
          resourceName: functionName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      );
    }
    // A retry sets the next retry's timer: granted once every target is known.
    for (const fn of settingTimers) this.grantScheduling(fn);
  }

  /** Lets `fn` set timers in the stage's group, passing only the Scheduler role, and tells it the targets. */
  grantScheduling(fn: NodejsFunction): void {
    const { account, region } = Stack.of(this);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule'],
        resources: [`arn:aws:scheduler:${region}:${account}:schedule/${this.groupName}/*`],
      }),
    );
    this.role.grantPassRole(fn.role!);
    fn.addEnvironment('TIMER_GROUP_NAME', this.groupName);
    fn.addEnvironment('TIMER_ROLE_ARN', this.role.roleArn);
    for (const [target, arn] of this.targetArns) fn.addEnvironment(timerTargetEnv(target), arn);
    // A workflow due within the minute is started directly rather than scheduled.
    if (this.workflowArns.length)
      fn.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: this.workflowArns }));
  }
}
