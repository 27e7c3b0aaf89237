import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type EventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { eventSubscriptions } from '#functions/events/subscriptions.ts';
import type { StageConfig } from '../config/stage-config.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { grantSendEmail, RelayFunction } from './relay-function.ts';
import type { Timers } from './timers.ts';

/** The Lambdas of functions/events/subscriptions.ts, each behind a rule on the stage bus, retried, then parked in a DLQ. */
export class Subscribers extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      config: StageConfig;
      table: TableV2;
      bus: EventBus;
      appSecrets: ISecret;
      publicApiUrl: string;
      timers: Timers;
    },
  ) {
    super(scope, id);
    const deadLetters = deadLetterQueue(this, 'DeadLetters');
    for (const subscription of eventSubscriptions) {
      const fn = new RelayFunction(this, subscription.name, {
        entry: subscription.entry,
        description:
          `${subscription.name}: on ${JSON.stringify(subscription.pattern['detail-type'] ?? subscription.pattern.source)}`.slice(
            0,
            256,
          ),
        config: props.config,
        table: props.table,
        tableAccess: subscription.tableAccess,
        invocation: 'async',
        environment: {
          PUBLIC_API_URL: props.publicApiUrl,
          EMAIL_FROM: props.config.email.from,
          ...(subscription.usesAppSecrets ? { APP_SECRETS_ARN: props.appSecrets.secretArn } : {}),
          ...(subscription.usesSupportEmail && props.config.support
            ? { SUPPORT_ADDRESS: props.config.support.address }
            : {}),
        },
      });
      if (subscription.usesAppSecrets) props.appSecrets.grantRead(fn.function);
      if (subscription.sendsEmail)
        grantSendEmail(
          fn.function,
          props.config,
          subscription.usesSupportEmail ? (props.config.support?.address ?? props.config.email.from) : undefined,
        );
      if (subscription.setsTimers) props.timers.grantScheduling(fn.function);
      new Rule(this, `${subscription.name}-rule`, {
        eventBus: props.bus,
        eventPattern: {
          source: subscription.pattern.source as string[],
          detailType: subscription.pattern['detail-type'] as string[],
          ...(subscription.pattern.detail ? { detail: subscription.pattern.detail as Record<string, unknown> } : {}),
        },
        targets: [
          new LambdaFunction(fn.function, {
            deadLetterQueue: deadLetters,
            retryAttempts: 8,
            maxEventAge: Duration.hours(6),
          }),
        ],
      });
    }
  }
}
