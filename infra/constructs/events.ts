import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Match, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { asyncFailures, deadLetterQueue } from './dead-letter-queue.ts';
import { RelayFunction } from './relay-function.ts';

/**
 * How the outbox sweeper runs: every `everyMinutes`, it relays pending items older than
 * `olderThanMinutes` (younger ones are the stream's); Monitoring alarms when the oldest pending event
 * is older than `alarmAfterMinutes`, i.e. sweeps are not getting it out either.
 */
export const outboxSweep = { everyMinutes: 5, olderThanMinutes: 5, alarmAfterMinutes: 15 } as const;

/**
 * The stage's event bus and the outbox relay that feeds it: DynamoDB Streams → relay Lambda →
 * PutEvents. Batches that keep failing land in a DLQ instead of blocking the stream; that DLQ holds
 * only shard metadata (Lambda's on-failure record for a stream source names the batch's sequence
 * numbers, not its records), so a scheduled sweeper relays what stayed pending.
 */
export class Events extends Construct {
  readonly bus: EventBus;
  readonly relayDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: { config: StageConfig; table: TableV2 }) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: `relay-${props.config.stage}` });
    // Every Relay event is archived, so a consumer that was down (or a new one) can be replayed to:
    // `aws events start-replay --event-source-arn <bus> --destination Arn=<bus>,FilterArns=<rule> ...`.
    this.bus.archive('Archive', {
      archiveName: `relay-${props.config.stage}-events`,
      description: 'Every Relay domain event, for replay',
      eventPattern: { source: Match.prefix('relay.') },
      retention: Duration.days(props.config.events.archiveRetentionDays),
    });
    this.relayDeadLetters = deadLetterQueue(this, 'RelayDeadLetters');
    const relay = new RelayFunction(this, 'OutboxRelay', {
      entry: 'functions/events/outbox-relay.ts',
      description: 'Publishes outbox items from the table stream to the event bus',
      config: props.config,
      table: props.table,
      tableAccess: 'readWrite',
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
    });
    this.bus.grantPutEventsTo(relay.function);
    relay.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        maxBatchingWindow: Duration.millis(0),
        bisectBatchOnError: true,
        retryAttempts: 8,
        onFailure: new SqsDlq(this.relayDeadLetters),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('OutboxEvent') } } },
          }),
        ],
      }),
    );

    // The sweeper: reads the pending index (a Query) and marks what it relays (UpdateItem), nothing else.
    const sweeper = new RelayFunction(this, 'OutboxSweeper', {
      entry: 'functions/events/outbox-sweeper.ts',
      description: 'Relays outbox items the stream relay left pending, and measures the oldest one',
      config: props.config,
      table: props.table,
      tableAccess: 'read',
      invocation: 'async',
      environment: {
        EVENT_BUS_NAME: this.bus.eventBusName,
        OUTBOX_SWEEP_AFTER_SECONDS: String(outboxSweep.olderThanMinutes * 60),
      },
    }).function;
    props.table.grant(sweeper, 'dynamodb:UpdateItem');
    props.table.encryptionKey?.grantEncrypt(sweeper);
    this.bus.grantPutEventsTo(sweeper);
    new Rule(this, 'OutboxSweepSchedule', {
      description: `Sweeps the outbox every ${outboxSweep.everyMinutes} minutes`,
      schedule: Schedule.rate(Duration.minutes(outboxSweep.everyMinutes)),
      targets: [
        new LambdaFunction(sweeper, {
          deadLetterQueue: asyncFailures(this),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(outboxSweep.everyMinutes),
        }),
      ],
    });
  }
}
