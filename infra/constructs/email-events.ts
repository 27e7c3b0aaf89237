import { Duration, Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { RelayFunction } from './relay-function.ts';

/**
 * The SES configuration set that marketing mail goes through, publishing deliveries, opens, clicks,
 * bounces and complaints to EventBridge (SES publishes to the default bus), and the Lambda that turns
 * those of campaign emails into engagement or suppression.
 */
export class EmailEvents extends Construct {
  readonly configurationSetName: string;

  /** The name of a stage's marketing configuration set, for whoever sends through it before it is built. */
  static configurationSetNameFor(config: StageConfig): string {
    return `relay-${config.stage}-marketing`;
  }

  constructor(scope: Construct, id: string, props: { config: StageConfig; table: TableV2 }) {
    super(scope, id);
    this.configurationSetName = EmailEvents.configurationSetNameFor(props.config);
    const configurationSet = new ConfigurationSet(this, 'Marketing', {
      configurationSetName: this.configurationSetName,
    });
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(defaultBus),
      events: [
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.OPEN,
        EmailSendingEvent.CLICK,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
      ],
    });
    const feedback = new RelayFunction(this, 'SesFeedback', {
      entry: 'functions/events/ses-feedback.ts',
      description: 'SES events of campaign emails → engagement or suppression',
      config: props.config,
      table: props.table,
      tableAccess: 'readWrite',
      invocation: 'async',
    });
    new Rule(this, 'SesEvents', {
      eventBus: defaultBus,
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Delivered', 'Email Opened', 'Email Clicked', 'Email Bounced', 'Email Complaint Received'],
        account: [Stack.of(this).account],
      },
      targets: [
        new LambdaFunction(feedback.function, {
          deadLetterQueue: deadLetterQueue(this, 'DeadLetters'),
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
