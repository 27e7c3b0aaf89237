import { Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { timerTargetFunctions } from '#functions/timers/targets.ts';
import { timerTargetEnv } from '#functions/timers/timer-scheduler.ts';
import type { TimerTarget } from '#shared/scheduling/timers.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { grantSendEmail, RelayFunction } from './relay-function.ts';

/**
 * One-time timers on EventBridge Scheduler: a schedule group for the stage, the Lambda behind each
 * timer target, and the role Scheduler assumes to invoke exactly those Lambdas.
 */
export class Timers extends Construct {
  readonly groupName: string;
  private readonly role: Role;
  private readonly targets = new Map<TimerTarget, NodejsFunction>();

  constructor(scope: Construct, id: string, props: { config: StageConfig; table: TableV2; publicApiUrl: string }) {
    super(scope, id);
    this.groupName = `relay-${props.config.stage}-timers`;
    new CfnScheduleGroup(this, 'Group', { name: this.groupName });
    this.role = new Role(this, 'SchedulerRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }) });
    for (const [target, spec] of Object.entries(timerTargetFunctions) as [TimerTarget, (typeof timerTargetFunctions)[TimerTarget]][]) {
      const fn = new RelayFunction(this, target, {
        entry: spec.entry,
        description: `Timer target ${target}`,
        config: props.config,
        table: props.table,
        tableAccess: spec.tableAccess,
        environment: { EMAIL_FROM: props.config.email.from, PUBLIC_API_URL: props.publicApiUrl, LEAD_SLA_SECONDS: String(props.config.workflows.leadSlaSeconds) },
      }).function;
      if (spec.sendsEmail) grantSendEmail(fn, props.config);
      fn.grantInvoke(this.role);
      this.targets.set(target, fn);
    }
  }

  /** Lets `fn` set timers in the stage's group, passing only the Scheduler role, and tells it the targets. */
  grantScheduling(fn: NodejsFunction): void {
    const { account, region } = Stack.of(this);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [`arn:aws:scheduler:${region}:${account}:schedule/${this.groupName}/*`] }));
    this.role.grantPassRole(fn.role!);
    fn.addEnvironment('TIMER_GROUP_NAME', this.groupName);
    fn.addEnvironment('TIMER_ROLE_ARN', this.role.roleArn);
    for (const [target, targetFn] of this.targets) fn.addEnvironment(timerTargetEnv(target), targetFn.functionArn);
  }
}
