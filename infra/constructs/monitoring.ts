import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { outboxSweep } from './events.ts';
import { pathInStage } from './stage-scope.ts';

/** SES pauses sending above these (AWS's published review thresholds are 5 % bounces and 0.1 % complaints); alarm at them. */
export const sesThresholds = { bounceRate: 0.05, complaintRate: 0.001 } as const;

const fiveMinutes = Duration.minutes(5);

/**
 * Alarms on everything that can fail quietly, to one SNS topic (emailed when the stage names an
 * address), and a dashboard: every function's errors and throttles, every queue's depth (they all
 * hold failures), every state machine's failed and timed-out executions, the API's 5xx, and the
 * account's SES bounce and complaint rates. Built last, from the stack's own constructs and those of
 * its nested stacks, so a new function or queue is monitored without anyone remembering to.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: { config: StageConfig; api: HttpApi }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new Topic(this, 'Alarms', {
      topicName: `relay-${props.config.stage}-alarms`,
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    if (props.config.alarms.email)
      this.topic.addSubscription(
        new EmailSubscription(props.config.alarms.email, {
          deadLetterQueue: deadLetterQueue(this, 'UndeliveredAlarmEmails'),
        }),
      );
    // Every construct of the stage, nested stacks included (a function in one is referenced through its output).
    const all = stack.node.findAll();
    const functions = all.filter(
      (node): node is LambdaFunction => node instanceof LambdaFunction && !node.node.path.includes('/Custom::'),
    );
    const queues = all.filter((node): node is Queue => node instanceof Queue);
    const machines = all.filter((node): node is StateMachine => node instanceof StateMachine);

    const name = (construct: Construct) => pathInStage(construct).replace(/\/(Function|Resource|StateMachine)$/, '');
    // Ten functions per alarm (a metric-math alarm takes at most ten metrics): one alarm per function
    // would take the stack past CloudFormation's 500 resources. The description names them.
    for (let start = 0; start < functions.length; start += 10) {
      const group = functions.slice(start, start + 10);
      const names = group.map((fn) => name(fn)).join(', ');
      const sumOf = (metric: (fn: LambdaFunction) => IMetric) =>
        new MathExpression({
          expression: `SUM([${group.map((_, index) => `m${index}`).join(',')}])`,
          usingMetrics: Object.fromEntries(group.map((fn, index) => [`m${index}`, metric(fn)])),
          period: fiveMinutes,
        });
      this.alarm(
        `Errors in ${names}`,
        sumOf((fn) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' })),
        1,
      );
      this.alarm(
        `Throttles in ${names}`,
        sumOf((fn) => fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' })),
        1,
      );
    }
    for (const queue of queues)
      this.alarm(
        `${name(queue)} has messages`,
        queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
        1,
      );
    for (const machine of machines) {
      this.alarm(
        `${name(machine)} failed executions`,
        machine.metricFailed({ period: fiveMinutes, statistic: 'Sum' }),
        1,
      );
      this.alarm(
        `${name(machine)} timed-out executions`,
        machine.metricTimedOut({ period: fiveMinutes, statistic: 'Sum' }),
        1,
      );
    }
    const api5xx = new Metric({
      namespace: 'AWS/ApiGateway',
      metricName: '5xx',
      dimensionsMap: { ApiId: props.api.apiId },
      period: fiveMinutes,
      statistic: 'Sum',
    });
    this.alarm('API 5xx responses', api5xx, 5);
    const bounceRate = new Metric({
      namespace: 'AWS/SES',
      metricName: 'Reputation.BounceRate',
      period: Duration.hours(1),
      statistic: 'Maximum',
    });
    const complaintRate = new Metric({
      namespace: 'AWS/SES',
      metricName: 'Reputation.ComplaintRate',
      period: Duration.hours(1),
      statistic: 'Maximum',
    });
    // Published by the outbox sweeper every run (functions/events/outbox-sweeper.ts, Powertools Metrics/EMF).
    const oldestPending = new Metric({
      namespace: 'Relay',
      metricName: 'OutboxOldestPendingAgeSeconds',
      dimensionsMap: { service: 'relay' },
      period: fiveMinutes,
      statistic: 'Maximum',
    });
    this.alarm(
      `Oldest pending outbox event older than ${outboxSweep.alarmAfterMinutes} minutes (events not reaching the bus)`,
      oldestPending,
      outboxSweep.alarmAfterMinutes * 60,
    );
    this.alarm('SES bounce rate at the 5 % review threshold', bounceRate, sesThresholds.bounceRate);
    this.alarm('SES complaint rate at the 0.1 % review threshold', complaintRate, sesThresholds.complaintRate);

    const graph = (title: string, metrics: IMetric[]) =>
      new GraphWidget({ title, left: metrics, width: 12, height: 6 });
    new Dashboard(this, 'Dashboard', { dashboardName: `relay-${props.config.stage}` }).addWidgets(
      graph('API requests and 5xx', [
        new Metric({
          namespace: 'AWS/ApiGateway',
          metricName: 'Count',
          dimensionsMap: { ApiId: props.api.apiId },
          period: fiveMinutes,
          statistic: 'Sum',
        }),
        api5xx,
      ]),
      graph('API latency p99 (ms)', [
        new Metric({
          namespace: 'AWS/ApiGateway',
          metricName: 'Latency',
          dimensionsMap: { ApiId: props.api.apiId },
          period: fiveMinutes,
          statistic: 'p99',
        }),
      ]),
      graph(
        'Function errors',
        functions.map((fn) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: name(fn) })),
      ),
      graph(
        'Function throttles',
        functions.map((fn) => fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum', label: name(fn) })),
      ),
      graph(
        'Workflow executions failed',
        machines.map((machine) =>
          machine.metricFailed({ period: fiveMinutes, statistic: 'Sum', label: name(machine) }),
        ),
      ),
      graph(
        'Failures parked in queues',
        queues.map((queue) =>
          queue.metricApproximateNumberOfMessagesVisible({
            period: fiveMinutes,
            statistic: 'Maximum',
            label: name(queue),
          }),
        ),
      ),
      graph('SES bounce and complaint rates', [bounceRate, complaintRate]),
      // Emitted by the outbox relay (functions/observability.ts): every domain event, once, by type.
      graph(
        'Business events',
        ['Lead Received', 'Lead Assigned', 'Deal Won', 'Email Sent', 'Email Bounced', 'Survey Response Received'].map(
          (detailType) =>
            new Metric({
              namespace: 'Relay',
              metricName: 'EventsPublished',
              dimensionsMap: { service: 'relay', detailType },
              period: Duration.hours(1),
              statistic: 'Sum',
              label: detailType,
            }),
        ),
      ),
    );
  }

  private alarm(description: string, metric: IMetric, threshold: number): void {
    const alarm = new Alarm(this, `Alarm${this.alarms.length}`, {
      alarmDescription: description.slice(0, 1024),
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
