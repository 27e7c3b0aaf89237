import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Match } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { RelayFunction } from './relay-function.ts';

/**
 * The stage's event bus and the outbox relay that feeds it: DynamoDB Streams → relay Lambda →
 * PutEvents. Batches that keep failing land in a DLQ instead of blocking the stream.
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
  }
}
